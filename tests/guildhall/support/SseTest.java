package guildhall.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test-side SSE reader holds the server to the contract: a frame openapi.yaml does not allow fails
 * the test that reads it. Served here by a stand-in server that sends exactly the frames a test names.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SseTest {
  private final AtomicReference<String> frames = new AtomicReference<>("");
  private HttpServer server;
  private HttpClient http;

  @BeforeAll
  void schemas() {
    EventSchemas.get(); // blocks (reads openapi.yaml): here, on the JUnit thread, not on an event loop
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    http = vertx.createHttpClient();
    vertx.createHttpServer()
        .requestHandler(request -> request.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
            .write(frames.get()))
        .listen(0, "127.0.0.1")
        .onComplete(ctx.succeeding(listening -> {
          server = listening;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    http.close().compose(v -> server.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<Sse> open(Vertx vertx, String sent) {
    frames.set(sent);
    return Sse.open(vertx, http, "127.0.0.1", server.actualPort(), "token", null);
  }

  /** next() on a stream that sent {@code sent} fails, with a message holding {@code expected}. */
  private void refuses(Vertx vertx, VertxTestContext ctx, String sent, String expected) {
    Checkpoint refused = ctx.checkpoint();
    Sse.using(open(vertx, sent), sse -> sse.next("TYPING_START"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(e.getMessage().contains("break openapi.yaml"), e.getMessage());
          assertTrue(e.getMessage().contains(expected), e.getMessage());
          refused.flag();
        })));
  }

  @Test
  @DisplayName("Frames split into id, event and data lines, comments skipped, reach next() as events")
  void parses(Vertx vertx, VertxTestContext ctx) {
    Checkpoint parsed = ctx.checkpoint();
    String typing = "{\"channel_id\":\"1\",\"guild_id\":\"3\",\"user_id\":\"2\",\"timestamp\":1}";
    Sse.using(open(vertx, ": heartbeat\n\nevent: TYPING_START\ndata: " + typing + "\r\n\n"), sse -> sse.next("TYPING_START")
            .compose(event -> sse.drain(50).map(event)))
        .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
          assertNull(event.id());
          assertEquals("2", event.data().getString("user_id"));
          parsed.flag();
        })));
  }

  @Test
  @DisplayName("An event type the contract does not declare fails the test")
  void unknownType(Vertx vertx, VertxTestContext ctx) {
    refuses(vertx, ctx, "event: NO_SUCH_EVENT\ndata: {}\n\n", "not declared in openapi.yaml");
  }

  @Test
  @DisplayName("Data that is not one JSON object fails the test")
  void notJson(Vertx vertx, VertxTestContext ctx) {
    refuses(vertx, ctx, "event: TYPING_START\ndata: [1, 2\n\n", "is not one JSON object");
  }

  @Test
  @DisplayName("Data that does not match its schema fails the test")
  void schemaMismatch(Vertx vertx, VertxTestContext ctx) {
    refuses(vertx, ctx, "event: TYPING_START\ndata: {\"user_id\": 5}\n\n", "does not match");
  }

  @Test
  @DisplayName("An id on an ephemeral event type fails the test")
  void idOnEphemeral(Vertx vertx, VertxTestContext ctx) {
    refuses(vertx, ctx, "id: 42\nevent: TYPING_START\ndata: {}\n\n", "ephemeral");
  }

  @Test
  @DisplayName("A bad frame nobody waited for still fails the test, when the stream closes")
  void reportedOnClose(Vertx vertx, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Sse.using(open(vertx, "event: NO_SUCH_EVENT\ndata: {}\n\n"), sse -> vertx.timer(200).mapEmpty())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(e.getMessage().contains("not declared in openapi.yaml"), e.getMessage());
          refused.flag();
        })));
  }
}
