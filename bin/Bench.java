import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Guildhall's benchmark. Run through bin/bench: {@code java -cp target/guildhall.jar bin/Bench.java [options]}.
 * Starts Guildhall as a child process (fresh SQLite file, or a fresh PostgreSQL database with --pg) or
 * targets a running one (--url), seeds through the public API, drives it with Vert.x's non-blocking
 * HTTP client, prints one table per scenario and writes the figures as JSON.
 */
public class Bench {
  static final String USAGE = """
      bin/bench [options]
        --scenario send|floor|fanout|connections|snapshot|startup|all   (default all; comma list allowed)
                                floor: the send client against Guildhall and against a bare Vert.x + SQLite server
                                (guildhall.floor.FloorServer, same group commit), level by level in turn
        --quick                 short smoke run of every scenario (< ~60 s)
        --url http://host:port  target a running Guildhall instead of starting one (RSS and startup need a local child;
                                start it with GUILDHALL_CONFIG='{"rate_limits":{"enabled":false}}')
        --pg                    start Guildhall on a fresh PostgreSQL database (postgresql://postgres@127.0.0.1:5432)
        --pg-url URL            PostgreSQL server for --pg, without the database name
        --jar PATH              the Guildhall jar (default target/guildhall.jar)
        --server-config JSON    settings merged over the started server's configuration (GUILDHALL_CONFIG)
        --json PATH             results file (default target/bench/results-<timestamp>.json)
        --duration S            seconds per send level and per fan-out phase (default 10, quick 3)
        --send-concurrency L    comma list (default 1,16,64)
        --fanout-subs L         comma list (default 100,1000,5000; quick 100,1000)
        --fanout-rate R         fixed publishing rate, messages/s (default 50)
        --fanout-publishers P   concurrent publishers in the as-fast-as-acks-allow phase (default 16)
        --warmup S              unmeasured seconds at the highest load before the send and fan-out levels (default 5, quick 2)
        --fanout-users U        subscriber users; streams are spread over them (default 100; = subs for one user each)
        --connections N         idle SSE streams (default 20000, quick 2000; capped by the open-file limit)
        --hold S                keep the idle streams open S more seconds after measuring (to inspect the server: jcmd)
        --snapshot GxC          guilds x channels for the snapshot user (default 100x20, quick 20x5)
        --startup-runs N        starts per database state (default 3, quick 1)
        --scenario community    (only when named) a community on one box: users, guilds, streams, then a mixed load
        --community-users N     users (default 50000, quick 2000); one guild has 40 % of them, the others 50..2000
        --community-guilds N    guilds (default 200, quick 10)
        --community-streams N   SSE streams, one per user (default 5000, quick 200)
        --community-seconds S   seconds of mixed traffic (default 300, quick 20)
        --community-rate-scale X  multiplies every rate: 300 messages, 100 typing, 50 reactions, 10 edits, 5 joins,
                                20 presence changes per second (default 1, quick 0.2)
      """;

  // ---- options ----
  static String url;
  static boolean quick, pg;
  static String pgUrl = "postgresql://postgres@127.0.0.1:5432";
  static String serverConfig;
  static String jar = "target/guildhall.jar";
  static String jsonPath;
  static double duration = -1;
  static int[] sendConc = {1, 16, 64};
  static int[] fanoutSubs;
  static int fanoutRate = 50;
  // 4 closed-loop publishers measured their own ack latency, not the server: it sat at 45 % CPU.
  static int fanoutPublishers = 16;
  static double warmupSeconds = -1;
  static int fanoutUsers = 100;
  static int connections = -1;
  static double holdSeconds;
  static int snapGuilds = -1, snapChannels = -1;
  static int startupRuns = -1;
  static List<String> scenarios = new ArrayList<>();

  // ---- state ----
  static Vertx vertx;
  static HttpClientAgent api, streams;
  static String host;
  static int port;
  static Child server;
  static final List<String> pgDatabases = new ArrayList<>();
  static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  static final JsonObject results = new JsonObject();
  static final List<String> tables = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--cluster-summary")) {
      clusterSummary(java.nio.file.Path.of(args[1]));
      return;
    }
    parse(args);
    if (duration < 0) duration = quick ? 3 : 10;
    if (warmupSeconds < 0) warmupSeconds = quick ? 2 : 5;
    if (fanoutSubs == null) fanoutSubs = quick ? new int[] {100, 1000} : new int[] {100, 1000, 5000};
    if (connections < 0) connections = quick ? 2000 : 20000;
    if (snapGuilds < 0) { snapGuilds = quick ? 20 : 100; snapChannels = quick ? 5 : 20; }
    if (startupRuns < 0) startupRuns = quick ? 1 : 3;
    if (scenarios.isEmpty() || scenarios.contains("all")) {
      scenarios = List.of("startup", "connections", "snapshot", "send", "floor", "fanout");
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    if (jsonPath == null) jsonPath = "target/bench/results-" + stamp + ".json";

    JsonObject machine = machine();
    results.put("machine", machine).put("started", LocalDateTime.now().toString())
        .put("options", new JsonObject().put("quick", quick).put("url", url).put("pg", pg).put("server_config", serverConfig).put("scenarios", new JsonArray(scenarios))
            .put("duration_s", duration));
    System.out.printf("Machine: %d cores, %s, %s memory, open-file limit %d%n", machine.getInteger("cores"),
        machine.getString("cpu"), machine.getString("memory"), machine.getLong("open_files"));

    vertx = Vertx.vertx();
    // Idle pooled connections close here before the server's own idle timeout (60 s) closes them: else a
    // request sent just as the server closes its connection fails (seen once while 5,000 streams opened).
    api = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(20).setMaxInitialLineLength(8192),
        new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1).setEventLoopSize(0));
    streams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(60_000).setMaxWaitQueueSize(-1).setEventLoopSize(0));
    Runtime.getRuntime().addShutdownHook(new Thread(Bench::cleanup));
    int status = 0;
    try {
      if (url != null) {
        URI u = URI.create(url);
        host = u.getHost();
        port = u.getPort() > 0 ? u.getPort() : 80;
        results.put("server", new JsonObject().put("url", url).put("started_by_bench", false));
      } else {
        String dbUrl = freshDatabase("main");
        port = freePort();
        host = "127.0.0.1";
        Path log = Path.of("target/bench/server-" + stamp + ".log");
        server = Child.start(dbUrl, port, log);
        long t0 = System.nanoTime();
        if (!server.awaitReady(90_000)) throw new IllegalStateException("Guildhall did not start; see " + log);
        System.out.printf("Guildhall started (pid %d, port %d, %s) in %.1f s; log %s%n", server.pid(), port,
            pg ? "PostgreSQL" : "SQLite", (System.nanoTime() - t0) / 1e9, log);
        results.put("server", new JsonObject().put("url", "http://127.0.0.1:" + port).put("started_by_bench", true)
            .put("database", pg ? "postgresql" : "sqlite").put("pid", server.pid()).put("log", log.toString()));
      }
      for (String s : scenarios) {
        System.out.println();
        System.out.println("== " + s + " ==");
        waitQuiet(quick ? 3 : 30);
        long[] cpu0 = cpuSample();
        long t0 = System.nanoTime();
        switch (s) {
          case "send" -> send();
          case "floor" -> Floor.run();
          case "fanout" -> fanout();
          case "connections" -> connections();
          case "snapshot" -> snapshot();
          case "startup" -> startup();
          case "community" -> Community.run();
          default -> throw new IllegalArgumentException("unknown scenario " + s);
        }
        long[] cpu1 = cpuSample();
        double total = cpu1[1] - cpu0[1];
        double others = Math.max(0, (cpu1[0] - cpu0[0]) - (cpu1[2] - cpu0[2]) - (cpu1[3] - cpu0[3])) / Math.max(total, 1) * 100;
        double guildhall = (cpu1[2] - cpu0[2]) / Math.max(total, 1) * 100;
        double bench = (cpu1[3] - cpu0[3]) / Math.max(total, 1) * 100;
        String cpuNote = String.format("CPU during %s (%% of all cores): Guildhall %.0f%%, load client %.0f%%, other processes %.0f%%",
            s, guildhall, bench, others);
        System.out.println(cpuNote);
        if (!tables.isEmpty()) tables.set(tables.size() - 1, tables.get(tables.size() - 1) + "  " + cpuNote + "\n");
        JsonObject section = results.getJsonObject(s);
        if (section != null) section.put("cpu_percent", new JsonObject().put("guildhall", round(guildhall))
            .put("bench_client", round(bench)).put("other_processes", round(others)));
        System.out.printf("(%s took %.1f s)%n", s, (System.nanoTime() - t0) / 1e9);
      }
    } catch (Throwable t) {
      System.err.println("bench failed: " + t);
      t.printStackTrace();
      results.put("failure", t.toString());
      status = 1;
    }
    results.put("finished", LocalDateTime.now().toString());
    System.out.println();
    System.out.printf("Machine: %d cores, %s, %s memory%n", machine.getInteger("cores"), machine.getString("cpu"), machine.getString("memory"));
    for (String t : tables) System.out.println(t);
    Path out = Path.of(jsonPath);
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    Files.writeString(out, results.encodePrettily() + "\n");
    System.out.println("Results: " + out);
    cleanup();
    System.exit(status);
  }

  static void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length && !List.of("--quick", "--pg", "--help", "-h").contains(a)) {
        die("missing value for " + a);
      }
      switch (a) {
        case "--quick" -> quick = true;
        case "--pg" -> pg = true;
        case "--help", "-h" -> { System.out.print(USAGE); System.exit(0); }
        case "--url" -> url = args[++i].replaceAll("/+$", "");
        case "--pg-url" -> { pgUrl = args[++i].replaceAll("/+$", ""); pg = true; }
        case "--jar" -> jar = args[++i];
        case "--server-config" -> serverConfig = args[++i];
        case "--json" -> jsonPath = args[++i];
        case "--duration" -> duration = Double.parseDouble(args[++i]);
        case "--scenario", "--scenarios" -> scenarios.addAll(Arrays.asList(args[++i].split(",")));
        case "--send-concurrency" -> sendConc = ints(args[++i]);
        case "--fanout-subs" -> fanoutSubs = ints(args[++i]);
        case "--fanout-rate" -> fanoutRate = Integer.parseInt(args[++i]);
        case "--fanout-publishers" -> fanoutPublishers = Integer.parseInt(args[++i]);
        case "--warmup" -> warmupSeconds = Double.parseDouble(args[++i]);
        case "--fanout-users" -> fanoutUsers = Integer.parseInt(args[++i]);
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--hold" -> holdSeconds = Double.parseDouble(args[++i]);
        case "--snapshot" -> {
          String[] gc = args[++i].split("x");
          snapGuilds = Integer.parseInt(gc[0]);
          snapChannels = Integer.parseInt(gc[1]);
        }
        case "--startup-runs" -> startupRuns = Integer.parseInt(args[++i]);
        case "--community-users" -> Community.users = Integer.parseInt(args[++i]);
        case "--community-streams" -> Community.streamCount = Integer.parseInt(args[++i]);
        case "--community-guilds" -> Community.guildCount = Integer.parseInt(args[++i]);
        case "--community-seconds" -> Community.seconds = Double.parseDouble(args[++i]);
        case "--community-rate-scale" -> Community.rateScale = Double.parseDouble(args[++i]);
        default -> die("unknown option " + a + "\n" + USAGE);
      }
    }
    for (String s : scenarios) {
      if (!List.of("send", "floor", "fanout", "connections", "snapshot", "startup", "community", "all").contains(s)) die("unknown scenario " + s);
    }
  }

  static int[] ints(String s) {
    return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
  }

  static void die(String msg) {
    System.err.println(msg);
    System.exit(2);
  }

  static void cleanup() {
    synchronized (Bench.class) {
      if (server != null) {
        server.stop();
        server = null;
      }
      Floor.stop();
      for (String db : pgDatabases) psql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      pgDatabases.clear();
    }
  }

  // ================================================================ machine

  static JsonObject machine() {
    String cpu = "?";
    String mem = "?";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) { cpu = line.substring(line.indexOf(':') + 1).trim(); break; }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          mem = String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException ignored) {
      // not Linux: leave the question marks
    }
    return new JsonObject().put("cores", Runtime.getRuntime().availableProcessors()).put("cpu", cpu).put("memory", mem)
        .put("open_files", openFileLimit()).put("java", System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  static long openFileLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // unknown
    }
    return 1024;
  }

  /** [machine busy jiffies, machine total jiffies, Guildhall child's jiffies, this JVM's jiffies]. */
  static long[] cpuSample() {
    long busy = 0, total = 0;
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        long v = Long.parseLong(f[i]);
        total += v;
        if (i != 4 && i != 5) busy += v; // not idle, not iowait
      }
    } catch (Exception ignored) {
      // not Linux
    }
    return new long[] {busy, total, server != null ? procJiffies(String.valueOf(server.pid())) : 0, procJiffies("self")};
  }

  static long procJiffies(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    } catch (Exception e) {
      return 0;
    }
  }

  /** Other tenants of the machine skew every figure: wait (bounded) for a second with under 15% busy. */
  static void waitQuiet(int maxSeconds) {
    double pct = 100;
    for (int i = 0; i < maxSeconds; i++) {
      long[] a = cpuSample();
      sleep(1000);
      long[] b = cpuSample();
      pct = 100.0 * (b[0] - a[0] - (b[2] - a[2]) - (b[3] - a[3])) / Math.max(1, b[1] - a[1]);
      if (pct < 15) return;
    }
    System.out.printf("warning: other processes keep the machine %.0f%% busy; figures will be low%n", pct);
  }

  // ================================================================ server process

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String freshDatabase(String label) throws IOException {
    if (pg) {
      String db = "guildhall_bench_" + RUN + "_" + label + "_" + pgDatabases.size();
      if (!psql("CREATE DATABASE " + db)) throw new IllegalStateException("could not create PostgreSQL database " + db);
      pgDatabases.add(db);
      return pgUrl + "/" + db;
    }
    Path dir = Files.createTempDirectory("guildhall-bench-");
    dir.toFile().deleteOnExit();
    return "jdbc:sqlite:" + dir.resolve("gh.db");
  }

  static boolean psql(String sql) {
    URI u = URI.create(pgUrl);
    String user = u.getUserInfo() == null ? "postgres" : u.getUserInfo().split(":")[0];
    try {
      Process p = new ProcessBuilder("psql", "-h", u.getHost(), "-p", String.valueOf(u.getPort() > 0 ? u.getPort() : 5432),
          "-U", user, "-d", "postgres", "-q", "-c", sql).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      if (!ok) System.err.println("psql: " + out.trim());
      return ok;
    } catch (Exception e) {
      System.err.println("psql: " + e);
      return false;
    }
  }

  /** Guildhall as a child process, with the JVM flags bin/guildhall uses. */
  static final class Child {
    final Process process;
    final int port;

    Child(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    /** java and the JVM options bin/guildhall starts with, class-data archive included: the floors start the same way. */
    static List<String> java() {
      String heap = System.getenv().getOrDefault("GUILDHALL_HEAP", "1g");
      List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xmx" + heap, "-Xss512k",
          "-Djava.net.preferIPv4Stack=true"));
      Path archive = Path.of(jar).resolveSibling("guildhall.jsa"); // made by bin/class-data, as for bin/guildhall
      if (!"0".equals(System.getenv("GUILDHALL_CDS")) && Files.exists(archive)) { // as bin/guildhall does
        cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto"));
      }
      String extra = System.getenv("GUILDHALL_JAVA_OPTS");
      if (extra != null && !extra.isBlank()) cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
      return cmd;
    }

    /** Another main class of the same jar (guildhall.floor.*), with the same JVM options as Guildhall. */
    static Child startClass(String mainClass, List<String> args, int port, Path log) throws IOException {
      Files.createDirectories(log.toAbsolutePath().getParent());
      List<String> cmd = java();
      cmd.addAll(List.of("-cp", jar, mainClass));
      cmd.addAll(args);
      return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), port);
    }

    static Child start(String dbUrl, int port, Path log) throws IOException {
      Files.createDirectories(log.toAbsolutePath().getParent());
      List<String> cmd = java();
      cmd.addAll(List.of("-jar", jar));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("GUILDHALL_PORT", String.valueOf(port));
      // Its admin listener (where heapUsed reads /metrics) beside it: port + 1000, clear of the bench's others.
      pb.environment().put("GUILDHALL_ADMIN_PORT", String.valueOf(port + 1000));
      pb.environment().put("GUILDHALL_DATABASE_URL", dbUrl);
      pb.environment().remove("GUILDHALL_CLUSTER_MEMBERS");
      // Rate limits off: the bench measures the server, and posts far faster than one user may.
      // So are the caps per address and per user: every bench client is one address, and thousands of streams.
      JsonObject settings = new JsonObject().put("rate_limits", new JsonObject().put("enabled", false))
          .put("http", new JsonObject().put("max_connections_per_address", 0))
          .put("sse", new JsonObject().put("max_streams_per_user", 0))
          // No access log line per request: thousands a second would measure the log file, not the server.
          .put("log", new JsonObject().put("access", false));
      if (serverConfig != null) settings.mergeIn(new JsonObject(serverConfig), true);
      pb.environment().put("GUILDHALL_CONFIG", settings.encode());
      return new Child(pb.start(), port);
    }

    long pid() {
      return process.pid();
    }

    /** Polls POST /auth/login every 10 ms until it answers 200: the first request a client makes. */
    boolean awaitReady(long timeoutMs) {
      return Bench.awaitLogin("127.0.0.1", port, timeoutMs, process) >= 0;
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
      }
    }

    /** Resident set size in bytes, from /proc. */
    long rss() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
          if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      } catch (IOException ignored) {
        // gone
      }
      return -1;
    }

    void gc() {
      try {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid()), "GC.run").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // no jcmd: the heap figure is noisier
      }
    }
  }

  /** Nanoseconds until POST /auth/login answered 200 (polled every 10 ms), or -1 on timeout or process exit. */
  static long awaitLogin(String h, int p, long timeoutMs, Process process) {
    long t0 = System.nanoTime();
    long deadline = t0 + timeoutMs * 1_000_000L;
    Buffer body = new JsonObject().put("username", "bench-ready").toBuffer();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) return -1;
      try {
        Resp r = call(h, p, HttpMethod.POST, "/api/v1/auth/login", null, body, 2000).await(3, TimeUnit.SECONDS);
        if (r.status == 200) return System.nanoTime() - t0;
      } catch (Exception ignored) {
        // not listening yet
      }
      sleep(10);
    }
    return -1;
  }

  // ================================================================ HTTP

  record Resp(int status, Buffer body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonObject json() {
      return body.toJsonObject();
    }
  }

  static Future<Resp> call(HttpMethod method, String path, String token, Object body) {
    return call(host, port, method, path, token, body, 60_000);
  }

  static Future<Resp> call(String h, int p, HttpMethod method, String path, String token, Object body, long timeoutMs) {
    return call(api, h, p, method, path, token, body, timeoutMs);
  }

  static Future<Resp> call(HttpClientAgent client, String h, int p, HttpMethod method, String path, String token, Object body, long timeoutMs) {
    RequestOptions ro = new RequestOptions().setMethod(method).setHost(h).setPort(p).setURI(path)
        .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
    if (token != null) ro.putHeader("Authorization", "Bearer " + token);
    Buffer buf = body == null ? null : body instanceof Buffer b ? b : ((JsonObject) body).toBuffer();
    if (buf != null) ro.putHeader("Content-Type", "application/json");
    return client.request(ro).compose(req -> buf == null ? req.send() : req.send(buf))
        .compose(resp -> resp.body().map(b -> new Resp(resp.statusCode(), b)));
  }

  /** Blocking call for seeding: fails unless 2xx. */
  static JsonObject must(HttpMethod method, String path, String token, JsonObject body) {
    Resp r = call(method, path, token, body).await();
    if (!r.ok()) throw new IllegalStateException(method + " " + path + " -> " + r.status + " " + r.body);
    return r.body.length() == 0 ? new JsonObject() : r.json();
  }

  static Future<JsonObject> mustAsync(HttpMethod method, String path, String token, JsonObject body) {
    return call(method, path, token, body).compose(r -> r.ok()
        ? Future.succeededFuture(r.body.length() == 0 ? new JsonObject() : r.json())
        : Future.failedFuture(method + " " + path + " -> " + r.status + " " + r.body));
  }

  /** Runs n tasks with at most `concurrency` in flight and waits for all; fails on the first failure. */
  static <T> List<T> parallel(int n, int concurrency, IntFunction<Future<T>> task) {
    @SuppressWarnings("unchecked")
    T[] out = (T[]) new Object[n];
    if (n == 0) return List.of();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<Void> all = Promise.promise();
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) return;
      task.apply(i).onComplete(ar -> {
        if (ar.failed()) {
          all.tryFail(ar.cause());
          return;
        }
        out[i] = ar.result();
        if (done.incrementAndGet() == n) all.tryComplete();
        else worker[0].run();
      });
    };
    for (int w = 0; w < Math.min(concurrency, n); w++) worker[0].run();
    all.future().await();
    return Arrays.asList(out);
  }

  static final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
  static final Map<String, String> userIds = new java.util.concurrent.ConcurrentHashMap<>();

  static Future<String> login(String name) {
    String t = tokens.get(name);
    if (t != null) return Future.succeededFuture(t);
    return mustAsync(HttpMethod.POST, "/api/v1/auth/login", null, new JsonObject().put("username", name)).map(j -> {
      tokens.put(name, j.getString("token"));
      userIds.put(name, j.getJsonObject("user").getString("id"));
      return j.getString("token");
    });
  }

  static List<String> logins(String prefix, int n) {
    return parallel(n, 32, i -> login(prefix + i));
  }

  static String user(String name) {
    return login(name).await();
  }

  /** A public guild owned by ownerToken: [guildId, generalChannelId]. */
  static String[] guild(String ownerToken, String name) {
    JsonObject g = must(HttpMethod.POST, "/api/v1/guilds", ownerToken, new JsonObject().put("name", name).put("public", true));
    return new String[] {g.getString("id"), g.getJsonArray("channels").getJsonObject(0).getString("id")};
  }

  static void join(String guildId, List<String> memberTokens) {
    parallel(memberTokens.size(), 32, i -> mustAsync(HttpMethod.PUT, "/api/v1/guilds/" + guildId + "/members/@me", memberTokens.get(i), null));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  // ================================================================ statistics

  /** Log-linear histogram of microseconds (under 1% error), safe from any thread. */
  static final class Histogram {
    final AtomicLongArray counts = new AtomicLongArray(64 * 256);
    final AtomicLong max = new AtomicLong();
    final AtomicLong n = new AtomicLong();

    void recordNanos(long nanos) {
      long us = Math.max(0, nanos / 1000);
      int bits = 64 - Long.numberOfLeadingZeros(us);
      int e = Math.max(0, bits - 8);
      counts.incrementAndGet((e << 8) | (int) (us >>> e));
      n.incrementAndGet();
      max.accumulateAndGet(us, Math::max);
    }

    long count() {
      return n.get();
    }

    /** The q-quantile in milliseconds. */
    double ms(double q) {
      long total = n.get();
      if (total == 0) return Double.NaN;
      long rank = Math.max(1, (long) Math.ceil(q * total));
      long seen = 0;
      for (int i = 0; i < counts.length(); i++) {
        seen += counts.get(i);
        if (seen >= rank) {
          int e = i >>> 8;
          long low = (long) (i & 255) << e;
          return (low + ((1L << e) - 1) / 2.0) / 1000.0;
        }
      }
      return maxMs();
    }

    double maxMs() {
      return max.get() / 1000.0;
    }

    JsonObject json() {
      return new JsonObject().put("count", count()).put("p50_ms", round(ms(0.5))).put("p99_ms", round(ms(0.99)))
          .put("max_ms", round(maxMs()));
    }
  }

  static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return -1;
    return Math.round(v * 100) / 100.0;
  }

  /**
   * bin/bench --cluster N's last step: one row per cluster size from its runs' JSON and CPU samples, so
   * that what another node costs reads at a glance (the machine is shared by all of them and PostgreSQL).
   */
  static void clusterSummary(java.nio.file.Path dir) throws Exception {
    Table t = new Table("cluster: send and fan-out through nginx, all on this machine, PostgreSQL included",
        "nodes", "send msgs/s", "send p99 ms", "fan-out subs", "deliveries/s", "delivery p50 ms", "delivery p99 ms",
        "node CPU s", "PostgreSQL CPU s", "PostgreSQL share", "wall s");
    for (String line : java.nio.file.Files.readAllLines(dir.resolve("summary.tsv"))) {
      String[] f = line.split("\t");
      JsonObject r = new JsonObject(java.nio.file.Files.readString(dir.resolve("results-" + f[0] + ".json")));
      JsonObject bestSend = null;
      for (Object o : r.getJsonObject("send").getJsonArray("levels")) {
        JsonObject level = (JsonObject) o;
        if (bestSend == null || level.getDouble("per_s") > bestSend.getDouble("per_s")) bestSend = level;
      }
      JsonArray fan = r.getJsonObject("fanout").getJsonArray("levels");
      JsonObject top = fan.getJsonObject(fan.size() - 1);
      JsonObject fixed = top.getJsonObject("fixed_rate");
      double nodeCpu = Double.parseDouble(f[1]);
      double pgCpu = Double.parseDouble(f[2]);
      t.row(f[0], bestSend.getDouble("per_s"), bestSend.getJsonObject("latency").getDouble("p99_ms"), top.getInteger("streams"),
          fixed.getDouble("deliveries_per_s"), fixed.getJsonObject("latency").getDouble("p50_ms"), fixed.getJsonObject("latency").getDouble("p99_ms"),
          nodeCpu, pgCpu, String.format("%.0f %%", 100 * pgCpu / Math.max(nodeCpu + pgCpu, 1e-9)), String.format("%.0f", Double.parseDouble(f[3])));
    }
    t.notes.add("send: the best level of closed-loop senders; fan-out: the largest subscriber count at the fixed rate; "
        + "deliveries cross nodes (nginx spreads the streams and the posts by open connections)");
    t.notes.add("CPU: user + system seconds over the whole run (seeding, warm-up, every level) of all nodes, and of every PostgreSQL process");
    t.print();
  }

  static final class Table {
    final String title;
    final String[] head;
    final List<String[]> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Table(String title, String... head) {
      this.title = title;
      this.head = head;
    }

    void row(Object... cells) {
      String[] r = new String[cells.length];
      for (int i = 0; i < cells.length; i++) r[i] = fmt(cells[i]);
      rows.add(r);
    }

    static String fmt(Object o) {
      if (o instanceof Double d) {
        if (d.isNaN() || d < 0) return "-";
        if (d >= 10_000) return String.format("%,.0f", d);
        if (d >= 100) return String.format("%.0f", d);
        if (d >= 10) return String.format("%.1f", d);
        return String.format("%.2f", d);
      }
      if (o instanceof Long || o instanceof Integer) return String.format("%,d", ((Number) o).longValue());
      return String.valueOf(o);
    }

    String render() {
      int[] w = new int[head.length];
      for (int i = 0; i < head.length; i++) w[i] = head[i].length();
      for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
      StringBuilder sb = new StringBuilder("\n").append(title).append('\n');
      line(sb, head, w);
      StringBuilder sep = new StringBuilder();
      for (int i = 0; i < w.length; i++) sep.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
      sb.append(sep).append('\n');
      for (String[] r : rows) line(sb, r, w);
      for (String n : notes) sb.append("  note: ").append(n).append('\n');
      return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) sb.append("  ");
        String c = cells[i];
        sb.append(i == 0 ? c + " ".repeat(w[i] - c.length()) : " ".repeat(w[i] - c.length()) + c);
      }
      sb.append('\n');
    }

    void print() {
      String s = render();
      System.out.print(s);
      tables.add(s);
    }
  }

  // ================================================================ send

  /** Closed loop: `conc` workers each post, wait for the acknowledgement, post again, until the deadline. */
  static JsonObject closedLoop(int conc, double seconds, IntFunction<Future<Resp>> op, Histogram h) {
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicInteger running = new AtomicInteger(conc);
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    AtomicLong lastAck = new AtomicLong(start);
    for (int w = 0; w < conc; w++) {
      final int worker = w;
      Runnable[] step = new Runnable[1];
      step[0] = () -> {
        long t0 = System.nanoTime();
        if (t0 >= deadline) {
          if (running.decrementAndGet() == 0) done.complete();
          return;
        }
        op.apply(worker).onComplete(ar -> {
          long t1 = System.nanoTime();
          if (ar.succeeded() && ar.result().ok()) {
            ok.incrementAndGet();
            if (h != null) h.recordNanos(t1 - t0);
          } else {
            errors.incrementAndGet();
            if (errors.get() <= 3) {
              System.err.println("  error: " + (ar.succeeded() ? ar.result().status + " " + ar.result().body : ar.cause()));
            }
          }
          lastAck.accumulateAndGet(t1, Math::max);
          vertx.runOnContext(v -> step[0].run()); // never recurse on the stack
        });
      };
      step[0].run();
    }
    done.future().await();
    double elapsed = (lastAck.get() - start) / 1e9;
    return new JsonObject().put("ok", ok.get()).put("errors", errors.get()).put("elapsed_s", round(elapsed))
        .put("per_s", round(ok.get() / Math.max(elapsed, 1e-9)));
  }

  /** What the send scenario posts: one channel, `senders` users in its guild, a new content and nonce each time. */
  record SendLoad(String path, List<String> senders, AtomicLong seq) {
    /** Seeds a guild on Guildhall with its own users (label keeps each scenario's apart). */
    static SendLoad seed(String label, int most) {
      String owner = user("b" + RUN + "-" + label + "-owner");
      String[] g = guild(owner, "bench " + label + " " + RUN);
      List<String> senders = logins("b" + RUN + "-" + label + "-", Math.max(most, 16));
      join(g[0], senders);
      return new SendLoad("/api/v1/channels/" + g[1] + "/messages", senders, new AtomicLong());
    }

    /** Worker w's next post to the server at h:p. */
    Future<Resp> post(String h, int p, int w) {
      long n = seq.incrementAndGet();
      return call(h, p, HttpMethod.POST, path, senders.get(w),
          new JsonObject().put("content", "bench send message " + n).put("nonce", "s" + n), 60_000);
    }
  }

  static void send() {
    int most = Arrays.stream(sendConc).max().orElse(1);
    SendLoad load = SendLoad.seed("send", most);
    IntFunction<Future<Resp>> post = w -> load.post(host, port, w);
    // Measured warm, as the fan-out is: the first seconds after start run interpreted code.
    System.out.printf("warm-up: %d senders for %s s, not counted%n", most, fmtS(warmupSeconds));
    closedLoop(most, warmupSeconds, post, null);
    Table t = new Table("send: concurrent senders posting to one channel for " + fmtS(duration) + " s each (closed loop: post, await ack, post)",
        "senders", "acked", "msgs/s", "p50 ms", "p99 ms", "max ms", "errors");
    JsonArray rows = new JsonArray();
    for (int c : sendConc) {
      Histogram h = new Histogram();
      JsonObject r = closedLoop(c, duration, post, h);
      r.put("senders", c).put("latency", h.json());
      rows.add(r);
      t.row(c, r.getLong("ok"), r.getDouble("per_s"), h.ms(0.5), h.ms(0.99), h.maxMs(), r.getLong("errors"));
      System.out.printf("  %d senders: %.0f msgs/s, p50 %.2f ms, p99 %.2f ms%n", c, r.getDouble("per_s"), h.ms(0.5), h.ms(0.99));
    }
    t.notes.add("each sender is its own user; latency is request start to acknowledgement; no stream is open");
    t.notes.add(String.format("before the first level: %d senders for %s s, not counted, so the server is measured warm", most, fmtS(warmupSeconds)));
    t.print();
    results.put("send", new JsonObject().put("duration_s", duration).put("levels", rows));
  }

  static String fmtS(double s) {
    return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
  }

  // ================================================================ floor

  /**
   * The send client against Guildhall and against its floor (guildhall.floor.FloorServer: the same request
   * parsed as Guildhall parses it, one row inserted through the same group commit, nothing else), level by
   * level in turn, so that what the machine does meanwhile hits both. Guildhall's share of the floor's rate
   * and latency says what everything above the write costs.
   */
  static final class Floor {
    static final double MIN_RATE_RATIO = 0.6;
    static final double MAX_P99_RATIO = 1.5;
    static Child child;

    static void run() throws IOException {
      int[] levels = java.util.stream.IntStream.concat(Arrays.stream(sendConc), java.util.stream.IntStream.of(64))
          .distinct().sorted().toArray(); // 64 senders at least: the load the targets are set at
      int most = levels[levels.length - 1];
      SendLoad load = SendLoad.seed("floor", most);
      int floorPort = freePort();
      Path dir = Files.createTempDirectory("guildhall-floor-");
      dir.toFile().deleteOnExit();
      Path log = Path.of("target/bench/floor-" + RUN + ".log");
      child = Child.startClass("guildhall.floor.FloorServer", List.of("--port", String.valueOf(floorPort),
          "--db", dir.resolve("floor.db").toString()), floorPort, log);
      try {
        if (!awaitPost(load, floorPort, 60_000)) throw new IllegalStateException("the floor server did not start; see " + log);
        IntFunction<Future<Resp>> guildhall = w -> load.post(host, port, w);
        IntFunction<Future<Resp>> floor = w -> load.post("127.0.0.1", floorPort, w);
        System.out.printf("warm-up: %d senders for %s s on each, not counted%n", most, fmtS(warmupSeconds));
        closedLoop(most, warmupSeconds, guildhall, null);
        closedLoop(most, warmupSeconds, floor, null);
        Table t = new Table("floor: the send client against Guildhall and against a bare Vert.x + SQLite server, "
            + fmtS(duration) + " s per level each, in turn",
            "senders", "Guildhall msgs/s", "p99 ms", "floor msgs/s", "p99 ms", "msgs/s ratio", "p99 ratio",
            "Guildhall CPU ms/msg", "floor CPU ms/msg", "targets");
        JsonArray rows = new JsonArray();
        for (int c : levels) {
          JsonObject g = level(c, guildhall, server);
          JsonObject f = level(c, floor, child);
          double rate = g.getDouble("per_s") / Math.max(f.getDouble("per_s"), 1e-9);
          double p99 = g.getJsonObject("latency").getDouble("p99_ms") / Math.max(f.getJsonObject("latency").getDouble("p99_ms"), 1e-9);
          boolean met = rate >= MIN_RATE_RATIO && p99 <= MAX_P99_RATIO;
          rows.add(new JsonObject().put("senders", c).put("guildhall", g).put("floor", f)
              .put("msgs_per_s_ratio", round(rate)).put("p99_ratio", round(p99)).put("targets_met", met));
          t.row(c, g.getDouble("per_s"), g.getJsonObject("latency").getDouble("p99_ms"), f.getDouble("per_s"),
              f.getJsonObject("latency").getDouble("p99_ms"), rate, p99, g.getDouble("cpu_ms_per_msg", -1.0),
              f.getDouble("cpu_ms_per_msg", -1.0), met ? "met" : "missed");
          System.out.printf("  %d senders: Guildhall %.0f msgs/s p99 %.2f ms; floor %.0f msgs/s p99 %.2f ms; ratios %.2f, %.2f%n", c,
              g.getDouble("per_s"), g.getJsonObject("latency").getDouble("p99_ms"), f.getDouble("per_s"),
              f.getJsonObject("latency").getDouble("p99_ms"), rate, p99);
        }
        t.notes.add(String.format("targets: msgs/s ratio (Guildhall / floor) >= %.1f, p99 ratio (Guildhall / floor) <= %.1f",
            MIN_RATE_RATIO, MAX_P99_RATIO));
        t.notes.add("floor: guildhall.floor.FloorServer, the same JSON parsed, one row inserted through Guildhall's group commit, "
            + "no authentication, validation, event bus or event row; same JVM options; its own fresh SQLite file");
        t.notes.add("CPU ms/msg: the server process's user + system time over the level per acknowledged message "
            + "(in the CPU line below, the floor's time counts as other processes)");
        t.print();
        results.put("floor", new JsonObject().put("duration_s", duration).put("log", log.toString())
            .put("targets", new JsonObject().put("msgs_per_s_ratio_min", MIN_RATE_RATIO).put("p99_ratio_max", MAX_P99_RATIO))
            .put("levels", rows));
        Files.deleteIfExists(log);
      } finally {
        stop();
      }
    }

    /** One closed-loop level with its latencies and, when the process is this machine's child, its CPU per message. */
    static JsonObject level(int c, IntFunction<Future<Resp>> op, Child target) {
      Histogram h = new Histogram();
      long cpu0 = target == null ? -1 : procJiffies(String.valueOf(target.pid()));
      JsonObject r = closedLoop(c, duration, op, h);
      if (target != null && r.getLong("ok") > 0) {
        long ticks = procJiffies(String.valueOf(target.pid())) - cpu0;
        r.put("cpu_ms_per_msg", round(ticks * 1000.0 / clockTicks() / r.getLong("ok")));
      }
      return r.put("senders", c).put("latency", h.json());
    }

    /** Kernel clock ticks per second, as /proc reports CPU time in (100 on Linux nearly everywhere). */
    static long clockTicks() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        return Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
      } catch (Exception e) {
        return 100;
      }
    }

    /** Polls the floor with the send scenario's post every 10 ms until it answers 200. */
    static boolean awaitPost(SendLoad load, int floorPort, long timeoutMs) {
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      while (System.nanoTime() < deadline && child.process.isAlive()) {
        try {
          if (load.post("127.0.0.1", floorPort, 0).await(3, TimeUnit.SECONDS).status == 200) return true;
        } catch (Exception ignored) {
          // not listening yet
        }
        sleep(10);
      }
      return false;
    }

    static void stop() {
      if (child != null) {
        child.stop();
        child = null;
      }
    }
  }

  // ================================================================ SSE subscribers

  static final byte[] NONCE_KEY = "\"nonce\":\"".getBytes(StandardCharsets.US_ASCII);
  static final byte[] EV_MSG = "event: MESSAGE_CREATE".getBytes(StandardCharsets.US_ASCII);

  /** The fan-out phase being measured: its tag in nonces, the send times by sequence number, the latencies. */
  static final class Phase {
    final int tag;
    final AtomicLongArray sentAt;
    final BitSet acked = new BitSet();
    final Histogram latency = new Histogram();
    final Histogram ack = new Histogram();
    final AtomicLong deliveries = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong lastReceipt = new AtomicLong();

    Phase(int tag, int capacity) {
      this.tag = tag;
      this.sentAt = new AtomicLongArray(capacity);
    }

    synchronized void ack(int seq) {
      acked.set(seq);
    }

    synchronized BitSet ackedCopy() {
      return (BitSet) acked.clone();
    }
  }

  static volatile Phase phase;
  static final AtomicLong lastByte = new AtomicLong();
  static final AtomicLong streamBytes = new AtomicLong();

  /** One SSE stream: parses frames as bytes arrive, counts MESSAGE_CREATE by nonce, reconnects with Last-Event-ID. */
  /**
   * One SSE stream of /updates, read line by line: it reconnects with Last-Event-ID (at most 100 times)
   * and hands each line to {@link #onLine}. The fan-out and community scenarios each read their own way.
   */
  abstract static class SseLines {
    final String token;
    volatile HttpConnection connection;
    volatile boolean hello;
    volatile boolean closing;
    volatile int reconnects;
    volatile String failure;
    long lastEventId = -1;
    byte[] line;
    int len;

    SseLines(String token, int lineBytes) {
      this.token = token;
      this.line = new byte[lineBytes];
    }

    /** One line of the stream, without its newline, in {@code line[0..len)}; {@code now} is when its bytes came. */
    abstract void onLine(long now);

    Future<Void> connect() {
      RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
          .setURI("/api/v1/updates").putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream")
          .setConnectTimeout(60_000);
      if (lastEventId >= 0) ro.putHeader("Last-Event-ID", Long.toString(lastEventId));
      return streams.request(ro).compose(req -> req.send()).compose(resp -> {
        if (resp.statusCode() != 200) {
          return resp.body().compose(b -> Future.failedFuture("GET /updates -> " + resp.statusCode() + " " + b));
        }
        connection = resp.request().connection();
        resp.handler(this::onBytes);
        resp.endHandler(v -> dropped("ended"));
        resp.exceptionHandler(e -> dropped(e.toString()));
        return opened();
      }).onFailure(e -> dropped(e.toString()));
    }

    /** What the stream's client does once the stream is open, each time it (re)opens; connect() completes after it. Must not fail. */
    Future<Void> opened() {
      return Future.succeededFuture();
    }

    void dropped(String why) {
      hello = false;
      if (closing) return;
      if (reconnects >= 100) {
        failure = why;
        return;
      }
      reconnects++;
      vertx.setTimer(50, t -> {
        if (!closing) connect();
      });
    }

    void close() {
      closing = true;
      HttpConnection c = connection;
      if (c != null) c.close();
    }

    void onBytes(Buffer b) {
      long now = System.nanoTime();
      lastByte.set(now);
      int n = b.length();
      streamBytes.addAndGet(n);
      for (int i = 0; i < n; i++) {
        byte c = b.getByte(i);
        if (c == '\n') {
          onLine(now);
          len = 0;
        } else {
          if (len == line.length) line = Arrays.copyOf(line, len * 2);
          line[len++] = c;
        }
      }
    }

  }

  static final class Sub extends SseLines {
    boolean isMessage;
    int phaseTag = -1;
    BitSet got = new BitSet();

    Sub(String token) {
      super(token, 1024);
    }

    private boolean startsWith(String p) {
      if (len < p.length()) return false;
      for (int i = 0; i < p.length(); i++) if (line[i] != p.charAt(i)) return false;
      return true;
    }

    void onLine(long now) {
      if (len == 0) {
        isMessage = false;
        return;
      }
      byte first = line[0];
      if (first == ':') {
        if (startsWith(": connected")) hello = true;
      } else if (first == 'i' && startsWith("id: ")) {
        long v = 0;
        for (int i = 4; i < len; i++) v = v * 10 + (line[i] - '0');
        lastEventId = v;
      } else if (first == 'e') {
        isMessage = len == EV_MSG.length && startsWith("event: MESSAGE_CREATE");
      } else if (first == 'd' && isMessage) {
        onMessage(now);
      }
    }

    void onMessage(long now) {
      int at = indexOf(line, len, NONCE_KEY);
      if (at < 0) return;
      int i = at + NONCE_KEY.length;
      if (i >= len || line[i] != 'f') return; // not a fan-out nonce
      i++;
      int tag = 0;
      while (i < len && line[i] != '-') tag = tag * 10 + (line[i++] - '0');
      i++;
      int seq = 0;
      while (i < len && line[i] != '"') seq = seq * 10 + (line[i++] - '0');
      Phase p = phase;
      if (p == null || p.tag != tag) return;
      synchronized (this) {
        if (phaseTag != tag) {
          phaseTag = tag;
          got = new BitSet();
        }
        if (got.get(seq)) {
          p.duplicates.incrementAndGet();
          return;
        }
        got.set(seq);
      }
      p.deliveries.incrementAndGet();
      p.lastReceipt.accumulateAndGet(now, Math::max);
      long sent = seq < p.sentAt.length() ? p.sentAt.get(seq) : 0;
      if (sent > 0) p.latency.recordNanos(now - sent);
    }

    synchronized int receivedOf(int tag, BitSet acked) {
      if (phaseTag != tag) return 0;
      BitSet b = (BitSet) got.clone();
      b.and(acked);
      return b.cardinality();
    }
  }

  static int indexOf(byte[] hay, int len, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= len; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** Opens one stream per token (at most 256 connecting at once) and waits until each has its hello. */
  static List<Sub> openStreams(List<String> tokenList, long timeoutMs) {
    List<Sub> subs = new ArrayList<>();
    for (String t : tokenList) subs.add(new Sub(t));
    parallel(subs.size(), 256, i -> subs.get(i).connect());
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline && subs.stream().anyMatch(s -> !s.hello)) sleep(20);
    long missing = subs.stream().filter(s -> !s.hello).count();
    if (missing > 0) System.err.printf("  %d of %d streams had no hello after %d ms%n", missing, subs.size(), timeoutMs);
    return subs;
  }

  /** Waits until no stream has received a byte for quietMs (bounded by maxMs); returns the ms waited. */
  static long settle(long quietMs, long maxMs) {
    long t0 = System.currentTimeMillis();
    while (System.currentTimeMillis() - t0 < maxMs) {
      if ((System.nanoTime() - lastByte.get()) / 1_000_000 >= quietMs) break;
      sleep(20);
    }
    return System.currentTimeMillis() - t0;
  }

  static void closeStreams(List<Sub> subs) {
    for (Sub s : subs) s.close();
  }

  // ================================================================ fanout

  static int phaseTags;

  static void fanout() {
    String pubName = "b" + RUN + "-fan-pub";
    String pub = user(pubName);
    int most = Arrays.stream(fanoutSubs).max().orElse(0);
    int users = Math.max(1, Math.min(fanoutUsers, most));
    long t0 = System.nanoTime();
    List<String> userTokens = logins("b" + RUN + "-fan-", users);
    String[] g = guild(pub, "bench fanout " + RUN);
    join(g[0], userTokens);
    double joinS = (System.nanoTime() - t0) / 1e9;
    System.out.printf("  %d subscriber users logged in and joined in %.1f s%n", users, joinS);
    Table t = new Table("fanout: SSE streams in one channel, spread over " + users + " subscriber users; a separate user publishes",
        "streams", "publishing", "acked", "ack p50", "ack p99", "deliveries/s", "p50 ms", "p99 ms", "max ms", "lost", "reconn", "post errs");
    JsonArray rows = new JsonArray();
    for (int n : fanoutSubs) {
      List<String> streamTokens = new ArrayList<>(n);
      for (int i = 0; i < n; i++) streamTokens.add(userTokens.get(i % users));
      long c0 = System.nanoTime();
      lastByte.set(System.nanoTime());
      List<Sub> subs = openStreams(streamTokens, 120_000);
      double connectS = (System.nanoTime() - c0) / 1e9;
      long bytes0 = streamBytes.get();
      long settledMs = settle(1000, 180_000);
      long connectBytes = streamBytes.get() - bytes0;
      System.out.printf("  %d streams open in %.1f s, quiet after %.1f s more (%,d bytes of presence etc.)%n",
          n, connectS, settledMs / 1000.0, connectBytes);
      JsonObject level = new JsonObject().put("streams", n).put("users", users).put("connect_s", round(connectS))
          .put("settle_s", round(settledMs / 1000.0)).put("connect_stream_bytes", connectBytes);
      String path = "/api/v1/channels/" + g[1] + "/messages";
      int fixedCount = (int) Math.round(fanoutRate * duration);
      if (n == fanoutSubs[0]) {
        // A server is measured warm, as one that has been up for a while: the first seconds after start run
        // interpreted code and spike the tail (p99 at 50/s measured 116-149 ms cold, 19 ms warm).
        JsonObject warm = fanoutPhase(subs, pub, path, 0, fanoutPublishers, 200_000, warmupSeconds);
        System.out.printf("  warm-up: %s s at the highest rate, not counted (%,d messages, %d lost)%n",
            fmtS(warmupSeconds), warm.getLong("acked"), warm.getLong("lost"));
        level.put("warmup", warm);
      }
      JsonObject fixed = fanoutPhase(subs, pub, path, fanoutRate, 0, fixedCount, duration);
      t.row(n, fanoutRate + "/s", fixed.getLong("acked"), fixed.getJsonObject("ack").getDouble("p50_ms"), fixed.getJsonObject("ack").getDouble("p99_ms"), fixed.getDouble("deliveries_per_s"), fixed.getJsonObject("latency").getDouble("p50_ms"),
          fixed.getJsonObject("latency").getDouble("p99_ms"), fixed.getJsonObject("latency").getDouble("max_ms"),
          fixed.getLong("lost"), fixed.getLong("reconnects"), fixed.getLong("post_errors"));
      JsonObject max = fanoutPhase(subs, pub, path, 0, fanoutPublishers, 200_000, duration);
      t.row(n, "max (" + fanoutPublishers + " pubs)", max.getLong("acked"), max.getJsonObject("ack").getDouble("p50_ms"), max.getJsonObject("ack").getDouble("p99_ms"), max.getDouble("deliveries_per_s"), max.getJsonObject("latency").getDouble("p50_ms"),
          max.getJsonObject("latency").getDouble("p99_ms"), max.getJsonObject("latency").getDouble("max_ms"),
          max.getLong("lost"), max.getLong("reconnects"), max.getLong("post_errors"));
      rows.add(level.put("fixed_rate", fixed).put("max_rate", max));
      closeStreams(subs);
      settle(500, 30_000);
      sleep(500);
    }
    t.notes.add("ack = POST start to its 200 (ms); p50/p99/max = POST start to receipt on the stream; deliveries/s = unique receipts / (first post to last receipt)");
    t.notes.add("lost = acked messages some subscriber never received, after reconnects with Last-Event-ID (server drops slow streams)");
    t.notes.add(String.format("before the first level: %s s at the highest rate, not counted, so the server is measured warm", fmtS(warmupSeconds)));
    t.print();
    results.put("fanout", new JsonObject().put("duration_s", duration).put("users", users).put("join_s", round(joinS)).put("rate", fanoutRate).put("publishers", fanoutPublishers)
        .put("levels", rows));
  }

  /**
   * One publishing phase: at `rate` msgs/s (open loop, one publisher) when rate > 0, else `publishers`
   * concurrent closed-loop publishers; for `seconds`, at most `cap` messages. Then waits for every
   * subscriber to have every acknowledged message (bounded) and counts what is missing.
   */
  static JsonObject fanoutPhase(List<Sub> subs, String pubToken, String path, int rate, int publishers, int cap, double seconds) {
    Phase p = new Phase(++phaseTags, cap + 1);
    phase = p;
    for (Sub s : subs) s.reconnects = 0;
    AtomicInteger seq = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    IntFunction<Future<Resp>> post = w -> {
      int s = seq.incrementAndGet();
      if (s > cap) return Future.failedFuture("cap");
      p.sentAt.set(s, System.nanoTime());
      inFlight.incrementAndGet();
      return call(HttpMethod.POST, path, pubToken, new JsonObject().put("content", "fan-out " + s).put("nonce", "f" + p.tag + "-" + s))
          .andThen(ar -> {
            inFlight.decrementAndGet();
            if (ar.succeeded() && ar.result().ok()) {
              p.ack(s);
              p.ack.recordNanos(System.nanoTime() - p.sentAt.get(s));
            }
            else {
              errors.incrementAndGet();
              if (errors.get() <= 3) System.err.println("  post error: " + (ar.succeeded() ? ar.result().status + " " + ar.result().body : ar.cause()));
            }
          });
    };
    if (rate > 0) {
      int total = Math.min(cap, (int) Math.round(rate * seconds));
      Promise<Void> done = Promise.promise();
      AtomicInteger issued = new AtomicInteger();
      vertx.setPeriodic(5, id -> {
        long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
        while (issued.get() < due) {
          issued.incrementAndGet();
          post.apply(0);
        }
        if (issued.get() >= total || System.nanoTime() > deadline + 5_000_000_000L) {
          vertx.cancelTimer(id);
          done.complete();
        }
      });
      done.future().await();
      long waitUntil = System.nanoTime() + 60_000_000_000L;
      while (inFlight.get() > 0 && System.nanoTime() < waitUntil) sleep(5);
    } else {
      closedLoop(publishers, seconds, post, null);
    }
    BitSet acked = p.ackedCopy();
    int ackedCount = acked.cardinality();
    long expected = (long) ackedCount * subs.size();
    long drainMax = quick ? 15_000 : 60_000;
    long d0 = System.currentTimeMillis();
    while (System.currentTimeMillis() - d0 < drainMax && p.deliveries.get() < expected) sleep(20);
    // A stream that is mid-reconnect may still be replaying: give quiet streams a moment.
    long received = 0;
    for (Sub s : subs) received += s.receivedOf(p.tag, acked);
    long lost = expected - received;
    if (lost > 0) {
      settle(2000, 20_000);
      received = 0;
      for (Sub s : subs) received += s.receivedOf(p.tag, acked);
      lost = expected - received;
    }
    long reconnects = subs.stream().mapToLong(s -> s.reconnects).sum();
    long failed = subs.stream().filter(s -> s.failure != null).count();
    double span = (p.lastReceipt.get() - start) / 1e9;
    JsonObject r = new JsonObject().put("mode", rate > 0 ? "fixed" : "max").put("rate", rate).put("publishers", publishers)
        .put("acked", ackedCount).put("post_errors", errors.get()).put("ack_per_s", round(ackedCount / ((System.nanoTime() - start) / 1e9)))
        .put("deliveries", p.deliveries.get()).put("expected", expected)
        .put("deliveries_per_s", round(p.deliveries.get() / Math.max(span, 1e-9))).put("latency", p.latency.json()).put("ack", p.ack.json())
        .put("lost", lost).put("duplicates", p.duplicates.get()).put("reconnects", reconnects).put("streams_given_up", failed)
        .put("drain_s", round((System.currentTimeMillis() - d0) / 1000.0));
    System.out.printf("  %d subs, %s: %d acked, %.0f deliveries/s, p50 %.1f ms, p99 %.1f ms, lost %d, reconnects %d%n",
        subs.size(), rate > 0 ? rate + "/s" : "max", ackedCount, r.getDouble("deliveries_per_s"), p.latency.ms(0.5), p.latency.ms(0.99), lost, reconnects);
    return r;
  }

  // ================================================================ connections

  static long heapUsed() {
    if (server == null) return -1; // a remote server's admin listener is on its own loopback
    Resp r = call("127.0.0.1", server.port + 1000, HttpMethod.GET, "/metrics", null, null, 60_000).await();
    long heap = 0;
    boolean found = false;
    for (String line : r.body.toString().split("\n")) {
      // Micrometer's JVM meters: one series per heap pool, summed.
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
        found = true;
      }
    }
    return found ? heap : -1;
  }

  static long[] memory() {
    if (server != null) {
      server.gc();
      sleep(1000);
      server.gc();
      sleep(1000);
    }
    return new long[] {server != null ? server.rss() : -1, heapUsed()};
  }

  static void connections() {
    long limit = openFileLimit();
    int n = connections;
    String note = null;
    long room = limit - 100; // this JVM's own files and sockets (about 40), and the server's (about 40) under the same limit
    if (n > room) {
      note = String.format("asked for %,d streams; the open-file limit (%,d, the hard limit here) allows %,d", connections, limit, room);
      n = (int) room;
    }
    String tok = user("b" + RUN + "-conn");
    guild(tok, "bench connections " + RUN);
    long[] before = memory();
    long t0 = System.nanoTime();
    lastByte.set(System.nanoTime());
    List<Sub> subs = openStreams(java.util.Collections.nCopies(n, tok), 300_000);
    double openS = (System.nanoTime() - t0) / 1e9;
    long open = subs.stream().filter(s -> s.hello).count();
    sleep(1000);
    long[] after = memory();
    Table t = new Table("connections: idle SSE streams (one user, many streams)", "streams", "open s", "RSS before", "RSS after",
        "RSS/stream", "heap before", "heap after", "heap/stream");
    double rssPer = before[0] > 0 && after[0] > 0 ? (after[0] - before[0]) / (double) open : -1;
    double heapPer = (after[1] - before[1]) / (double) open;
    t.row(open, openS, mib(before[0]), mib(after[0]), rssPer > 0 ? String.format("%.1f KiB", rssPer / 1024) : "-",
        mib(before[1]), mib(after[1]), String.format("%.1f KiB", heapPer / 1024));
    if (note != null) t.notes.add(note);
    if (server == null) t.notes.add("RSS skipped: --url (not our child process); heap measured without a forced GC");
    else t.notes.add("heap after a forced GC (jcmd GC.run); RSS from /proc/" + server.pid() + "/status VmRSS");
    t.print();
    results.put("connections", new JsonObject().put("requested", connections).put("open", open).put("open_s", round(openS))
        .put("rss_before", before[0]).put("rss_after", after[0]).put("rss_per_stream_bytes", round(rssPer))
        .put("heap_before", before[1]).put("heap_after", after[1]).put("heap_per_stream_bytes", round(heapPer))
        .put("note", note));
    if (holdSeconds > 0) {
      System.out.printf("  holding %,d streams open for %.0f s%n", open, holdSeconds);
      sleep((long) (holdSeconds * 1000));
    }
    closeStreams(subs);
    sleep(1000);
  }

  static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  // ================================================================ snapshot

  static void snapshot() {
    String tok = user("b" + RUN + "-snap");
    long t0 = System.nanoTime();
    List<String[]> guilds = parallel(snapGuilds, 8, i -> mustAsync(HttpMethod.POST, "/api/v1/guilds", tok,
        new JsonObject().put("name", "snap " + i).put("public", false))
        .map(g -> new String[] {g.getString("id")}));
    int extra = Math.max(0, snapChannels - 1);
    parallel(snapGuilds * extra, 16, k -> mustAsync(HttpMethod.POST, "/api/v1/guilds/" + guilds.get(k / extra)[0] + "/channels", tok,
        new JsonObject().put("name", "channel-" + (k % extra + 1))));
    System.out.printf("  seeded %d guilds x %d channels in %.1f s%n", snapGuilds, snapChannels, (System.nanoTime() - t0) / 1e9);
    Resp first = call(HttpMethod.GET, "/api/v1/snapshot", tok, null).await();
    if (!first.ok()) throw new IllegalStateException("snapshot -> " + first.status);
    JsonObject snap = first.json();
    int channels = 0;
    for (Object g : snap.getJsonArray("guilds")) channels += ((JsonObject) g).getJsonArray("channels").size();
    for (int i = 0; i < 20; i++) call(HttpMethod.GET, "/api/v1/snapshot", tok, null).await(); // warm-up
    Histogram seq = new Histogram();
    int requests = quick ? 100 : 300;
    long s0 = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      long a = System.nanoTime();
      Resp r = call(HttpMethod.GET, "/api/v1/snapshot", tok, null).await();
      if (r.ok()) seq.recordNanos(System.nanoTime() - a);
    }
    double seqS = (System.nanoTime() - s0) / 1e9;
    Histogram conc = new Histogram();
    JsonObject c = closedLoop(8, quick ? 2 : 5, w -> call(HttpMethod.GET, "/api/v1/snapshot", tok, null), conc);
    Table t = new Table("snapshot: GET /snapshot for a user in " + snapGuilds + " guilds x " + snapChannels + " channels",
        "clients", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "bytes");
    t.row(1, seq.count(), seq.count() / seqS, seq.ms(0.5), seq.ms(0.99), seq.maxMs(), (long) first.body.length());
    t.row(8, c.getLong("ok"), c.getDouble("per_s"), conc.ms(0.5), conc.ms(0.99), conc.maxMs(), (long) first.body.length());
    t.notes.add(String.format("%d guilds, %d channels in the snapshot", snap.getJsonArray("guilds").size(), channels));
    t.print();
    results.put("snapshot", new JsonObject().put("guilds", snapGuilds).put("channels_per_guild", snapChannels)
        .put("bytes", first.body.length()).put("sequential", seq.json().put("per_s", round(seq.count() / seqS)))
        .put("concurrent_8", conc.json().put("per_s", c.getDouble("per_s")).put("errors", c.getLong("errors"))));
  }

  // ================================================================ startup

  static void startup() throws IOException {
    if (!new File(jar).isFile()) {
      System.out.println("  skipped: no jar at " + jar);
      return;
    }
    Table t = new Table("startup: process start to the first 200 from POST /auth/login (polled every 10 ms)",
        "database", "run", "ms", "bare Vert.x ms", "ratio", "target");
    JsonArray fresh = new JsonArray();
    JsonArray existing = new JsonArray();
    JsonArray bare = new JsonArray();
    for (int run = 1; run <= startupRuns; run++) {
      String db = freshDatabase("startup");
      long a = startOnce(db);
      fresh.add(a);
      long b = startOnce(db);
      existing.add(b);
      long c = startBareOnce();
      bare.add(c);
      t.row(pg ? "PostgreSQL, fresh" : "SQLite, fresh", run, ms(a), ms(c), startRatio(a, c), "");
      t.row(pg ? "PostgreSQL, existing" : "SQLite, existing", run, ms(b), ms(c), startRatio(b, c),
          String.format("<= %.1f", MAX_START_RATIO));
    }
    t.notes.add("fresh = empty database (migrations run); existing = the second start on the same database; JVM flags as bin/guildhall");
    t.notes.add("bare Vert.x = guildhall.floor.BareServer from the same jar, same JVM options and class-data archive, one start per run "
        + "after Guildhall's two, polled with the same request (it answers 200 to any); ratio = Guildhall / bare");
    t.print();
    double bareMedian = median(bare);
    results.put("startup", new JsonObject().put("database", pg ? "postgresql" : "sqlite")
        .put("fresh_ns", fresh).put("existing_ns", existing)
        .put("fresh_median_ms", round(median(fresh) / 1e6)).put("existing_median_ms", round(median(existing) / 1e6))
        .put("bare_ns", bare).put("bare_median_ms", round(bareMedian / 1e6))
        .put("existing_to_bare_ratio", round(bareMedian > 0 && median(existing) > 0 ? median(existing) / bareMedian : -1))
        .put("fresh_to_bare_ratio", round(bareMedian > 0 && median(fresh) > 0 ? median(fresh) / bareMedian : -1))
        .put("ratio_target_max", MAX_START_RATIO));
  }

  /** Guildhall's start (on an existing database) against a bare Vert.x server's, at most. */
  static final double MAX_START_RATIO = 2.0;

  static String ms(long nanos) {
    return nanos < 0 ? "failed" : String.format("%.0f", nanos / 1e6);
  }

  static String startRatio(long guildhall, long bare) {
    return guildhall < 0 || bare <= 0 ? "-" : String.format("%.2f", (double) guildhall / bare);
  }

  static double median(JsonArray a) {
    long[] v = a.stream().mapToLong(x -> ((Number) x).longValue()).filter(x -> x >= 0).sorted().toArray();
    return v.length == 0 ? -1 : v[v.length / 2];
  }

  static long startOnce(String dbUrl) throws IOException {
    return timeStart((p, log) -> Child.start(dbUrl, p, log));
  }

  /** The bare Vert.x HTTP server, started and polled as Guildhall is. */
  static long startBareOnce() throws IOException {
    return timeStart((p, log) -> Child.startClass("guildhall.floor.BareServer", List.of("--port", String.valueOf(p)), p, log));
  }

  interface Starter {
    Child start(int port, Path log) throws IOException;
  }

  /** Nanoseconds from starting the process to its first 200 to POST /auth/login, or -1. */
  static long timeStart(Starter starter) throws IOException {
    int p = freePort();
    Path log = Path.of("target/bench/startup-" + RUN + "-" + p + ".log");
    long t0 = System.nanoTime();
    Child c = starter.start(p, log);
    long t1 = System.nanoTime();
    long waited;
    try {
      waited = awaitLogin("127.0.0.1", p, 90_000, c.process);
    } finally {
      c.stop();
    }
    if (waited < 0) {
      System.err.println("  start failed; see " + log);
      return -1;
    }
    Files.deleteIfExists(log);
    return waited + (t1 - t0);
  }

  // ================================================================ community

  /**
   * The claim that one small box serves a community of 10-50k daily users, as a run: 50,000 users in
   * 200 public guilds (one of 20,000 members, the others 50 to 2,000), 5,000 live streams, and an
   * open-loop mix of messages, typing, reactions, edits, joins and presence changes at fixed rates.
   * Every request carries something its deliveries can be matched by, so latency is request start to
   * arrival on each stream that should get it, and what never arrives is counted as lost.
   */
  static final class Community {
    static int users = -1, streamCount = -1, guildCount = -1;
    static double seconds = -1, rateScale = -1;
    static final int CHANNELS = 5;
    static final long SEED = 20_000L;
    /** The issue's rates per second, in the order of {@link #TYPES}. */
    static final double[] RATES = {300, 100, 50, 10, 5, 20};
    static final String[] TYPES = {"MESSAGE_CREATE", "TYPING_START", "MESSAGE_REACTION_ADD", "MESSAGE_UPDATE", "GUILD_MEMBER_ADD", "PRESENCE_UPDATE"};
    static final int MSG = 0, TYPING = 1, REACT = 2, EDIT = 3, JOIN = 4, PRESENCE = 5;
    /** Whose receivers can be known here: presence and joins go to audiences that lazy member lists decide. */
    static final boolean[] COUNTS_LOST = {true, true, true, true, false, false};
    static final String[] EMOJI = {"%F0%9F%91%8D", "%F0%9F%8E%89", "%E2%9D%A4%EF%B8%8F", "%F0%9F%98%82"};
    static final String[] STATUSES = {"online", "idle", "dnd"};

    // seeded state
    static String[] tokens, ids;
    static final Map<String, Integer> userIndex = new java.util.concurrent.ConcurrentHashMap<>();
    static int[][] members;
    static BitSet[] memberBits;
    static String[] guildIds;
    static String[][] channelIds;
    static final Map<String, Integer> guildIndex = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, Integer> channelGuild = new java.util.concurrent.ConcurrentHashMap<>();
    static int[] streamUsers;
    static BitSet hasStream;
    static int[] streamsInGuild;
    /** Per stream, the guild whose member list its client shows (-1: none); per guild, how many streams show it. */
    static int[] shows;
    static int[] streamsShowing;
    /** Per guild, whether the streams' snapshots list it, and as large (above the server's guilds.large_threshold). */
    static boolean[] listed, large;
    /** The most members of a guild the snapshots call small: joins keep every small guild within it (see issue). */
    static int largestSmall;
    static double[] guildWeight;

    // the mix: one slot per request, whatever its type
    static int capacity;
    static byte[] reqType;
    static int[] reqGuild;
    static AtomicLongArray sentAt;
    static java.util.concurrent.atomic.AtomicIntegerArray received;
    static BitSet ackedReqs = new BitSet();
    static final AtomicInteger nextReq = new AtomicInteger();
    static final Histogram[] latency = new Histogram[TYPES.length];
    static final Histogram[] ack = new Histogram[TYPES.length];
    static final AtomicLong[] deliveries = new AtomicLong[TYPES.length];
    static final AtomicLong[] errors = new AtomicLong[TYPES.length];
    static final AtomicLong[] issued = new AtomicLong[TYPES.length];
    static final AtomicLong duplicates = new AtomicLong(), unmatched = new AtomicLong(), totalDeliveries = new AtomicLong();
    static final AtomicLong mixEnd = new AtomicLong(Long.MAX_VALUE);
    /** Keys an arrival is matched by, to its request: "message:user" for reactions, "channel:user" for typing, "guild:user" for joins, user for presence. */
    static final Map<String, Integer> keyed = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per guild, its newest acknowledged messages [messageId, channelId, author index], for reactions and edits. */
    static List<java.util.ArrayDeque<String[]>> recent;
    static long[] presenceAt;
    /** Join answers while seeding, in the big guild and in the others: a join answers with the guild, members included. */
    static final Histogram seedJoinBig = new Histogram(), seedJoinOther = new Histogram();
    static int[] presenceStatus;

    static void defaults() {
      if (users < 0) users = quick ? 2_000 : 50_000;
      if (streamCount < 0) streamCount = quick ? 200 : 5_000;
      if (guildCount < 0) guildCount = quick ? 10 : 200;
      if (seconds < 0) seconds = quick ? 20 : 300;
      if (rateScale < 0) rateScale = quick ? 0.2 : 1;
      streamCount = Math.min(streamCount, users);
    }

    static void run() {
      defaults();
      for (int t = 0; t < TYPES.length; t++) {
        latency[t] = new Histogram(); ack[t] = new Histogram();
        deliveries[t] = new AtomicLong(); errors[t] = new AtomicLong(); issued[t] = new AtomicLong();
      }
      Random rnd = new Random(SEED);
      long t0 = System.nanoTime();
      seedUsers();
      double usersS = (System.nanoTime() - t0) / 1e9;
      System.out.printf("  %,d users logged in in %.1f s%n", users, usersS);
      long t1 = System.nanoTime();
      int joins = seedGuilds(rnd);
      double guildsS = (System.nanoTime() - t1) / 1e9;
      System.out.printf("  %d guilds (%d channels each), %,d joins in %.1f s (%.0f joins/s)%n", guildCount, CHANNELS, joins, guildsS, joins / guildsS);
      chooseStreamUsers(rnd);
      long t2 = System.nanoTime();
      lastByte.set(System.nanoTime());
      List<Stream> subs = openAll();
      double openS = (System.nanoTime() - t2) / 1e9;
      long settleMs = settle(2000, quick ? 30_000 : 180_000);
      System.out.printf("  %,d streams (snapshot, then the stream from its cursor) open in %.1f s, quiet %.1f s later; %,d in the big guild, %,d showing its member list%n",
          subs.size(), openS, settleMs / 1000.0, streamsInGuild[0], streamsShowing[0]);
      System.out.printf("  %d of %d guilds large (as the streams' snapshots say); %,d streams in them show another guild's list, so get none of their typing%n",
          largeGuilds(), guildCount, showingElsewhere());
      JsonObject snap = snapshotOfBigGuildMember();
      double seedS = (System.nanoTime() - t0) / 1e9;

      long cpu0 = server != null ? procJiffies(String.valueOf(server.pid())) : 0;
      long m0 = System.nanoTime();
      mix(rnd);
      long m1 = System.nanoTime();
      long cpu1 = server != null ? procJiffies(String.valueOf(server.pid())) : 0;
      long drainStart = System.nanoTime();
      long[] lost = drain(subs);
      double drainS = (System.nanoTime() - drainStart) / 1e9;
      long rss = server != null ? server.rss() : -1;
      long[] afterGc = memory(); // [RSS, heap] after a forced GC: how much of the RSS is live
      double mixS = (m1 - m0) / 1e9;
      double cpuS = (cpu1 - cpu0) / 100.0; // USER_HZ is 100 on Linux
      long reconnects = subs.stream().mapToLong(s -> s.reconnects).sum();
      long given = subs.stream().filter(s -> s.failure != null).count();
      report(subs.size(), seedS, usersS, guildsS, joins, openS, snap, mixS, cpuS, rss, afterGc, lost, drainS, reconnects, given);
      for (Stream s : subs) s.close();
      settle(500, 30_000);
    }

    // ---- seeding

    static void seedUsers() {
      tokens = new String[users];
      ids = new String[users];
      parallel(users, 64, i -> mustAsync(HttpMethod.POST, "/api/v1/auth/login", null,
          new JsonObject().put("username", "b" + RUN + "-cu-" + i)).map(j -> {
            tokens[i] = j.getString("token");
            ids[i] = j.getJsonObject("user").getString("id");
            userIndex.put(ids[i], i);
            return i;
          }));
    }

    /** Guild sizes: one of 40 % of the users (20,000 of 50,000), the others drawn 50..2,000 (at most a tenth of the users). */
    static int seedGuilds(Random rnd) {
      int big = Math.max(2, users * 2 / 5);
      int low = Math.min(50, users / 10), high = Math.max(low, Math.min(2_000, users / 10));
      members = new int[guildCount][];
      memberBits = new BitSet[guildCount];
      int[] pool = new int[users];
      for (int i = 0; i < users; i++) pool[i] = i;
      for (int g = 0; g < guildCount; g++) {
        int size = g == 0 ? big : low + rnd.nextInt(high - low + 1);
        // Partial Fisher-Yates: `size` distinct users drawn at random.
        for (int k = 0; k < size; k++) {
          int j = k + rnd.nextInt(users - k);
          int tmp = pool[k]; pool[k] = pool[j]; pool[j] = tmp;
        }
        members[g] = Arrays.copyOf(pool, size);
        memberBits[g] = new BitSet(users);
        for (int u : members[g]) memberBits[g].set(u);
      }
      guildIds = new String[guildCount];
      channelIds = new String[guildCount][CHANNELS];
      parallel(guildCount, 16, g -> mustAsync(HttpMethod.POST, "/api/v1/guilds", tokens[members[g][0]],
          new JsonObject().put("name", "community " + g).put("public", true)).map(j -> {
            guildIds[g] = j.getString("id");
            channelIds[g][0] = j.getJsonArray("channels").getJsonObject(0).getString("id");
            return g;
          }));
      parallel(guildCount * (CHANNELS - 1), 32, k -> {
        int g = k / (CHANNELS - 1), c = k % (CHANNELS - 1) + 1;
        return mustAsync(HttpMethod.POST, "/api/v1/guilds/" + guildIds[g] + "/channels", tokens[members[g][0]],
            new JsonObject().put("name", "channel-" + c)).map(j -> channelIds[g][c] = j.getString("id"));
      });
      for (int g = 0; g < guildCount; g++) {
        guildIndex.put(guildIds[g], g);
        for (String c : channelIds[g]) channelGuild.put(c, g);
      }
      // Every join but the owners', interleaved over the guilds as they would arrive.
      List<long[]> all = new ArrayList<>();
      for (int g = 0; g < guildCount; g++) for (int k = 1; k < members[g].length; k++) all.add(new long[] {g, members[g][k]});
      java.util.Collections.shuffle(all, rnd);
      AtomicInteger done = new AtomicInteger();
      long start = System.nanoTime();
      parallel(all.size(), 64, i -> {
        long[] j = all.get(i);
        long a = System.nanoTime();
        return mustAsync(HttpMethod.PUT, "/api/v1/guilds/" + guildIds[(int) j[0]] + "/members/@me", tokens[(int) j[1]], null)
            .andThen(ar -> {
              (j[0] == 0 ? seedJoinBig : seedJoinOther).recordNanos(System.nanoTime() - a);
              int d = done.incrementAndGet();
              if (d % 20_000 == 0) System.out.printf("    %,d joins, %.0f/s%n", d, d / ((System.nanoTime() - start) / 1e9));
            })
            .map(guild -> (JsonObject) null); // the answers are not kept: 220,000 guilds would fill the client's heap
      });
      guildWeight = new double[guildCount];
      double sum = 0;
      for (int g = 0; g < guildCount; g++) sum += members[g].length;
      double acc = 0;
      for (int g = 0; g < guildCount; g++) guildWeight[g] = (acc += members[g].length / sum);
      return all.size();
    }

    /** Half the streams are members of the big guild, the rest drawn from everyone (without repeats). */
    static void chooseStreamUsers(Random rnd) {
      hasStream = new BitSet(users);
      int[] bigMembers = members[0].clone();
      int fromBig = Math.min(streamCount / 2, bigMembers.length);
      streamUsers = new int[streamCount];
      int n = 0;
      for (int k = 0; k < fromBig; k++) {
        int j = k + rnd.nextInt(bigMembers.length - k);
        int tmp = bigMembers[k]; bigMembers[k] = bigMembers[j]; bigMembers[j] = tmp;
        hasStream.set(bigMembers[k]);
        streamUsers[n++] = bigMembers[k];
      }
      while (n < streamCount) {
        int u = rnd.nextInt(users);
        if (hasStream.get(u)) continue;
        hasStream.set(u);
        streamUsers[n++] = u;
      }
      streamsInGuild = new int[guildCount];
      for (int g = 0; g < guildCount; g++) for (int u : members[g]) if (hasStream.get(u)) streamsInGuild[g]++;
      // A client shows the member list of the guild it has open: here one of its user's guilds, each as likely
      // (a fixed seed), as nothing says which of their guilds a user looks at.
      shows = new int[streamCount];
      streamsShowing = new int[guildCount];
      Random pick = new Random(SEED + 1);
      for (int i = 0; i < streamCount; i++) {
        List<Integer> theirs = new ArrayList<>();
        for (int g = 0; g < guildCount; g++) if (memberBits[g].get(streamUsers[i])) theirs.add(g);
        shows[i] = theirs.isEmpty() ? -1 : theirs.get(pick.nextInt(theirs.size()));
        if (shows[i] >= 0) streamsShowing[shows[i]]++;
      }
      presenceAt = new long[users];
      presenceStatus = new int[users];
    }

    /**
     * Each stream as a client opens it: the snapshot first, then the stream from its cursor, then its member
     * list said (16 at once). Which guilds are large, the snapshots say: the bench keeps no copy of the setting.
     */
    static List<Stream> openAll() {
      List<Stream> subs = new ArrayList<>();
      for (int i = 0; i < streamUsers.length; i++) subs.add(new Stream(tokens[streamUsers[i]], shows[i]));
      listed = new boolean[guildCount];
      large = new boolean[guildCount];
      parallel(subs.size(), 16, i -> mustAsync(HttpMethod.GET, "/api/v1/snapshot", subs.get(i).token, null)
          .compose(snap -> {
            for (Object o : snap.getJsonArray("guilds")) {
              Integer g = guildIndex.get(((JsonObject) o).getString("id"));
              if (g != null) {
                listed[g] = true;
                large[g] = ((JsonObject) o).getBoolean("large", false);
              }
            }
            subs.get(i).lastEventId = Long.parseLong(snap.getString("cursor"));
            return subs.get(i).connect();
          }));
      largestSmall = 0;
      for (int g = 0; g < guildCount; g++) if (listed[g] && !large[g]) largestSmall = Math.max(largestSmall, members[g].length);
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline && subs.stream().anyMatch(s -> !s.hello)) sleep(20);
      long missing = subs.stream().filter(s -> !s.hello).count();
      if (missing > 0) System.err.printf("  %d of %d streams had no hello%n", missing, subs.size());
      return subs;
    }

    /** GET /snapshot for a member of the big guild who has a stream, after the streams are open: their presences are in it. */
    static JsonObject snapshotOfBigGuildMember() {
      String tok = tokens[streamUsers[0]];
      for (int i = 0; i < 3; i++) call(HttpMethod.GET, "/api/v1/snapshot", tok, null).await(); // warm-up
      Histogram h = new Histogram();
      long bytes = 0;
      for (int i = 0; i < 20; i++) {
        long a = System.nanoTime();
        Resp r = call(HttpMethod.GET, "/api/v1/snapshot", tok, null).await();
        if (!r.ok()) throw new IllegalStateException("snapshot -> " + r.status);
        h.recordNanos(System.nanoTime() - a);
        bytes = r.body.length();
      }
      System.out.printf("  snapshot of a member of the %,d-member guild: %,d bytes, p50 %.1f ms, p99 %.1f ms%n",
          members[0].length, bytes, h.ms(0.5), h.ms(0.99));
      return h.json().put("bytes", bytes).put("guild_members", members[0].length);
    }

    // ---- the mix

    static int pickGuild(Random rnd) {
      double x = rnd.nextDouble();
      int i = Arrays.binarySearch(guildWeight, x);
      return Math.min(guildCount - 1, i >= 0 ? i : -i - 1);
    }

    static int slot(int type, int g) {
      int r = nextReq.getAndIncrement();
      if (r >= capacity) return -1;
      reqType[r] = (byte) type;
      reqGuild[r] = g;
      sentAt.set(r, System.nanoTime());
      issued[type].incrementAndGet();
      return r;
    }

    static void send(int type, int r, HttpMethod m, String path, String token, JsonObject body, java.util.function.Consumer<JsonObject> onOk) {
      long a = System.nanoTime();
      call(mixApi, host, port, m, path, token, body, 60_000).onComplete(ar -> {
        if (ar.succeeded() && ar.result().ok()) {
          ack[type].recordNanos(System.nanoTime() - a);
          synchronized (ackedReqs) { ackedReqs.set(r); }
          if (onOk != null) onOk.accept(ar.result().body.length() == 0 ? null : ar.result().json());
        } else if (errors[type].incrementAndGet() <= 3) {
          System.err.println("  " + TYPES[type] + " error: " + (ar.succeeded() ? ar.result().status + " " + ar.result().body : ar.cause()));
        }
      });
    }

    /** One request of the type, chosen at random; false when no request of it can be made now (nothing to edit yet, say). */
    static boolean issue(int type, Random rnd) {
      int g = pickGuild(rnd);
      int[] mem = members[g];
      switch (type) {
        case MSG -> {
          int u = mem[rnd.nextInt(mem.length)];
          String ch = channelIds[g][rnd.nextInt(CHANNELS)];
          int r = slot(type, g);
          if (r < 0) return false;
          send(type, r, HttpMethod.POST, "/api/v1/channels/" + ch + "/messages", tokens[u],
              new JsonObject().put("content", "cm" + r + " community message"), j -> {
                var q = recent.get(g);
                synchronized (q) {
                  q.addLast(new String[] {j.getString("id"), ch, Integer.toString(u)});
                  if (q.size() > 50) q.removeFirst();
                }
              });
        }
        case TYPING -> {
          for (int tries = 0; tries < 10; tries++) {
            int u = mem[rnd.nextInt(mem.length)];
            String ch = channelIds[g][rnd.nextInt(CHANNELS)];
            String key = ch + ":" + ids[u];
            if (keyed.containsKey(key)) continue; // once per (channel, user): an arrival names only those
            int r = slot(type, g);
            if (r < 0) return false;
            keyed.put(key, r);
            send(type, r, HttpMethod.POST, "/api/v1/channels/" + ch + "/typing", tokens[u], null, null);
            return true;
          }
          return false;
        }
        case REACT, EDIT -> {
          var q = recent.get(g);
          String[] m;
          synchronized (q) {
            if (q.isEmpty()) return false;
            m = q.stream().skip(rnd.nextInt(q.size())).findFirst().orElseThrow();
          }
          if (type == EDIT) {
            int r = slot(type, g);
            if (r < 0) return false;
            send(type, r, HttpMethod.PATCH, "/api/v1/channels/" + m[1] + "/messages/" + m[0], tokens[Integer.parseInt(m[2])],
                new JsonObject().put("content", "ce" + r + " community message, edited"), null);
            return true;
          }
          for (int tries = 0; tries < 10; tries++) {
            int u = mem[rnd.nextInt(mem.length)];
            String key = m[0] + ":" + ids[u];
            if (keyed.containsKey(key)) continue; // reacting twice changes nothing, so sends nothing
            int r = slot(type, g);
            if (r < 0) return false;
            keyed.put(key, r);
            send(type, r, HttpMethod.PUT, "/api/v1/channels/" + m[1] + "/messages/" + m[0] + "/reactions/" + EMOJI[rnd.nextInt(EMOJI.length)] + "/@me",
                tokens[u], null, null);
            return true;
          }
          return false;
        }
        case JOIN -> {
          // No guild turns large during the mix (a small one stays within the most members the snapshots call
          // small), so that who should get a typing stays what the snapshots said.
          if (listed[g] && !large[g] && memberBits[g].cardinality() >= largestSmall) return false;
          for (int tries = 0; tries < 50; tries++) {
            int u = rnd.nextInt(users);
            // Users without a stream join, so each stream's guilds, and so who should get what, stay fixed.
            if (hasStream.get(u) || memberBits[g].get(u)) continue;
            memberBits[g].set(u);
            int r = slot(type, g);
            if (r < 0) return false;
            keyed.put(guildIds[g] + ":" + ids[u], r);
            send(type, r, HttpMethod.PUT, "/api/v1/guilds/" + guildIds[g] + "/members/@me", tokens[u], null, null);
            return true;
          }
          return false;
        }
        case PRESENCE -> {
          long now = System.nanoTime();
          for (int tries = 0; tries < 20; tries++) {
            int u = streamUsers[rnd.nextInt(streamUsers.length)];
            // One change per user per 15 s, so an arrival (which names only the user) matches one request.
            if (presenceAt[u] != 0 && now - presenceAt[u] < 15_000_000_000L) continue;
            presenceAt[u] = now;
            int s = (presenceStatus[u] + 1 + rnd.nextInt(STATUSES.length - 1)) % STATUSES.length;
            presenceStatus[u] = s;
            int r = slot(type, -1);
            if (r < 0) return false;
            keyed.put(ids[u], r);
            send(type, r, HttpMethod.PUT, "/api/v1/users/@me/presence", tokens[u], new JsonObject().put("status", STATUSES[s]), null);
            return true;
          }
          return false;
        }
        default -> throw new IllegalArgumentException("type " + type);
      }
      return true;
    }

    /** Open loop: every 5 ms, each type issues what its rate says is due since the start, whatever the answers. */
    /**
     * The mix's requests go out and come back on an event loop of their own (a Vert.x of one loop): on the
     * loop of the timer that issues them, which also reads a quarter of the 5,000 streams, their answers
     * waited behind the streams' bytes, and the bench measured itself.
     */
    static HttpClientAgent mixApi;

    static void mix(Random rnd) {
      mixApi = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1)).createHttpClient(
          new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(20).setMaxInitialLineLength(8192),
          new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
      double[] rates = new double[TYPES.length];
      double total = 0;
      for (int t = 0; t < TYPES.length; t++) total += rates[t] = RATES[t] * rateScale;
      capacity = (int) (total * seconds * 1.05) + 1000;
      reqType = new byte[capacity];
      reqGuild = new int[capacity];
      sentAt = new AtomicLongArray(capacity);
      received = new java.util.concurrent.atomic.AtomicIntegerArray(capacity);
      recent = new ArrayList<>();
      for (int g = 0; g < guildCount; g++) recent.add(new java.util.ArrayDeque<>());
      for (Stream s : streamsOpen) s.reconnects = 0;
      unmatched.set(0); // presence of the streams opening, before the mix
      duplicates.set(0);
      System.out.printf("  mix for %s s: %s%n", fmtS(seconds), describeRates(rates));
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long[] done = new long[TYPES.length];
      Promise<Void> finished = Promise.promise();
      long[] lastPrint = {start};
      vertx.setPeriodic(5, id -> {
        long now = System.nanoTime();
        double el = (Math.min(now, end) - start) / 1e9;
        for (int t = 0; t < TYPES.length; t++) {
          long due = (long) (el * rates[t]);
          // A type that cannot issue now (no message to edit yet) skips its turn rather than piling up.
          while (done[t] < due) {
            done[t]++;
            issue(t, rnd);
          }
        }
        if (now - lastPrint[0] > 30_000_000_000L) {
          lastPrint[0] = now;
          System.out.printf("    %.0f s: %,d requests, %,d deliveries%n", el, nextReq.get(), totalDeliveries.get());
        }
        if (now >= end) {
          vertx.cancelTimer(id);
          finished.complete();
        }
      });
      finished.future().await();
      mixEnd.set(System.nanoTime());
    }

    static String describeRates(double[] rates) {
      StringBuilder sb = new StringBuilder();
      for (int t = 0; t < TYPES.length; t++) sb.append(t == 0 ? "" : ", ").append(String.format("%s %s/s", TYPES[t], fmtS(round(rates[t]))));
      return sb.toString();
    }

    /**
     * How many streams should get a request's event: every stream of a member of the guild (all channels
     * are public); for typing in a large guild, only the streams whose client shows its member list.
     */
    static int receivers(int type, int g) {
      return type == TYPING && large[g] ? streamsShowing[g] : streamsInGuild[g];
    }

    static int largeGuilds() {
      int n = 0;
      for (boolean l : large) if (l) n++;
      return n;
    }

    /** Streams in a large guild whose client shows another guild's list, summed over the large guilds. */
    static int showingElsewhere() {
      int n = 0;
      for (int g = 0; g < guildCount; g++) if (large[g]) n += streamsInGuild[g] - streamsShowing[g];
      return n;
    }

    /** Up to 10 s after the end for every expected delivery; then, per type, what never came. */
    static long[] drain(List<Stream> subs) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      int n = Math.min(nextReq.get(), capacity);
      long[] lost = new long[TYPES.length];
      while (true) {
        Arrays.fill(lost, 0);
        BitSet acked;
        synchronized (ackedReqs) { acked = (BitSet) ackedReqs.clone(); }
        for (int r = acked.nextSetBit(0); r >= 0 && r < n; r = acked.nextSetBit(r + 1)) {
          int t = reqType[r];
          if (!COUNTS_LOST[t]) continue;
          lost[t] += Math.max(0, receivers(t, reqGuild[r]) - received.get(r));
        }
        if (Arrays.stream(lost).sum() == 0 || System.nanoTime() > deadline) return lost;
        sleep(100);
      }
    }

    // ---- results

    static void report(int open, double seedS, double usersS, double guildsS, int joins, double openS, JsonObject snap,
                       double mixS, double cpuS, long rss, long[] afterGc, long[] lost, double drainS, long reconnects, long given) {
      Table t = new Table(String.format("community: %,d users, %d guilds (one of %,d), %,d streams, %s s of mixed traffic (open loop)",
          users, guildCount, members[0].length, open, fmtS(seconds)),
          "figure", "requests", "p50 ms", "p99 ms", "max ms", "ack p99", "deliveries", "lost", "errors", "target");
      JsonObject types = new JsonObject();
      for (int k = 0; k < TYPES.length; k++) {
        Histogram h = latency[k];
        t.row(TYPES[k] + " (" + fmtS(round(RATES[k] * rateScale)) + "/s)", issued[k].get(), h.ms(0.5), h.ms(0.99), h.maxMs(), ack[k].ms(0.99),
            deliveries[k].get(), COUNTS_LOST[k] ? String.valueOf(lost[k]) : "n/a", errors[k].get(), "p99 < 100 ms" + (COUNTS_LOST[k] ? ", 0 lost" : ""));
        types.put(TYPES[k], h.json().put("rate_per_s", round(RATES[k] * rateScale)).put("requests", issued[k].get())
            .put("ack", ack[k].json()).put("deliveries", deliveries[k].get()).put("errors", errors[k].get())
            .put("lost", COUNTS_LOST[k] ? lost[k] : null));
      }
      double perS = totalDeliveries.get() / Math.max(mixS, 1e-9);
      t.row("deliveries/s", "", "", "", "", "", String.format("%,.0f/s", perS), "", "", "");
      t.row("snapshot (" + String.format("%,d", members[0].length) + "-member guild)", snap.getLong("count"), snap.getDouble("p50_ms"),
          snap.getDouble("p99_ms"), snap.getDouble("max_ms"), "", String.format("%,d bytes", snap.getLong("bytes")), "", "", "p99 < 50 ms, < 200 KB");
      t.row("server RSS at the end", "", "", "", "", "", mib(rss), "", "", "< 1.5 GiB");
      t.row("  after a forced GC: RSS / heap", "", "", "", "", "", mib(afterGc[0]) + " / " + mib(afterGc[1]), "", "", "");
      t.row("server CPU during the mix", "", "", "", "", "", server == null ? "-" : String.format("%.0f s (%.0f %% of a core)", cpuS, 100 * cpuS / mixS), "", "", "");
      t.notes.add(String.format("seeding %.0f s: %,d logins %.0f s, guilds and %,d joins %.0f s, %,d streams (snapshot then stream) %.0f s",
          seedS, users, usersS, joins, guildsS, open, openS));
      t.notes.add(String.format("seeding joins answered in p50 %.0f ms / p99 %.0f ms in the big guild, p50 %.0f ms / p99 %.0f ms in the others "
          + "(a join answers with the guild and sends it as GUILD_CREATE, its members included)", seedJoinBig.ms(0.5), seedJoinBig.ms(0.99), seedJoinOther.ms(0.5), seedJoinOther.ms(0.99)));
      t.notes.add("latency = request start to arrival on each stream that should get it; ack p99 = request start to its answer");
      t.notes.add("lost = acknowledged requests' deliveries that never reached a stream of a member of the guild within 10 s after the end (all channels public); "
          + "typing in a large guild: a stream whose client shows its member list (each shows one of its guilds, each as likely)");
      t.notes.add("joins and presence changes: delivered counts only, no lost: their audience depends on lazy member lists; joiners have no stream, changers do");
      t.notes.add(String.format("guilds are picked in proportion to their members; %,d duplicate and %,d unmatched arrivals; %d reconnects, %d streams given up; drain %.1f s",
          duplicates.get(), unmatched.get(), reconnects, given, drainS));
      t.print();
      results.put("community", new JsonObject().put("users", users).put("guilds", guildCount).put("big_guild_members", members[0].length)
          .put("streams", open).put("streams_in_big_guild", streamsInGuild[0]).put("streams_showing_big_guild", streamsShowing[0])
          .put("large_guilds", largeGuilds()).put("large_guild_streams_showing_another", showingElsewhere()).put("seconds", seconds).put("rate_scale", rateScale)
          .put("seed_s", round(seedS)).put("seed_users_s", round(usersS)).put("seed_guilds_s", round(guildsS)).put("joins_seeded", joins)
          .put("open_streams_s", round(openS)).put("snapshot", snap).put("types", types)
          .put("deliveries", totalDeliveries.get()).put("deliveries_per_s", round(perS)).put("lost", Arrays.stream(lost).sum())
          .put("duplicates", duplicates.get()).put("unmatched", unmatched.get()).put("reconnects", reconnects).put("streams_given_up", given)
          .put("server_cpu_s", round(cpuS)).put("server_rss_bytes", rss)
          .put("server_rss_after_gc_bytes", afterGc[0]).put("server_heap_after_gc_bytes", afterGc[1])
          .put("seed_join_big_guild", seedJoinBig.json()).put("seed_join_other_guilds", seedJoinOther.json()).put("mix_s", round(mixS)));
    }

    // ---- streams

    static final List<Stream> streamsOpen = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final byte[] CONTENT = "\"content\":\"c".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHANNEL_ID = "\"channel_id\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] USER_ID = "\"user_id\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MESSAGE_ID = "\"message_id\":\"".getBytes(StandardCharsets.US_ASCII);

    /** One SSE stream: matches each arrival of the mix to its request, once per stream, and reconnects with Last-Event-ID. */
    static final class Stream extends SseLines {
      int type = -1;
      final BitSet got = new BitSet();
      /** The guild whose member list this stream's client shows, or -1. */
      final int shows;

      Stream(String token, int shows) {
        super(token, 2048);
        this.shows = shows;
        streamsOpen.add(this);
      }

      /**
       * The client says its member list each time its stream opens, as the web client does: a user whose last
       * stream closed is forgotten as a watcher, and would miss a large guild's typing after a reconnect.
       */
      @Override
      Future<Void> opened() {
        if (shows < 0) return Future.succeededFuture();
        return mustAsync(HttpMethod.PUT, "/api/v1/users/@me/member-list", token, new JsonObject().put("guild_id", guildIds[shows]))
            .<Void>mapEmpty()
            .otherwise(e -> {
              System.err.println("  member list: " + e.getMessage());
              return null;
            });
      }

      boolean is(String s, int from) {
        if (len - from != s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (line[from + i] != s.charAt(i)) return false;
        return true;
      }

      void onLine(long now) {
        if (len == 0) { type = -1; return; }
        byte first = line[0];
        if (first == ':') {
          if (len >= 11 && line[2] == 'c' && line[3] == 'o' && line[4] == 'n') hello = true; // ": connected"
        } else if (first == 'i' && len > 4 && line[1] == 'd' && line[2] == ':') {
          long v = 0;
          for (int i = 4; i < len; i++) v = v * 10 + (line[i] - '0');
          lastEventId = v;
        } else if (first == 'e' && len > 7 && line[5] == ':') {
          type = -1;
          for (int t = 0; t < TYPES.length; t++) if (is(TYPES[t], 7)) type = t;
        } else if (first == 'd' && type >= 0) {
          onData(now);
        }
      }

      /** The request this arrival answers, from the content marker or the (who, where) the event names. */
      void onData(long now) {
        int r = switch (type) {
          case MSG, EDIT -> {
            int at = indexOf(line, len, CONTENT);
            if (at < 0) yield -1;
            int i = at + CONTENT.length;
            if (i >= len || line[i] != (type == MSG ? 'm' : 'e')) yield -1;
            int v = 0;
            for (i++; i < len && line[i] >= '0' && line[i] <= '9'; i++) v = v * 10 + (line[i] - '0');
            yield v;
          }
          case TYPING -> lookup(field(CHANNEL_ID) + ":" + field(USER_ID));
          case REACT -> lookup(field(MESSAGE_ID) + ":" + field(USER_ID));
          case PRESENCE -> lookup(field(USER_ID));
          case JOIN -> {
            JsonObject m = new JsonObject(new String(line, 6, len - 6, StandardCharsets.UTF_8));
            yield lookup(m.getString("guild_id") + ":" + m.getJsonObject("user").getString("id"));
          }
          default -> -1;
        };
        if (r < 0 || r >= capacity || reqType == null || reqType[r] != type) {
          unmatched.incrementAndGet();
          return;
        }
        synchronized (this) {
          if (got.get(r)) { duplicates.incrementAndGet(); return; }
          got.set(r);
        }
        received.incrementAndGet(r);
        deliveries[type].incrementAndGet();
        totalDeliveries.incrementAndGet();
        latency[type].recordNanos(now - sentAt.get(r));
      }

      static int lookup(String key) {
        Integer r = keyed.get(key);
        return r == null ? -1 : r;
      }

      /** The string value of "name":"..." in the data line, or "" (ids and short values need no unescaping). */
      String field(byte[] key) {
        int at = indexOf(line, len, key);
        if (at < 0) return "";
        int i = at + key.length, j = i;
        while (j < len && line[j] != '"') j++;
        return new String(line, i, j - i, StandardCharsets.US_ASCII);
      }
    }
  }
}
