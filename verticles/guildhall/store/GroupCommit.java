package guildhall.store;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.Snowflake;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Group commit: every write that arrives while a transaction is in flight waits, and the next
 * transaction takes them all. Under load that is one commit for hundreds of writes (the trial on this
 * machine: 2,200 single-row commits/s against 150,000 rows/s in batches of 100). A write is acknowledged
 * only after its transaction commits; its events are then published, in id order.
 *
 * <p>All or nothing, per request: a write that fails with an {@link ApiError} (the client's mistake) rolls
 * the batch back, gets its error, and the others run again without it, so that whatever it had changed
 * before it failed is gone. Writes check before they change anything, so the rerun is rare and cheap. If
 * a batch fails for any other reason, each of its writes is retried alone so that only the faulty one fails.
 */
final class GroupCommit {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** A write: runs its statements on the transaction and returns what the caller gets. */
  interface Write<T> extends BiFunction<Tx, SqlConnection, Future<T>> {}

  private record Pending<T>(Write<T> write, Promise<T> promise) {}

  /** A write of the batch refused its request: the batch rolls back and runs again without it. */
  private static final class Rejected extends RuntimeException {
    final int index;

    Rejected(int index, ApiError error) {
      super(error.getMessage(), error, false, false);
      this.index = index;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Snowflake ids;
  private final int maxBatch;
  private final EventLog eventLog;
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private boolean inFlight;

  GroupCommit(Vertx vertx, Pool pool, Snowflake ids, SqlQueries sql, int maxBatch) {
    this.vertx = vertx;
    this.pool = pool;
    this.ids = ids;
    this.maxBatch = maxBatch;
    this.eventLog = new EventLog(sql);
  }

  <T> Future<T> submit(Write<T> write) {
    Promise<T> promise = Promise.promise();
    queue.add(new Pending<>(write, promise));
    if (!inFlight) {
      inFlight = true;
      // Let the rest of this tick's arrivals join the batch.
      vertx.runOnContext(v -> drain());
    }
    return promise.future();
  }

  private void drain() {
    if (queue.isEmpty()) {
      inFlight = false;
      return;
    }
    List<Pending<?>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    runBatch(batch).onComplete(done -> drain());
  }

  private Future<Void> runBatch(List<Pending<?>> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    List<JsonObject> events = new ArrayList<>();
    List<EventLog.Redaction> redactions = new ArrayList<>();
    Future<Void> committed = pool.withTransaction(conn -> runAll(conn, batch, results, events, redactions));
    return committed.transform(outcome -> {
      if (outcome.succeeded()) {
        publish(events);
        for (int i = 0; i < batch.size(); i++) {
          complete(batch.get(i), results.get(i));
        }
        return Future.succeededFuture();
      }
      if (outcome.cause() instanceof Rejected rejected) {
        batch.get(rejected.index).promise().fail(rejected.getCause());
        List<Pending<?>> others = new ArrayList<>(batch);
        others.remove(rejected.index);
        return others.isEmpty() ? Future.succeededFuture() : runBatch(others);
      }
      if (batch.size() == 1) {
        if (isUniqueViolation(outcome.cause())) {
          // Another node won a race for the same key: the client's request clashes, it is no server fault.
          batch.get(0).promise().fail(ApiError.conflict(null, "That already exists"));
        } else {
          log.error("Write failed", outcome.cause());
          batch.get(0).promise().fail(outcome.cause());
        }
        return Future.succeededFuture();
      }
      log.warn("A batch of {} writes failed ({}); retrying each alone", batch.size(), outcome.cause().toString());
      Future<Void> chain = Future.succeededFuture();
      for (Pending<?> one : batch) {
        chain = chain.compose(v -> runBatch(List.of(one)));
      }
      return chain;
    });
  }

  private Future<Void> runAll(SqlConnection conn, List<Pending<?>> batch, List<Object> results,
                              List<JsonObject> events, List<EventLog.Redaction> redactions) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < batch.size(); i++) {
      Pending<?> pending = batch.get(i);
      int index = i;
      chain = chain.compose(v -> {
        Tx tx = new Tx(conn, ids);
        return pending.write().apply(tx, conn).transform(outcome -> {
          if (outcome.succeeded()) {
            results.add(outcome.result());
            events.addAll(tx.events);
            redactions.addAll(tx.redactions);
            return Future.succeededFuture();
          }
          if (outcome.cause() instanceof ApiError refused) {
            return Future.failedFuture(new Rejected(index, refused));
          }
          return Future.failedFuture(outcome.cause());
        });
      });
    }
    return chain.compose(v -> eventLog.append(conn, events, redactions));
  }

  private void publish(List<JsonObject> events) {
    if (!events.isEmpty()) {
      vertx.eventBus().publish(Addresses.EVENTS_COMMITTED, new JsonArray(new ArrayList<>(events)));
    }
  }

  private static boolean isUniqueViolation(Throwable failure) {
    String text = String.valueOf(failure.getMessage());
    return text.contains("UNIQUE constraint failed") || text.contains("23505") || text.contains("duplicate key");
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> pending, Object result) {
    pending.promise().complete((T) result);
  }
}
