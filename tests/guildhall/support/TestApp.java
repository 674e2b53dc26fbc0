package guildhall.support;

import guildhall.Main;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Guildhall, deployed in this JVM with its real verticles, on a free port with a fresh
 * database. Tests talk to it over HTTP and SSE only, as a client would.
 */
public final class TestApp implements AutoCloseable {
  private final Vertx vertx;
  private final int port;
  /** Whether closing this app drops its database (a cluster's nodes share one, dropped by nobody). */
  private boolean ownsDatabase;
  public final Path dir;
  public final String databaseUrl;

  /** The permissions verticle's self-check: its memory against a fresh load from the database. */
  public io.vertx.core.json.JsonObject permissionsSelfCheck() {
    return vertx.eventBus().<io.vertx.core.json.JsonObject>request(guildhall.Addresses.PERMISSIONS_SELF_CHECK,
        new io.vertx.core.json.JsonObject()).await().body();
  }

  private TestApp(Vertx vertx, int port, Path dir, String databaseUrl) {
    this.vertx = vertx;
    this.port = port;
    this.dir = dir;
    this.databaseUrl = databaseUrl;
  }

  public static TestApp start() {
    return start(Backend.SQLITE, new JsonObject());
  }

  public static TestApp start(Backend backend) {
    return start(backend, new JsonObject());
  }

  /** {@code overrides} is merged over the test configuration, section by section. */
  public static TestApp start(Backend backend, JsonObject overrides) {
    try {
      Path dir = Files.createTempDirectory("guildhall-test");
      String url = backend.freshDatabaseUrl(dir);
      int port = freePort();
      JsonObject config = baseConfig(port, url);
      for (String section : overrides.fieldNames()) {
        config.put(section, config.getJsonObject(section, new JsonObject()).mergeIn(overrides.getJsonObject(section)));
      }
      Vertx vertx = Main.startVertx(config).await(); // as production starts it: with its metrics
      Main.deploy(vertx, config).await();
      TestApp app = new TestApp(vertx, port, dir, url);
      app.ownsDatabase = true;
      return app;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Several clustered nodes (Hazelcast over TCP on loopback) on one fresh PostgreSQL database, each
   * with its own HTTP port and snowflake node id, started as production starts them ({@link Main#startVertx}).
   */
  public static java.util.List<TestApp> cluster(int nodes) {
    return cluster(nodes, new JsonObject());
  }

  /** As {@link #cluster(int)}, with {@code overrides} merged over every node's configuration. */
  public static java.util.List<TestApp> cluster(int nodes, JsonObject overrides) {
    try {
      Path dir = Files.createTempDirectory("guildhall-cluster");
      String url = Backend.POSTGRES.freshDatabaseUrl(dir);
      int[] hazelcastPorts = new int[nodes];
      StringBuilder members = new StringBuilder();
      for (int i = 0; i < nodes; i++) {
        hazelcastPorts[i] = freePort();
        members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(hazelcastPorts[i]);
      }
      java.util.List<java.util.concurrent.CompletableFuture<TestApp>> starting = new java.util.ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        int node = i;
        starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            int port = freePort();
            JsonObject config = baseConfig(port, url);
            config.getJsonObject("node").put("id", node + 1);
            config.put("cluster", new JsonObject().put("members", members.toString()).put("host", "127.0.0.1")
                .put("port", hazelcastPorts[node]).put("name", "guildhall-test-" + dir.getFileName()));
            config.mergeIn(overrides, true);
            Vertx vertx = Main.startVertx(config).await();
            Main.deploy(vertx, config).await();
            return new TestApp(vertx, port, dir, url);
          } catch (Exception e) {
            throw new IllegalStateException("cluster node " + node + " failed to start", e);
          }
        }));
      }
      java.util.List<TestApp> apps = new java.util.ArrayList<>();
      for (var f : starting) {
        apps.add(f.join());
      }
      return apps;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject baseConfig(int port, String databaseUrl) {
    return new JsonObject()
        .put("http", new JsonObject().put("port", port).put("host", "127.0.0.1").put("instances", 2))
        // No admin listener: many servers run at once here; MetricsTest turns it on, on a free port.
        .put("admin", new JsonObject().put("port", 0))
        .put("database", new JsonObject().put("url", databaseUrl).put("readers", 2).put("pg_pool", 4))
        .put("node", new JsonObject().put("id", 1))
        .put("sse", new JsonObject().put("heartbeat_ms", 15_000).put("max_queue_bytes", 1 << 20))
        .put("store", new JsonObject().put("max_batch", 1000))
        .put("auth", new JsonObject().put("pbkdf2_iterations", 1000)) // tests need no brute-force resistance
        // Tests send hundreds of messages a second as one user; RateLimitTest and the browser's turn limits on.
        .put("rate_limits", new JsonObject().put("enabled", false));
  }

  public static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public ApiClient client() {
    return new ApiClient(baseUrl());
  }

  /** Closes every SSE stream on the server, as a network failure would; returns how many there were. */
  public int dropAllStreams() {
    return vertx.eventBus().<Integer>request(guildhall.Addresses.FANOUT_DROP_ALL, null).await().body();
  }

  @Override
  public void close() {
    vertx.close().await();
    if (ownsDatabase) {
      Backend.dropIfPostgres(databaseUrl);
    }
  }
}
