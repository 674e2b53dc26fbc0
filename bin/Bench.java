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
    api = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxInitialLineLength(8192),
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
        default -> die("unknown option " + a + "\n" + USAGE);
      }
    }
    for (String s : scenarios) {
      if (!List.of("send", "floor", "fanout", "connections", "snapshot", "startup", "all").contains(s)) die("unknown scenario " + s);
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
      List<String> cmd = new ArrayList<>(List.of("java", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xss512k",
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
    RequestOptions ro = new RequestOptions().setMethod(method).setHost(h).setPort(p).setURI(path)
        .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
    if (token != null) ro.putHeader("Authorization", "Bearer " + token);
    Buffer buf = body == null ? null : body instanceof Buffer b ? b : ((JsonObject) body).toBuffer();
    if (buf != null) ro.putHeader("Content-Type", "application/json");
    return api.request(ro).compose(req -> buf == null ? req.send() : req.send(buf))
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
  static final class Sub {
    final String token;
    volatile HttpConnection connection;
    volatile boolean hello;
    volatile boolean closing;
    volatile int reconnects;
    volatile String failure;
    long lastEventId = -1;
    byte[] line = new byte[1024];
    int len;
    boolean isMessage;
    int phaseTag = -1;
    BitSet got = new BitSet();

    Sub(String token) {
      this.token = token;
    }

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
        return Future.<Void>succeededFuture();
      }).onFailure(e -> dropped(e.toString()));
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
}
