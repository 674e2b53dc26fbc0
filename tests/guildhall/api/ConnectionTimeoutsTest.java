package guildhall.api;

import guildhall.support.RawSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection that costs the server a socket without asking anything is closed: silent, stuck half
 * way through its request head, or idle between keep-alive requests. An update stream, which the
 * server keeps writing heartbeats to, stays open however long it lasts.
 */
class ConnectionTimeoutsTest extends AsyncApiTestBase {
  @Override
  protected JsonObject configOverrides() {
    return new JsonObject()
        .put("http", new JsonObject().put("header_timeout_ms", 500).put("idle_timeout_ms", 500))
        .put("sse", new JsonObject().put("heartbeat_ms", 200));
  }

  @Test
  void aSilentConnectionIsClosed(VertxTestContext ctx) {
    blocking(() -> {
      try (RawSocket socket = new RawSocket(app.port())) {
        return socket.readFor(3000);
      }
    }).compose(outcome -> check(ctx, () -> {
      assertTrue(outcome.closed(), "the server kept a silent connection open for 3 s");
      assertTrue(outcome.afterMs() < 1500, "closed after " + outcome.afterMs() + " ms");
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRequestHeadSentByteByByteIsClosedAtTheHeaderTimeout(VertxTestContext ctx) {
    // One byte every 100 ms keeps the connection from being idle: only the header timeout can end it.
    blocking(() -> {
      try (RawSocket socket = new RawSocket(app.port())) {
        String head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(60);
        long start = System.currentTimeMillis();
        for (char c : head.toCharArray()) {
          try {
            socket.send(String.valueOf(c));
          } catch (java.io.IOException closed) {
            return System.currentTimeMillis() - start;
          }
          RawSocket.Outcome outcome = socket.readFor(100);
          if (outcome.closed()) {
            return System.currentTimeMillis() - start;
          }
        }
        return -1L;
      }
    }).compose(closedAfter -> check(ctx, () -> {
      assertTrue(closedAfter > 0, "a head trickled over 6 s was never cut off");
      assertTrue(closedAfter < 1500, "closed after " + closedAfter + " ms");
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsAnswer(VertxTestContext ctx) {
    blocking(() -> {
      try (RawSocket socket = new RawSocket(app.port())) {
        return socket.get("/health", "").readFor(3000);
      }
    }).compose(outcome -> check(ctx, () -> {
      assertEquals(200, outcome.status(), outcome.text());
      assertTrue(outcome.closed(), "an idle keep-alive connection stayed open for 3 s");
      assertTrue(outcome.afterMs() < 1500, "closed after " + outcome.afterMs() + " ms");
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anUpdateStreamOutlivesTheIdleTimeout(VertxTestContext ctx) {
    user("streamer").compose(me -> blocking(() -> {
      try (RawSocket socket = new RawSocket(app.port())) {
        return socket.get("/api/v1/updates", "Authorization: Bearer " + me.token() + "\r\nAccept: text/event-stream\r\n").readFor(3000);
      }
    })).compose(outcome -> check(ctx, () -> {
      assertEquals(200, outcome.status(), outcome.text());
      assertFalse(outcome.closed(), "the stream was closed after " + outcome.afterMs() + " ms: " + outcome.text());
      int heartbeats = outcome.text().split(": heartbeat", -1).length - 1;
      assertTrue(heartbeats >= 5, "only " + heartbeats + " heartbeats in 3 s");
    })).onComplete(ctx.succeedingThenComplete());
  }
}
