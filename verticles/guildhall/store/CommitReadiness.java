package guildhall.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Whether this node's database can commit, for {@code /ready}. Under traffic the last real commit says
 * so for free; when it is older than {@code freshMs} (an idle node, or one whose last commit failed and
 * that nobody writes to since the load balancer took it out), a probe commit through the same group
 * commit finds out. One probe at a time: concurrent checks wait for the same one.
 *
 * <p>After a fault the probe writes {@link #PADDING_BYTES} of incompressible padding: a row that small
 * writes can fit where a full disk has no room for real batches, and a node that only proved room for
 * its probe would be put back in service to fail again. Healthy probes write none (and free it again).
 */
final class CommitReadiness {
  private final GroupCommit writes;
  private final SqlQueries sql;
  private final int nodeId;
  private final long freshMs;
  private Future<Void> probing;
  private static final int PADDING_BYTES = 256 * 1024;
  private static final String PADDING = padding();

  CommitReadiness(GroupCommit writes, SqlQueries sql, int nodeId, long freshMs) {
    this.writes = writes;
    this.sql = sql;
    this.nodeId = nodeId;
    this.freshMs = freshMs;
  }

  /** {@code {"ok": true}} or {@code {"ok": false, "reason": ...}}; never fails. */
  Future<JsonObject> check(JsonObject ignored) {
    GroupCommit.Status last = writes.status();
    if (System.currentTimeMillis() - last.at() < freshMs) {
      return Future.succeededFuture(answer(last.reason()));
    }
    if (probing == null) {
      String padding = last.ok() ? "" : PADDING;
      Future<Void> probe = writes.<Void>submit((tx, conn) -> Sql.run(conn, sql.touchCommitProbe, nodeId, tx.now, padding).mapEmpty());
      probing = probe;
      probe.onComplete(done -> probing = null);
    }
    return probing.transform(done -> {
      GroupCommit.Status now = writes.status();
      String reason = done.succeeded() ? null : now.ok() ? "the probe commit failed: " + done.cause().getMessage() : now.reason();
      return Future.succeededFuture(answer(reason));
    });
  }

  /** Random, so that neither SQLite nor PostgreSQL's TOAST compression can shrink it. */
  private static String padding() {
    byte[] bytes = new byte[PADDING_BYTES * 3 / 4];
    new java.util.Random().nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }

  private static JsonObject answer(String reason) {
    return reason == null ? new JsonObject().put("ok", true) : new JsonObject().put("ok", false).put("reason", "database cannot commit: " + reason);
  }
}
