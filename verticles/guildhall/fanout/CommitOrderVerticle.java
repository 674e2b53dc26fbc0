package guildhall.fanout;

import guildhall.Addresses;
import guildhall.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns this node's {@link CommitOrder}: reads every node's commits and positions from the cluster,
 * hands committed events on, node-locally and in id order, to whatever applies them (permissions, then
 * fan-out; presence; the store's caches), and tells a replay or a snapshot how far that order has come.
 * Alone, the only node's commits are already in order and go on as they arrive.
 */
public class CommitOrderVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(CommitOrderVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final CommitOrder order = new CommitOrder();
  private long leaseMs;

  @Override
  public Future<?> start() {
    JsonObject events = config().getJsonObject("events", new JsonObject());
    leaseMs = events.getLong("position_lease_ms", 5_000L);
    boolean clustered = ClusterNodes.clustered(vertx);
    var bus = vertx.eventBus();
    bus.<JsonObject>localConsumer(Addresses.EVENTS_WATERMARK, msg -> msg.reply(clustered
        ? new JsonObject().put("until", order.released()) : new JsonObject()));
    if (clustered) {
      long now = System.currentTimeMillis();
      // The members there now: none of their commits may be passed before they have said where they are.
      for (String node : ((VertxInternal) vertx).clusterManager().getNodes()) {
        order.expect(node, now);
      }
      ClusterNodes.onLeft(vertx, node -> {
        log.info("Node {} left the cluster: the commit order no longer waits for it", node);
        handOn(order.left(node));
      });
      vertx.setPeriodic(leaseMs / 4, t -> {
        for (String node : order.silentSince(System.currentTimeMillis(), leaseMs)) {
          log.warn("Node {} has not reported its position for {} ms: the commit order no longer waits for it", node, leaseMs);
          handOn(order.forget(node));
        }
      });
    }
    // Cluster-wide, and registered before the permissions verticle loads its state (deployed after this).
    return bus.<JsonObject>consumer(Addresses.EVENTS_COMMITTED_BY_NODE, msg -> {
      JsonObject report = msg.body();
      JsonArray committed = report.getJsonArray("events", new JsonArray());
      List<JsonObject> list = new ArrayList<>(committed.size());
      for (Object e : committed) {
        list.add((JsonObject) e);
      }
      long lateBefore = order.late();
      handOn(order.report(report.getString("node"), report.getLong("position"), list, System.currentTimeMillis()));
      if (order.late() > lateBefore) {
        log.warn("{} events from node {} came after the watermark had passed them (it had been let go): handed on out of order",
            order.late() - lateBefore, report.getString("node"));
      }
    }).completion();
  }

  private void handOn(List<JsonObject> events) {
    if (!events.isEmpty()) {
      vertx.eventBus().publish(Addresses.EVENTS_COMMITTED, new JsonArray(new ArrayList<>(events)), LOCAL);
    }
  }
}
