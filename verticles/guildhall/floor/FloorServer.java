package guildhall.floor;

import guildhall.Snowflake;
import guildhall.store.GroupCommit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The benchmark's floor for sending a message (bin/bench --scenario floor): what the same work costs with
 * nothing of Guildhall around it. It takes {@code POST /api/v1/channels/{id}/messages} with the body the
 * send scenario posts, parses it with Vert.x's JSON (Jackson), inserts one row into a fresh SQLite file
 * through Guildhall's own group commit ({@link GroupCommit}, the same batching and transactions), and
 * answers 200 with the stored message. No authentication, no validation, no event bus, no event row.
 * Everything runs on one event loop, where the group commit needs its writes to arrive.
 *
 * <pre>java -cp target/guildhall.jar guildhall.floor.FloorServer --port 8090 --db /tmp/floor.db</pre>
 */
public final class FloorServer {
  /** As Guildhall's store.max_batch default. */
  private static final int MAX_BATCH = 1000;
  private static final String PREFIX = "/api/v1/channels/";
  private static final String SUFFIX = "/messages";
  private static final String INSERT = "INSERT INTO messages (id, channel_id, content, nonce, created_at) VALUES (?, ?, ?, ?, ?)";

  private FloorServer() {}

  public static void main(String[] args) {
    int port = 8090;
    String db = "floor.db";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--db" -> db = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--port P --db FILE)");
      }
    }
    int listen = port;
    String file = db;
    deploy(Vertx.vertx(), listen, file)
        .onSuccess(id -> System.out.println("floor listening on " + listen + ", SQLite " + file))
        .onFailure(failure -> {
          org.slf4j.LoggerFactory.getLogger(FloorServer.class).error("Could not start", failure);
          System.exit(1);
        });
  }

  /** The floor on {@code port}, writing to the SQLite file {@code file}; what main runs, and the floor's test. */
  public static Future<String> deploy(Vertx vertx, int port, String file) {
    // A verticle, so that the HTTP server and the group commit share one event loop.
    return vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        Pool writer = writer(vertx, file);
        Snowflake ids = new Snowflake(0);
        GroupCommit writes = new GroupCommit(vertx, writer, ids, false, MAX_BATCH);
        return writer.query("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, channel_id INTEGER NOT NULL, "
                + "content TEXT NOT NULL, nonce TEXT, created_at INTEGER NOT NULL)").execute()
            .compose(created -> vertx.createHttpServer(new HttpServerOptions().setPort(port).setTcpNoDelay(true))
                .requestHandler(request -> handle(request, writes, ids))
                .listen());
      }
    });
  }

  /** One writer on the file, with the settings Guildhall's store opens SQLite with (store/Database). */
  private static Pool writer(Vertx vertx, String file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(1).setName("floor-writer"));
  }

  private static void handle(HttpServerRequest request, GroupCommit writes, Snowflake ids) {
    String path = request.path();
    if (request.method() != HttpMethod.POST || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
      request.response().setStatusCode(404).end();
      return;
    }
    long channelId;
    try {
      channelId = Long.parseLong(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body()
        .compose(body -> {
          JsonObject posted = body.toJsonObject();
          String content = posted.getString("content");
          String nonce = posted.getString("nonce");
          // The id is made inside the write, as Guildhall's store makes it: the group commit keeps its id floor.
          return writes.submitWithoutEvents(conn -> {
            long id = ids.next();
            long now = System.currentTimeMillis();
            return conn.preparedQuery(INSERT).execute(Tuple.of(id, channelId, content, nonce, now))
                .map(inserted -> new JsonObject().put("id", Long.toString(id)).put("channel_id", Long.toString(channelId))
                    .put("content", content).put("nonce", nonce).put("created_at", now));
          });
        })
        .onSuccess(message -> request.response().putHeader("Content-Type", "application/json").end(message.toBuffer()))
        .onFailure(failure -> request.response().setStatusCode(500).end(String.valueOf(failure)));
  }
}
