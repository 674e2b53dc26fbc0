package guildhall.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Guildhall as production runs it: its own JVM ({@code guildhall.Main} from the built classes, on this
 * test's classpath), configured by environment variables, its output in a log file. For what one JVM
 * cannot show: being killed with SIGKILL, or refusing to start and exiting.
 */
public final class GuildhallProcess implements AutoCloseable {
  public final int port;
  public final Path log;
  private final Process process;

  private GuildhallProcess(int port, Path log, Process process) {
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts a node on {@code databaseUrl} (a fresh port); does not wait for it to serve. */
  public static GuildhallProcess start(String databaseUrl) throws Exception {
    return start(databaseUrl, Map.of());
  }

  /** As {@link #start(String)}, with more environment variables (GUILDHALL_LOG_FORMAT, say). */
  public static GuildhallProcess start(String databaseUrl, Map<String, String> environment) throws Exception {
    int port = TestApp.freePort();
    Path log = Files.createTempFile("guildhall-process", ".log");
    JsonObject settings = new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("instances", 2))
        .put("admin", new JsonObject().put("port", 0)) // several may run at once: no fixed admin port
        .put("auth", new JsonObject().put("pbkdf2_iterations", 1000))
        .put("rate_limits", new JsonObject().put("enabled", false));
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "guildhall.Main"))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("GUILDHALL_PORT", Integer.toString(port));
    builder.environment().put("GUILDHALL_DATABASE_URL", databaseUrl);
    builder.environment().put("GUILDHALL_CONFIG", settings.encode());
    builder.environment().remove("GUILDHALL_CLUSTER_MEMBERS");
    builder.environment().putAll(environment);
    return new GuildhallProcess(port, log, builder.start());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public ApiClient client() {
    return new ApiClient(baseUrl());
  }

  /** Waits until {@code /ready} answers 200; fails with the log when the process exits or time runs out. */
  public GuildhallProcess awaitReady(long timeoutMs) throws Exception {
    int status = client().awaitReady(timeoutMs, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("Guildhall exited with " + process.exitValue() + ":\n" + outputOrWhyNot());
      }
    });
    if (status != 200) {
      throw new AssertionError("Guildhall not ready within " + timeoutMs + " ms:\n" + output());
    }
    return this;
  }

  /** SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook, no last flush. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** The exit status, once it has exited by itself within {@code timeoutMs}; fails otherwise. */
  public int awaitExit(long timeoutMs) throws Exception {
    if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("Guildhall still runs after " + timeoutMs + " ms:\n" + output());
    }
    return process.exitValue();
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  /** The log for a failure message, where no checked exception may go. */
  private String outputOrWhyNot() {
    try {
      return output();
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
    Files.deleteIfExists(log);
  }
}
