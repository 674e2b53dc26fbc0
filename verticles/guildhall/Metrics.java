package guildhall;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.function.Supplier;

/**
 * This node's meters, on the same Prometheus registry as Vert.x's own (HTTP server, event bus, pools,
 * JVM), which the admin listener serves at {@code /metrics}. One per Vert.x instance: tests run many
 * nodes in one JVM, so the registry is never a JVM-wide singleton. Counters are bumped once per batch
 * on the hot paths, with the batch's count, not once per frame.
 */
public final class Metrics implements Shareable {
  private static final String MAP = "guildhall.metrics";

  public final PrometheusMeterRegistry registry;
  public final Counter eventsDelivered;
  public final Counter eventsCommitted;
  public final Counter messagesCreated;
  public final Counter replays;
  public final Counter resyncs;
  public final Counter slowStreamsDropped;
  public final Timer storeCommit;
  public final DistributionSummary storeBatchSize;

  Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    eventsDelivered = counter("guildhall.events.delivered", "Event frames written to update streams (live and replayed)");
    eventsCommitted = counter("guildhall.events.committed", "Events committed by this node's store");
    // Not "messages.created": Prometheus reserves a _created suffix (a counter's creation time), and its
    // client would cut the name down to guildhall_messages_total.
    messagesCreated = counter("guildhall.messages.posted", "Messages committed by this node's store");
    replays = counter("guildhall.replays", "Update streams that resumed from a cursor and replayed what they missed");
    resyncs = counter("guildhall.resyncs", "Update streams told to resync (their cursor was too old or their view changed)");
    slowStreamsDropped = counter("guildhall.slow.streams.dropped", "Update streams closed because their client could not keep up");
    storeCommit = Timer.builder("guildhall.store.commit")
        .description("Time of one group-commit transaction, begin to commit").register(registry);
    storeBatchSize = DistributionSummary.builder("guildhall.store.batch.size")
        .description("Writes per group-commit transaction").register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Makes {@code registry}'s meters this Vert.x's; called once, as it starts. */
  public static Metrics attach(Vertx vertx, PrometheusMeterRegistry registry) {
    Metrics metrics = new Metrics(registry);
    Object before = vertx.sharedData().getLocalMap(MAP).putIfAbsent("meters", metrics);
    return before == null ? metrics : (Metrics) before;
  }

  /** This Vert.x's meters; a Vert.x started without {@link Main#startVertx} (some tests) gets a registry of its own. */
  public static Metrics of(Vertx vertx) {
    Object metrics = vertx.sharedData().getLocalMap(MAP).get("meters");
    return metrics != null ? (Metrics) metrics : attach(vertx, newRegistry());
  }

  /** A gauge read at each scrape; {@code value} may be read off its owner's thread, a stale count is fine. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).strongReference(true).register(registry);
  }
}
