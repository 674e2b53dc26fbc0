package guildhall.http;

import guildhall.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ready}: whether this node should be sent traffic. 200 when its database can commit, it is
 * in its cluster (when clustered), and its permission state is loaded; otherwise 503 with the reasons.
 * {@code /health} stays the liveness check (the process answers); this one is for load balancers and
 * orchestrators, which take a node out while it cannot serve and put it back when it can.
 */
final class Readiness {
  /** A check that takes longer than this counts as failed: a probe stuck behind a stalled disk is an answer too. */
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(3_000).setLocalOnly(true);

  private final Vertx vertx;

  Readiness(Vertx vertx) {
    this.vertx = vertx;
  }

  void handle(RoutingContext ctx) {
    Future<String> database = ask(Addresses.STORE_READINESS, "database: no answer from the store");
    Future<String> permissions = ask(Addresses.PERMISSIONS_READINESS, "permissions: state not loaded");
    Future.join(database, permissions).onComplete(done -> {
      JsonArray reasons = new JsonArray();
      for (Future<String> check : java.util.List.of(database, permissions)) {
        if (check.result() != null) {
          reasons.add(check.result());
        }
      }
      String cluster = clusterProblem();
      if (cluster != null) {
        reasons.add(cluster);
      }
      JsonObject body = reasons.isEmpty() ? new JsonObject().put("status", "ready")
          : new JsonObject().put("status", "not_ready").put("reasons", reasons);
      ctx.response().setStatusCode(reasons.isEmpty() ? 200 : 503)
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(body.encode());
    });
  }

  /** A check's reason for not being ready, or null; never a failed future. */
  private Future<String> ask(String address, String whenSilent) {
    return vertx.eventBus().<JsonObject>request(address, new JsonObject(), ASK).transform(reply -> {
      if (reply.failed()) {
        return Future.succeededFuture(whenSilent);
      }
      JsonObject answer = reply.result().body();
      return Future.succeededFuture(answer.getBoolean("ok", false) ? null : answer.getString("reason", whenSilent));
    });
  }

  /** Clustered: the Hazelcast member must be running (it stops when it loses the cluster for good). */
  private String clusterProblem() {
    if (!vertx.isClustered()) {
      return null;
    }
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return manager != null && manager.isActive() ? null : "cluster: not joined";
  }
}
