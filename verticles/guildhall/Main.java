package guildhall;

import guildhall.fanout.Deliveries;
import guildhall.fanout.FanoutVerticle;
import guildhall.fanout.SseConnection;
import guildhall.http.AdminVerticle;
import guildhall.http.HttpVerticle;
import guildhall.http.RateLimits;
import guildhall.permissions.PermissionsVerticle;
import guildhall.presence.PresenceVerticle;
import guildhall.store.StoreVerticle;
import guildhall.store.UnusableDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;

import java.util.UUID;

/**
 * Starts Guildhall: reads the configuration, starts Vert.x (clustered over Hazelcast when cluster
 * members are configured), and deploys one verticle per concern. The store first, since the
 * permissions verticle loads its state from it; HTTP last, so nothing is served half-ready.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    // The level (GUILDHALL_LOG_LEVEL) and hazelcast's warn-only are in LogSetup.
    System.setProperty("hazelcast.logging.type", "slf4j");
    if (args.length > 0 && args[0].equals("--train-cds")) {
      Logging.quiet();
      CdsTraining.run();
      return;
    }
    if (args.length > 0 && args[0].equals("backup")) {
      if (args.length < 2) {
        System.err.println("usage: bin/guildhall backup <new-file> [config.json]");
        System.exit(2);
      }
      JsonObject config = Config.load(args.length > 2 ? args[2] : null, System.getenv());
      Logging.configure(config);
      System.exit(Backup.run(config, args[1]));
    }
    // The configuration first: it names the log format, which LogSetup reads when logback sets up.
    JsonObject config = Config.load(args.length > 0 ? args[0] : null, System.getenv());
    Logging.configure(config);
    Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
    startVertx(config)
        .compose(vertx -> deploy(vertx, config).onFailure(e -> vertx.close()).map(vertx))
        .onSuccess(vertx -> {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
          JsonObject admin = config.getJsonObject("admin", new JsonObject());
          log.info("Guildhall serving on http://localhost:{} (node {}, database {}, cluster {}); admin (metrics, health) {}",
              config.getJsonObject("http").getInteger("port"), config.getJsonObject("node").getInteger("id"),
              Config.masked(config.getJsonObject("database").getString("url")), clusterMembers(config).isEmpty() ? "off" : clusterMembers(config),
              AdminVerticle.enabled(config) ? "on http://" + admin.getString("host", "127.0.0.1") + ":" + admin.getInteger("port", 9090) : "off");
        })
        .onFailure(e -> {
          UnusableDatabase unusable = unusableDatabase(e);
          if (unusable != null) {
            // One line the operator can act on; the stack trace would only bury it.
            log.error("Guildhall cannot start: {}", unusable.getMessage());
            System.exit(unusable.restartMayHelp ? 1 : UnusableDatabase.EXIT_CODE);
          }
          log.error("Guildhall failed to start", e);
          System.exit(1);
        });
  }

  private static UnusableDatabase unusableDatabase(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnusableDatabase unusable) {
        return unusable;
      }
    }
    return null;
  }

  static String clusterMembers(JsonObject config) {
    return config.getJsonObject("cluster", new JsonObject()).getString("members", "").trim();
  }

  /** A plain Vert.x, or a clustered one when cluster members are listed. */
  public static Future<Vertx> startVertx(JsonObject config) {
    String members = clusterMembers(config);
    var registry = Metrics.newRegistry();
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(eventLoops(config)).setPreferNativeTransport(true)
        .setMetricsOptions(metricsOptions());
    var metrics = new MicrometerMetricsFactory(registry);
    if (members.isEmpty()) {
      Vertx vertx = Vertx.builder().with(options).withMetrics(metrics).build();
      Metrics.attach(vertx, registry);
      return Future.succeededFuture(vertx);
    }
    JsonObject cluster = config.getJsonObject("cluster");
    String host = cluster.getString("host", "127.0.0.1");
    // Programmatic Hazelcast: TCP/IP members listed one by one, bound to one interface, no multicast.
    var hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(cluster.getString("name", "guildhall"));
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", cluster.getString("join_wait_s", "1"));
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    // A node killed without a word is noticed within seconds, not Hazelcast's default minute: its users go
    // offline and the commit order stops waiting for it (both follow membership).
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", cluster.getString("failure_after_s", "6"));
    var network = hazelcast.getNetworkConfig();
    network.setPort(cluster.getInteger("port", 5701)).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(host);
    var join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    var tcp = join.getTcpIpConfig().setEnabled(true);
    for (String member : members.split(",")) {
      if (!member.isBlank()) {
        tcp.addMember(member.trim());
      }
    }
    return Vertx.builder()
        .with(options.setEventBusOptions(new EventBusOptions().setHost(host).setPort(0)))
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .withMetrics(metrics)
        .buildClustered()
        .onSuccess(vertx -> Metrics.attach(vertx, registry));
  }

  /**
   * Vert.x's own meters (HTTP server, event bus, pools, JVM) on our Prometheus registry. The registry
   * name is unique per instance: vertx-micrometer keeps its registries by name, JVM-wide, and tests run
   * many nodes in one JVM. No path label: one series per URL would grow without bound.
   */
  private static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setRegistryName("guildhall-" + UUID.randomUUID())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /**
   * One event loop per HTTP instance plus one each for the store, permissions, presence and fan-out:
   * a verticle sharing a loop with an HTTP instance would wait behind its SSE writes (measured: POST
   * acknowledgements queued behind fan-out). With more loops than cores the OS interleaves them finely.
   */
  static int eventLoops(JsonObject config) {
    return httpInstances(config) + 4;
  }

  static int httpInstances(JsonObject config) {
    int configured = config.getJsonObject("http", new JsonObject()).getInteger("instances", 0);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** Deploys every verticle with its configuration. Tests call this too, with a fresh database. */
  public static Future<Void> deploy(Vertx vertx, JsonObject config) {
    vertx.eventBus().registerDefaultCodec(SseConnection.class, new LocalCodec<>(SseConnection.class));
    vertx.eventBus().registerDefaultCodec(Deliveries.class, new LocalCodec<>(Deliveries.class));
    JsonObject withNode = config.copy();
    DeploymentOptions one = new DeploymentOptions().setConfig(withNode);
    // One HTTP instance per core: more would only contend for the same cores.
    DeploymentOptions http = new DeploymentOptions().setConfig(withNode).setInstances(httpInstances(config));
    // In this order, one at a time: event loops are handed out round-robin as contexts are made, and this
    // order gives the store, permissions, presence and fan-out each a loop of their own, apart from the
    // HTTP instances. (Deploying in parallel made more contexts and put HTTP beside the store: sends fell
    // from ~2,200/s to ~1,300/s.) Permissions loads its state from the store; HTTP comes last.
    // The contract is read meanwhile, on the other core (its context takes a loop too, idle once read).
    Future<OpenAPIContract> contract = HttpVerticle.loadContract(vertx);
    return vertx.deployVerticle(new StoreVerticle(), one)
        .compose(id -> vertx.deployVerticle(new PermissionsVerticle(), one))
        .compose(id -> vertx.deployVerticle(new PresenceVerticle(), one))
        .compose(id -> vertx.deployVerticle(new FanoutVerticle(), one))
        .compose(id -> contract)
        .compose(api -> {
          RateLimits limits = RateLimits.create(vertx, config); // one per node, shared by the HTTP instances
          return vertx.deployVerticle(() -> new HttpVerticle(api, limits), http);
        })
        .compose(id -> AdminVerticle.enabled(config) ? vertx.deployVerticle(new AdminVerticle(), one) : Future.succeededFuture(id))
        .mapEmpty();
  }
}
