package guildhall;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run for class-data sharing: {@code bin/class-data} runs the jar once with
 * {@code --train-cds -XX:ArchiveClassesAtExit=...}; this starts Guildhall on a throw-away database,
 * walks the common requests (login, guild, message, history, snapshot, stream) and exits; the JVM then
 * writes the classes it loaded to an archive that later starts map instead of loading (start to first
 * request ~1.4 s -> ~1.0 s on the project's 2-core machines).
 */
final class CdsTraining {
  private CdsTraining() {}

  static void run() {
    try {
      train();
    } catch (Throwable failure) {
      // Vert.x's threads are not daemons: without this exit a failed run would wait forever, and
      // bin/class-data (and bin/bench, bin/guildhall behind it) with it.
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void train() throws Exception {
    Path dir = Files.createTempDirectory("guildhall-cds");
    int port = freePort();
    JsonObject config = Config.load(null, java.util.Map.of());
    config.getJsonObject("http").put("port", port).put("host", "127.0.0.1");
    // The admin listener on a free port too: a Guildhall already running here holds 9090, and the
    // start under training should load the admin verticle's classes as a real start does.
    config.getJsonObject("admin").put("port", freePort());
    config.getJsonObject("database").put("url", "jdbc:sqlite:" + dir.resolve("training.db"));
    config.getJsonObject("auth").put("pbkdf2_iterations", 1000);
    // Vert.x as Main starts it (Micrometer and its Prometheus registry included), so their classes are archived too.
    Vertx vertx = Main.startVertx(config).await();
    Main.deploy(vertx, config).await();
    HttpClient http = vertx.createHttpClient();
    JsonObject login = call(http, port, HttpMethod.POST, "/api/v1/auth/login", null, new JsonObject().put("username", "cds_training")).await();
    String token = login.getString("token");
    JsonObject guild = call(http, port, HttpMethod.POST, "/api/v1/guilds", token, new JsonObject().put("name", "training")).await();
    String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    call(http, port, HttpMethod.POST, "/api/v1/channels/" + channel + "/messages", token, new JsonObject().put("content", "hello")).await();
    call(http, port, HttpMethod.GET, "/api/v1/channels/" + channel + "/messages", token, null).await();
    call(http, port, HttpMethod.GET, "/api/v1/snapshot", token, null).await();
    // The stream as the browser opens it: with a single-use ticket, not the token, in the URL.
    JsonObject ticket = call(http, port, HttpMethod.POST, "/api/v1/auth/stream-ticket", token, null).await();
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setPort(port).setHost("127.0.0.1")
            .setURI("/api/v1/updates?ticket=" + ticket.getString("ticket")))
        .compose(request -> request.send())
        // Its classes are loaded once it answers; whether the close is seen to end cleanly does not matter.
        .compose(response -> response.request().connection().close().recover(closed -> Future.succeededFuture())).await();
    vertx.close().await();
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Future<JsonObject> call(HttpClient http, int port, HttpMethod method, String uri, String token, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setPort(port).setHost("127.0.0.1").setURI(uri);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body())
        .map(Buffer::toString)
        .map(text -> text.startsWith("{") ? new JsonObject(text) : new JsonObject());
  }
}
