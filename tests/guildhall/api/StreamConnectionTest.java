package guildhall.api;

import guildhall.support.RawSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An open update stream's connection carries no request decoder or idle timer (http/StreamPipeline):
 * what a client can tell of it. A connection whose stream the server ended reads the next request and
 * times out when idle, as any keep-alive connection; one that speaks while its stream is open is closed.
 */
class StreamConnectionTest extends AsyncApiTestBase {
  @Override
  protected JsonObject configOverrides() {
    return new JsonObject()
        .put("http", new JsonObject().put("idle_timeout_ms", 500))
        .put("sse", new JsonObject().put("heartbeat_ms", 200));
  }

  @Test
  void aConnectionWhoseStreamEndedServesTheNextRequestThenIdlesOut(VertxTestContext ctx) {
    user("ender").compose(me -> blocking(() -> {
      try (RawSocket socket = new RawSocket(app.port())) {
        socket.get("/api/v1/updates", "Authorization: Bearer " + me.token() + "\r\n");
        RawSocket.Outcome open = socket.readUntil(": connected", 3000);
        assertEquals(200, open.status(), open.text());
        me.post("/auth/logout", null).await(); // revokes the token: the server ends the stream cleanly
        RawSocket.Outcome ended = socket.readUntil("0\r\n\r\n", 3000); // the last chunk
        assertTrue(ended.text().contains("0\r\n\r\n") && !ended.closed(), "the stream did not end cleanly: " + ended.text());
        socket.get("/health", "");
        RawSocket.Outcome next = socket.readUntil("\"ok\"", 3000);
        assertEquals(200, next.status(), "the connection did not answer its next request: " + next.text());
        RawSocket.Outcome idle = socket.readFor(3000);
        assertTrue(idle.closed(), "the idle keep-alive connection stayed open for 3 s");
        assertTrue(idle.afterMs() < 1500, "closed after " + idle.afterMs() + " ms");
        return null;
      }
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClientThatSendsWhileItsStreamIsOpenIsClosed(VertxTestContext ctx) {
    user("talker").compose(me -> blocking(() -> {
      try (RawSocket socket = new RawSocket(app.port())) {
        socket.get("/api/v1/updates", "Authorization: Bearer " + me.token() + "\r\n");
        RawSocket.Outcome open = socket.readUntil(": connected", 3000);
        assertEquals(200, open.status(), open.text());
        socket.get("/health", "");
        RawSocket.Outcome after = socket.readFor(3000);
        assertTrue(after.closed(), "the stream stayed open after its client sent a request on it: " + after.text());
        assertTrue(after.afterMs() < 1000, "closed after " + after.afterMs() + " ms");
        return null;
      }
    })).onComplete(ctx.succeedingThenComplete());
  }
}
