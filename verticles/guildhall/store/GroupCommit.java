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
import java.util.function.Function;

/**
 * Group commit: every write that arrives while a transaction is in flight waits, and the next
 * transaction takes them all. Under load that is one commit for hundreds of writes (the trial on this
 * machine: 2,200 single-row commits/s against 150,000 rows/s in batches of 100). A write is acknowledged
 * only after its transaction commits; its events are then published, in id order.
 *
 * <p>All or nothing, per request: a write that fails with an {@link ApiError} (the client's mistake) rolls
 * the batch back, gets its error, and the others run again without it, so that whatever it had changed
 * before it failed is gone. Writes check before they change anything, so the rerun is rare and cheap. If
 * a batch fails for any other reason, each of its writes is retried alone so that only the faulty one fails,
 * except for a fault of the database itself (disk full, I/O error, connection lost: {@link StoreFaults}):
 * then the whole batch answers 503 at once, nothing of it was acknowledged, and the next batch simply tries
 * again, so that writes succeed again as soon as the cause is gone. {@link #status} says how the last
 * commit went, for {@code /ready}.
 */
public final class GroupCommit {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** A write: runs its statements on the transaction and returns what the caller gets. */
  interface Write<T> extends BiFunction<Tx, SqlConnection, Future<T>> {}

  /** {@code independent}: see {@link #submitIndependent}. */
  private record Pending<T>(Write<T> write, Promise<T> promise, boolean independent) {}

  /** How the last commit went: {@code reason} is null when it succeeded. {@code at} is 0 before the first one. */
  record Status(String reason, long at) {
    boolean ok() {
      return reason == null;
    }
  }

  /** While the database keeps failing, a log line at most this often (with how many writes failed meanwhile). */
  private static final long FAULT_LOG_EVERY_MS = 10_000;
  private static final String MESSAGE_CREATE = guildhall.EventType.MESSAGE_CREATE.name();

  /** A write of the batch refused its request: the batch rolls back and runs again without it. */
  private static final class Rejected extends RuntimeException {
    final int index;

    Rejected(int index, ApiError error) {
      super(error.getMessage(), error, false, false);
      this.index = index;
    }
  }

  private final Vertx vertx;
  private final guildhall.Metrics metrics;
  private final Pool pool;
  private final Snowflake ids;
  private final int maxBatch;
  /** Whether independent writes of a batch send their statements together rather than one after another. */
  private final boolean pipeline;
  private final EventLog eventLog;
  private final String begin;
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private boolean inFlight;
  /** This node, as its commits are reported to the cluster's commit order. */
  private String node = "";
  /** The floor of the ids of the transaction now open, or -1 when none is: see {@link #position()}. */
  private long openFloor = -1;
  private Status status = new Status(null, 0);
  private long faultSince;
  private long faultLoggedAt;
  private long refusedDuringFault;

  GroupCommit(Vertx vertx, Pool pool, Snowflake ids, SqlQueries sql, int maxBatch, boolean pipeline) {
    this.vertx = vertx;
    this.metrics = guildhall.Metrics.of(vertx);
    this.pool = pool;
    this.ids = ids;
    this.maxBatch = maxBatch;
    // Statements sent together wait for about one round trip instead of one each: PostgreSQL's client
    // pipelines them on the connection, and the JDBC client runs a connection's statements in order on
    // the worker, one after another with no return to the event loop in between.
    this.pipeline = pipeline;
    this.eventLog = new EventLog(sql);
    // SQLite: IMMEDIATE takes the write lock at the start, where the busy timeout applies, rather than
    // failing with SQLITE_BUSY on upgrading a read transaction part-way through.
    this.begin = sql.postgres() ? "BEGIN" : "BEGIN IMMEDIATE";
  }

  /**
   * For the benchmark's floor (guildhall.floor.FloorServer), which measures this same batching with
   * nothing of Guildhall around it and so lives outside this package: SqlQueries stays this package's.
   */
  public GroupCommit(Vertx vertx, Pool pool, Snowflake ids, boolean postgres, int maxBatch) {
    this(vertx, pool, ids, SqlQueries.of(postgres), maxBatch, true);
  }

  Status status() {
    return status;
  }

  void node(String node) {
    this.node = node;
  }

  /**
   * Every event id of this node up to here has been published, and none it makes later will be at or
   * below it: the smallest id the open transaction may hold, less one, or with none open, what the id
   * generator can still make, less one. The cluster's commit order (fanout/CommitOrder) releases events
   * only below every node's position.
   */
  long position() {
    return (openFloor >= 0 ? openFloor : ids.floor()) - 1;
  }

  /** This node's position, and the events its last commit made (none for a periodic report). */
  JsonObject report(List<JsonObject> events) {
    return new JsonObject().put("node", node).put("position", position()).put("events", new JsonArray(new ArrayList<>(events)));
  }

  <T> Future<T> submit(Write<T> write) {
    return enqueue(write, false);
  }

  /**
   * A write whose statements may interleave with those of the batch's other independent writes: it reads
   * nothing that another write of the batch may change before it, and makes no check that a neighbour
   * could make stale before it acts (a conflict it cares about, such as a reused nonce, is settled by one
   * atomic statement: the database runs a transaction's statements in the order they were sent, so the
   * second insert of a nonce still finds the first). Runs of such writes are sent together
   * ({@code store.pipeline}); any other write waits for the run before it, and the run after it waits for it.
   */
  <T> Future<T> submitIndependent(Write<T> write) {
    return enqueue(write, true);
  }

  private <T> Future<T> enqueue(Write<T> write, boolean independent) {
    Promise<T> promise = Promise.promise();
    queue.add(new Pending<>(write, promise, independent));
    if (!inFlight) {
      inFlight = true;
      // Let the rest of this tick's arrivals join the batch.
      vertx.runOnContext(v -> drain());
    }
    return promise.future();
  }

  /**
   * A write of plain statements that emits no event: the floor's insert. Public with the constructor
   * above, because a write from outside this package cannot name {@link Tx}.
   */
  public <T> Future<T> submitWithoutEvents(Function<SqlConnection, Future<T>> statements) {
    return submit((tx, conn) -> statements.apply(conn));
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
    long began = System.nanoTime();
    Future<Void> committed = inTransaction(conn -> runAll(conn, batch, results, events, redactions));
    return committed.transform(outcome -> {
      openFloor = -1; // committed or rolled back, the transaction holds no id any more
      metrics.storeCommit.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
      metrics.storeBatchSize.record(batch.size());
      if (outcome.succeeded()) {
        committedOk();
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
      String fault = StoreFaults.reason(outcome.cause());
      if (fault != null) {
        // Each write alone would meet the same fault: all answer 503 now, and the next batch tries afresh.
        faulted(fault, outcome.cause(), batch.size());
        for (Pending<?> pending : batch) {
          pending.promise().fail(StoreFaults.unavailable());
        }
        return Future.succeededFuture();
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

  /**
   * One transaction on the writer, begun and ended by plain statements. Not the pool's withTransaction:
   * when SQLite rolls a transaction back by itself (as it does on SQLITE_FULL or an I/O error), the JDBC
   * connection's own idea of its transaction goes stale, and every later commit on it failed with
   * "cannot commit - no transaction is active" until a restart. Here a failed transaction is always
   * followed by ROLLBACK, whose own failure (nothing left to roll back) does not matter, so the next
   * BEGIN starts clean.
   */
  private <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    // Before any id of this transaction is made: the commit order waits for this floor until it ends.
    openFloor = ids.floor();
    return pool.withConnection(conn -> conn.query(begin).execute()
        .compose(begun -> work.apply(conn))
        .compose(result -> conn.query("COMMIT").execute().map(result))
        .recover(failure -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.<T>failedFuture(failure))));
  }

  private void committedOk() {
    long now = System.currentTimeMillis();
    if (!status.ok()) {
      log.info("The database commits again after {} s of faults ({}); {} writes answered 503 meanwhile",
          (now - faultSince) / 1000, status.reason(), refusedDuringFault);
      refusedDuringFault = 0;
    }
    status = new Status(null, now);
  }

  private void faulted(String reason, Throwable cause, int writes) {
    long now = System.currentTimeMillis();
    refusedDuringFault += writes;
    if (status.ok()) {
      faultSince = now;
      faultLoggedAt = now;
      log.error("The database cannot commit ({}): writes answer 503 until it can; the store retries with every write", reason, cause);
      refusedDuringFault = writes;
    } else if (now - faultLoggedAt >= FAULT_LOG_EVERY_MS) {
      faultLoggedAt = now;
      log.warn("The database still cannot commit ({}), for {} s now; {} writes answered 503", reason, (now - faultSince) / 1000, refusedDuringFault);
    }
    status = new Status(reason, now);
  }

  private Future<Void> runAll(SqlConnection conn, List<Pending<?>> batch, List<Object> results,
                              List<JsonObject> events, List<EventLog.Redaction> redactions) {
    Object[] outcomes = new Object[batch.size()];
    Future<Void> chain = Future.succeededFuture();
    int start = 0;
    while (start < batch.size()) {
      int end = start + 1;
      if (pipeline && batch.get(start).independent()) {
        while (end < batch.size() && batch.get(end).independent()) {
          end++;
        }
      }
      int from = start, to = end;
      chain = chain.compose(v -> runTogether(conn, batch, from, to, outcomes, events, redactions));
      start = end;
    }
    return chain.compose(v -> {
      results.addAll(java.util.Arrays.asList(outcomes));
      // Writes sent together took their ids in whatever order their statements returned: the log and the
      // streams must see them in id order, as every stream's Last-Event-ID assumes.
      events.sort(java.util.Comparator.comparingLong(event -> event.getLong("id")));
      return eventLog.append(conn, events, redactions);
    });
  }

  /**
   * Starts the writes {@code from} to {@code to} (exclusive) without waiting for each other, then waits
   * for all of them: none may still be sending statements when the batch commits or rolls back. The
   * first failure in batch order decides, as it would have one after another.
   */
  private Future<Void> runTogether(SqlConnection conn, List<Pending<?>> batch, int from, int to, Object[] outcomes,
                                   List<JsonObject> events, List<EventLog.Redaction> redactions) {
    List<Future<?>> running = new ArrayList<>(to - from);
    List<Tx> txs = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Tx tx = new Tx(conn, ids);
      txs.add(tx);
      Future<?> outcome;
      try {
        outcome = batch.get(i).write().apply(tx, conn);
      } catch (RuntimeException thrown) {
        outcome = Future.failedFuture(thrown); // a write that throws before its first statement
      }
      running.add(outcome);
    }
    return Future.join(running).transform(all -> {
      for (int i = from; i < to; i++) {
        Future<?> outcome = running.get(i - from);
        if (outcome.failed()) {
          return Future.failedFuture(outcome.cause() instanceof ApiError refused ? new Rejected(i, refused) : outcome.cause());
        }
      }
      for (int i = from; i < to; i++) {
        Tx tx = txs.get(i - from);
        outcomes[i] = running.get(i - from).result();
        events.addAll(tx.events);
        redactions.addAll(tx.redactions);
      }
      return Future.succeededFuture();
    });
  }

  /** To every node; each node's fan-out writes them in id order once no smaller id can still come (fanout/CommitOrder). */
  private void publish(List<JsonObject> events) {
    if (!events.isEmpty()) {
      vertx.eventBus().publish(Addresses.EVENTS_COMMITTED, report(events));
      int messages = 0;
      for (JsonObject event : events) {
        if (MESSAGE_CREATE.equals(event.getString("type"))) {
          messages++;
        }
      }
      metrics.eventsCommitted.increment(events.size());
      if (messages > 0) {
        metrics.messagesCreated.increment(messages);
      }
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
