package guildhall.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Server-Sent Events reader on Vert.x's {@link HttpClient}, for tests written with vertx-junit5: one
 * request whose response body is split into lines and parsed as a browser's EventSource does
 * ({@code id:}, {@code event:}, {@code data:}, comments; a blank line ends an event). Nothing blocks:
 * {@link #next} answers a {@link Future} that fails after {@value #TIMEOUT_MS} ms, with the last
 * events seen in its message.
 *
 * <p>Every frame is checked against the contract ({@link EventSchemas}), exactly as {@link SseClient}
 * does: a type openapi.yaml does not declare, data that is not one JSON object or does not match its
 * schema, or an id on an ephemeral type fails the next {@link #next}, {@link #drain} or {@link #close}.
 * Use {@link #using} so that the stream is closed (and its last frames checked) however the test ends.
 *
 * <p>Thread-safe: frames arrive on the client's event loop, the test may call from any thread.
 */
public final class Sse {
  /** One received event. {@code id} is null for ephemeral events. */
  public record Event(String id, String type, JsonObject data) {}

  static final long TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final HttpClientResponse response;
  /** Parsed but not yet looked at by {@link #next} or {@link #drain}. */
  private final Deque<Event> unread = new ArrayDeque<>();
  /** Looked at, in order: what a failure message quotes and what tests check for absences. */
  private final List<Event> seen = Collections.synchronizedList(new ArrayList<>());
  /** Frames that broke the contract, in the order they came; reported (and cleared) by the next call. */
  private final List<String> violations = new ArrayList<>();
  private final Promise<Void> ended = Promise.promise();
  private Waiter waiter;
  private boolean over;
  private boolean closedByUs;
  private volatile String lastEventId;
  /** True once the server ended the stream properly (end of body), rather than the connection failing. */
  private volatile boolean endedCleanly;

  // The event being read.
  private String id;
  private String type;
  private final StringBuilder data = new StringBuilder();

  private record Waiter(Predicate<Event> wanted, String what, Promise<Event> promise, long timer) {}

  private Sse(Vertx vertx, HttpClientResponse response) {
    this.vertx = vertx;
    this.response = response;
  }

  /**
   * Opens {@code /api/v1/updates} with {@code token}, after {@code lastEventId} when it is not null;
   * succeeds once the response head is in (as {@link SseClient}'s constructor returns), whatever its status.
   */
  static Future<Sse> open(Vertx vertx, HttpClient http, String host, int port, String token, String lastEventId) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
        .setURI("/api/v1/updates").putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream");
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    return http.request(options)
        .compose(request -> request.send())
        .map(response -> {
          Sse sse = new Sse(vertx, response);
          sse.read();
          return sse;
        });
  }

  private void read() {
    RecordParser lines = RecordParser.newDelimited("\n", response);
    lines.handler(this::line);
    lines.exceptionHandler(e -> end(false)); // closed by us or by the server: over either way
    lines.endHandler(v -> end(true));
  }

  private void line(Buffer buffer) {
    String line = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      if (type != null || data.length() > 0) {
        dispatch();
      }
      id = null;
      type = null;
      data.setLength(0);
    } else if (line.startsWith("id:")) {
      id = line.substring(3).trim();
    } else if (line.startsWith("event:")) {
      type = line.substring(6).trim();
    } else if (line.startsWith("data:")) {
      data.append(line.substring(5).trim());
    } // a comment (":" heartbeat) or an unknown field: ignored, as EventSource does
  }

  private void dispatch() {
    String name = type == null ? "message" : type;
    JsonObject json;
    List<String> problems = new ArrayList<>();
    try {
      json = data.length() == 0 ? new JsonObject() : new JsonObject(data.toString());
    } catch (RuntimeException notAnObject) {
      problems.add(name + " data is not one JSON object: " + data);
      json = new JsonObject();
    }
    String problem = EventSchemas.get().problem(id, name, json);
    if (problem != null) {
      problems.add(problem);
    }
    if (id != null) {
      lastEventId = id;
    }
    Event event = new Event(id, name, json);
    Runnable outcome;
    synchronized (this) {
      violations.addAll(problems);
      unread.add(event);
      outcome = serveWaiter();
    }
    outcome.run();
  }

  private void end(boolean clean) {
    Runnable outcome;
    synchronized (this) {
      if (over) {
        return;
      }
      over = true;
      endedCleanly = clean && !closedByUs;
      outcome = serveWaiter();
    }
    ended.tryComplete();
    outcome.run();
  }

  /**
   * Under the lock: hands unread events to the waiting {@link #next}, if any, and says what to do
   * once the lock is released (complete or fail its future), so that no test code runs under it.
   */
  private Runnable serveWaiter() {
    Waiter w = waiter;
    if (w == null) {
      return () -> {};
    }
    String broken = takeViolations();
    if (broken != null) {
      return finish(w, null, broken);
    }
    while (!unread.isEmpty()) {
      Event event = unread.poll();
      seen.add(event);
      broken = takeViolations();
      if (broken != null) {
        return finish(w, null, broken);
      }
      if (w.wanted().test(event)) {
        return finish(w, event, null);
      }
    }
    if (over) {
      return finish(w, null, "the stream closed before " + w.what() + "; saw " + recent());
    }
    return () -> {};
  }

  private Runnable finish(Waiter w, Event event, String failure) {
    waiter = null;
    vertx.cancelTimer(w.timer());
    return failure == null ? () -> w.promise().tryComplete(event) : () -> w.promise().tryFail(new AssertionError(failure));
  }

  /** The next event of that type (earlier events of other types are kept in {@link #seen()}). */
  public Future<Event> next(String type) {
    return next(e -> e.type().equals(type), "an event " + type);
  }

  /**
   * The next event {@code wanted} accepts; the ones before it go to {@link #seen()}. Fails after
   * {@value #TIMEOUT_MS} ms, when the stream ends first, or when a frame breaks the contract.
   * One at a time: a stream has one reader.
   */
  public Future<Event> next(Predicate<Event> wanted, String what) {
    Promise<Event> promise = Promise.promise();
    Runnable outcome;
    synchronized (this) {
      if (waiter != null) {
        throw new IllegalStateException("next(" + what + ") while next(" + waiter.what() + ") is still waiting");
      }
      long timer = vertx.setTimer(TIMEOUT_MS, t -> timedOut(promise));
      waiter = new Waiter(wanted, what, promise, timer);
      outcome = serveWaiter();
    }
    outcome.run();
    return promise.future();
  }

  private void timedOut(Promise<Event> promise) {
    String message;
    synchronized (this) {
      if (waiter == null || waiter.promise() != promise) {
        return;
      }
      message = "no " + waiter.what() + " within " + TIMEOUT_MS / 1000 + " s; saw " + recent();
      waiter = null;
    }
    promise.tryFail(new AssertionError(message));
  }

  /** Every event that arrives within {@code millis} (and any not yet looked at), without waiting for one in particular. */
  public Future<List<Event>> drain(long millis) {
    Promise<List<Event>> promise = Promise.promise();
    vertx.setTimer(Math.max(1, millis), t -> {
      List<Event> out = new ArrayList<>();
      String broken;
      synchronized (this) {
        while (!unread.isEmpty()) {
          Event event = unread.poll();
          seen.add(event);
          out.add(event);
        }
        broken = takeViolations();
      }
      if (broken != null) {
        promise.fail(new AssertionError(broken));
      } else {
        promise.complete(out);
      }
    });
    return promise.future();
  }

  /** Every event looked at so far, in order. */
  public List<Event> seen() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String lastEventId() {
    return lastEventId;
  }

  public boolean endedCleanly() {
    return endedCleanly;
  }

  /** Completes when the stream is over, ended by the server or closed by us. */
  public Future<Void> ended() {
    return ended.future();
  }

  /**
   * Closes the connection, as a browser leaving the page does, and answers once it is closed; fails
   * if any frame received so far broke the contract.
   */
  public Future<Void> close() {
    boolean open;
    synchronized (this) {
      closedByUs = true;
      open = !over;
    }
    Future<Void> closing = open ? response.request().connection().close().otherwiseEmpty() : Future.succeededFuture();
    return closing.compose(v -> {
      String broken;
      synchronized (this) {
        // Parsed but never looked at: still checked, so that no frame escapes the contract.
        broken = takeViolations();
      }
      return broken == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(new AssertionError(broken));
    });
  }

  /**
   * Runs {@code body} with the opened stream and closes it however {@code body} ends: its failure, if
   * it failed, or else the close's (a contract violation), or else its result.
   */
  public static <T> Future<T> using(Future<Sse> opening, Function<Sse, Future<T>> body) {
    return opening.compose(sse -> {
      Future<T> result;
      try {
        result = body.apply(sse);
      } catch (Throwable t) {
        result = Future.failedFuture(t);
      }
      return result.transform(outcome -> sse.close().transform(closed -> {
        if (outcome.failed()) {
          return Future.<T>failedFuture(outcome.cause());
        }
        if (closed.failed()) {
          return Future.<T>failedFuture(closed.cause());
        }
        return Future.succeededFuture(outcome.result());
      }));
    });
  }

  /** Under the lock: the violations not yet reported, as one failure message, or null. */
  private String takeViolations() {
    if (violations.isEmpty()) {
      return null;
    }
    List<String> found = new ArrayList<>(violations);
    violations.clear();
    return "the update stream sent " + found.size() + " frame(s) that break openapi.yaml:\n- " + String.join("\n- ", found);
  }

  /** The last few events, shortened: enough to explain a failure without flooding the report. */
  private String recent() {
    List<Event> all = seen();
    List<String> lines = new ArrayList<>();
    for (Event e : all.subList(Math.max(0, all.size() - 5), all.size())) {
      String text = e.data().encode();
      lines.add(e.type() + " " + e.id() + " " + (text.length() > 160 ? text.substring(0, 160) + "…" : text));
    }
    return all.size() + " events, the last: " + lines;
  }
}
