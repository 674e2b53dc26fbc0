package guildhall.support;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Server-Sent Events client: one HTTP request whose body is read line by line on its own
 * thread and parsed into events (id, event, data), as a browser's EventSource does. Every frame is
 * checked against the contract ({@link EventSchemas}): a type openapi.yaml does not declare, data that
 * does not match its schema, or an id on an ephemeral type fails the test that receives it, from the
 * next {@link #next}, {@link #drain}, {@link #awaitEnd} or {@link #close}.
 */
public final class SseClient implements AutoCloseable {
  /** One received event. {@code id} is null for ephemeral events. */
  public record Event(String id, String type, JsonObject data) {}

  /** HTTP/1.1, as browsers speak to a plain-http server: one connection per stream, no h2c upgrade. */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event> seen = new ArrayList<>();
  private final Thread reader;
  private volatile InputStream body;
  private volatile boolean closed;
  public volatile int status;
  public volatile String lastEventId;
  /** True once the server ended the stream properly (end of body), rather than the connection failing. */
  public volatile boolean endedCleanly;
  /** Frames that broke the contract, in the order they came; reported (and cleared) by the next call. */
  private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

  SseClient(String url, String token, String after) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream");
    if (after != null) {
      request.header("Last-Event-ID", after);
    }
    HttpResponse<InputStream> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (Exception e) {
      throw new IllegalStateException("cannot open " + url, e);
    }
    status = response.statusCode();
    body = response.body();
    reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String type = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (type != null || data.length() > 0) {
            String name = type == null ? "message" : type;
            JsonObject json;
            try {
              json = data.length() == 0 ? new JsonObject() : new JsonObject(data.toString());
            } catch (RuntimeException notAnObject) {
              violations.add(name + " data is not one JSON object: " + data);
              json = new JsonObject();
            }
            Event event = new Event(id, name, json);
            String problem = EventSchemas.get().problem(id, name, json);
            if (problem != null) {
              violations.add(problem);
            }
            if (id != null) {
              lastEventId = id;
            }
            events.add(event);
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
        }
      }
      endedCleanly = !closed;
    } catch (Exception e) {
      // closed by us or by the server: the stream is over either way
    }
    events.add(new Event(null, "__closed__", new JsonObject()));
  }

  /** The next event of that type (earlier events of other types are kept in {@link #seen()}). */
  public Event next(String type) {
    return next(e -> e.type().equals(type), "an event " + type);
  }

  public Event next(Predicate<Event> wanted, String what) {
    checkContract();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("no " + what + " within 10 s; saw " + recent());
        }
        if (event.type().equals("__closed__")) {
          events.add(event);
          throw new AssertionError("the stream closed before " + what + "; saw " + recent());
        }
        seen.add(event);
        checkContract();
        if (wanted.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every event that arrives within {@code millis}, without waiting for any in particular. */
  public List<Event> drain(long millis) {
    checkContract();
    List<Event> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Event event = left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
        if (event == null) {
          checkContract();
          return out;
        }
        if (event.type().equals("__closed__")) {
          events.add(event);
          checkContract();
          return out;
        }
        seen.add(event);
        out.add(event);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return out;
    }
  }

  /** The last few events, shortened: enough to explain a failure without flooding the report. */
  private String recent() {
    List<String> lines = new ArrayList<>();
    for (Event e : seen.subList(Math.max(0, seen.size() - 5), seen.size())) {
      String data = e.data().encode();
      lines.add(e.type() + " " + e.id() + " " + (data.length() > 160 ? data.substring(0, 160) + "…" : data));
    }
    return seen.size() + " events, the last: " + lines;
  }

  public List<Event> seen() {
    return seen;
  }

  /** Waits up to {@code millis} for the server to end the stream; true if it did. */
  public boolean awaitEnd(long millis) {
    try {
      reader.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkContract();
    return !reader.isAlive();
  }

  /** Throws for the frames received so far that break the contract (each is reported once). */
  private void checkContract() {
    List<String> found;
    synchronized (violations) {
      if (violations.isEmpty()) {
        return;
      }
      found = new ArrayList<>(violations);
      violations.clear();
    }
    throw new AssertionError("the update stream sent " + found.size() + " frame(s) that break openapi.yaml:\n- "
        + String.join("\n- ", found));
  }

  @Override
  public void close() {
    closed = true;
    try {
      body.close();
    } catch (Exception ignored) {
      // already closed
    }
    checkContract();
  }
}
