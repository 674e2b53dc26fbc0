package guildhall.support;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A cluster as an operator starts it: {@code bin/cluster start N}, so N Guildhall processes on one fresh
 * PostgreSQL database behind a real nginx, on ports of their own. The script runs the nodes from this
 * test's classes ({@code GUILDHALL_CLUSTER_CLASSPATH}), there being no jar during {@code mvn test}.
 * nginx absent: skip, except under {@code CI=true}, where it fails.
 */
public final class LocalCluster implements AutoCloseable {
  public final int nodes;
  private final int portBase;
  private final Path state;
  private final String databaseUrl;
  private final ProcessBuilder script;

  private LocalCluster(int nodes, int portBase, Path state, String databaseUrl, ProcessBuilder script) {
    this.nodes = nodes;
    this.portBase = portBase;
    this.state = state;
    this.databaseUrl = databaseUrl;
    this.script = script;
  }

  /** Starts {@code nodes} nodes and nginx, with {@code settings} merged over every node's configuration. */
  public static LocalCluster start(int nodes, JsonObject settings) throws Exception {
    requireNginx();
    Path state = Files.createTempDirectory("guildhall-cluster");
    String url = Backend.POSTGRES.freshDatabaseUrl(state);
    int portBase = freeRun(nodes + 1);
    int hazelcastBase = freeRun(nodes + 1);
    ProcessBuilder script = new ProcessBuilder().redirectErrorStream(true);
    script.environment().put("GUILDHALL_CLUSTER_STATE", state.toString());
    script.environment().put("GUILDHALL_CLUSTER_PORT_BASE", Integer.toString(portBase));
    script.environment().put("GUILDHALL_CLUSTER_HZ_BASE", Integer.toString(hazelcastBase));
    script.environment().put("GUILDHALL_CLUSTER_ADMIN_BASE", Integer.toString(freeRun(nodes + 1))); // each node's /metrics
    script.environment().put("GUILDHALL_CLUSTER_CLASSPATH", System.getProperty("java.class.path"));
    script.environment().put("GUILDHALL_DATABASE_URL", url);
    script.environment().put("GUILDHALL_CONFIG", new JsonObject()
        .put("auth", new JsonObject().put("pbkdf2_iterations", 1000))
        .put("rate_limits", new JsonObject().put("enabled", false))
        .mergeIn(settings, true).encode());
    LocalCluster cluster = new LocalCluster(nodes, portBase, state, url, script);
    String output = cluster.run("start", Integer.toString(nodes));
    if (!output.contains("-> " + nodes + " nodes")) {
      throw new AssertionError("bin/cluster start " + nodes + " did not report its nodes:\n" + output);
    }
    return cluster;
  }

  /** nginx's address: what clients use. */
  public ApiClient viaNginx() {
    return new ApiClient("http://127.0.0.1:" + portBase);
  }

  /** Node {@code n}'s own address (1-based). */
  public ApiClient node(int n) {
    return new ApiClient("http://127.0.0.1:" + (portBase + n));
  }

  /** The pid bin/cluster recorded for node {@code n}. */
  public long pid(int n) throws IOException {
    return Long.parseLong(Files.readString(state.resolve("node" + n + ".pid")).trim());
  }

  /** SIGKILL to node {@code n}: no shutdown hook, no goodbye to the cluster. */
  public void kill(int n) throws Exception {
    ProcessHandle.of(pid(n)).ifPresent(ProcessHandle::destroyForcibly);
    ProcessHandle.of(pid(n)).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
  }

  /** Starts node {@code n} again after it died ({@code bin/cluster restart-node}), and waits until it is ready. */
  public void restart(int n) throws Exception {
    run("restart-node", Integer.toString(n));
  }

  /** A plain JDBC connection to the cluster's database: for a test that holds locks as a slow transaction would. */
  public java.sql.Connection jdbc() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection("jdbc:" + databaseUrl.replace("postgres@", ""), "postgres", "");
  }

  public String nodeLog(int n) throws IOException {
    return Files.readString(state.resolve("node" + n + ".log"));
  }

  /** Runs bin/cluster with this cluster's settings; fails with its output on a non-zero exit. */
  public String run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "bin/cluster"));
    command.addAll(List.of(args));
    Process process = script.command(command).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("bin/cluster " + String.join(" ", args) + " failed:\n" + output);
    }
    return output;
  }

  @Override
  public void close() throws Exception {
    try {
      run("stop");
    } finally {
      Backend.dropIfPostgres(databaseUrl);
    }
  }

  /** The first of {@code count} consecutive free ports, in a range no other test picks from. */
  private static int freeRun(int count) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket socket = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no run of " + count + " free ports");
  }

  private static void requireNginx() {
    boolean present = Files.isExecutable(Path.of("/usr/sbin/nginx")) || Files.isExecutable(Path.of("/usr/bin/nginx"));
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("nginx is required under CI=true (.ci/run installs Debian's nginx)");
    }
    Assumptions.assumeTrue(present, "nginx is not installed: apt-get install nginx");
  }
}
