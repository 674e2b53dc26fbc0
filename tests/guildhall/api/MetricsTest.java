package guildhall.api;

import guildhall.support.Sse;
import guildhall.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator's scraper sees: the admin listener, on loopback only, serves this node's meters
 * (ours and Vert.x's) in Prometheus text, and health and readiness; the public port serves no metrics.
 */
class MetricsTest extends AsyncApiTestBase {
  private final int adminPort = freePort();

  private static int freePort() {
    try {
      return TestApp.freePort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected JsonObject configOverrides() {
    return new JsonObject().put("admin", new JsonObject().put("port", adminPort));
  }

  private WebClient admin() {
    return WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(adminPort));
  }

  @Test
  void theAdminPortCountsWhatTheNodeDid(VertxTestContext ctx) {
    WebClient admin = admin();
    user("watched").compose(alice -> guild(alice, false).compose(guild ->
            Sse.using(alice.stream(null), sse -> alice.post("/channels/" + general(guild) + "/messages",
                    new JsonObject().put("content", "counted"))
                .compose(posted -> sse.next("MESSAGE_CREATE"))
                // Scraped while the stream is still open.
                .compose(delivered -> untilScraped(admin, text ->
                    value(text, "guildhall_messages_posted_total") >= 1
                        && value(text, "guildhall_streams_open") >= 1
                        && value(text, "guildhall_events_delivered_total") >= 1)))))
        .compose(text -> check(ctx, () -> {
          assertTrue(value(text, "guildhall_messages_posted_total") >= 1, text);
          assertTrue(value(text, "guildhall_streams_open") >= 1, text);
          assertTrue(value(text, "guildhall_events_committed_total") >= 1, text);
          assertTrue(value(text, "guildhall_store_commit_seconds_count") >= 1, text);
          assertTrue(value(text, "guildhall_store_batch_size_count") >= 1, text);
          // Vert.x's own: the HTTP server's requests and the event bus.
          assertTrue(value(text, "vertx_http_server_requests_total") >= 1, text);
          assertTrue(text.contains("\nvertx_eventbus_"), text);
          assertTrue(text.contains("\njvm_memory_used_bytes{"), text);
        }))
        .compose(v -> raw().get("/metrics").send())
        .compose(publicMetrics -> check(ctx, () -> assertEquals(404, publicMetrics.statusCode(), "public /metrics")))
        .compose(v -> admin.get("/health").send())
        .compose(health -> check(ctx, () -> assertEquals(200, health.statusCode(), health.bodyAsString())))
        .compose(v -> admin.get("/ready").send())
        .compose(ready -> check(ctx, () -> {
          assertEquals(200, ready.statusCode(), ready.bodyAsString());
          assertEquals("ready", ready.bodyAsJsonObject().getString("status"));
        }))
        .eventually(() -> {
          admin.close();
          return Future.succeededFuture();
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Loopback only: 127.0.0.2 is this machine too, and a listener on every address would take it; one
   * bound to 127.0.0.1 refuses it.
   */
  @Test
  void theAdminPortListensOnLoopbackOnly(VertxTestContext ctx) {
    blocking(() -> {
      try (Socket ok = new Socket()) {
        ok.connect(new InetSocketAddress("127.0.0.1", adminPort), 2000);
      }
      assertThrows(ConnectException.class, () -> {
        try (Socket other = new Socket()) {
          other.connect(new InetSocketAddress("127.0.0.2", adminPort), 2000);
        }
      });
      return null;
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Scrapes until {@code done} holds of the text, for up to 5 s (meters are updated as the node's verticles get there); the last text. */
  private Future<String> untilScraped(WebClient admin, java.util.function.Predicate<String> done) {
    long deadline = System.currentTimeMillis() + 5000;
    return scrapeUntil(admin, done, deadline);
  }

  private Future<String> scrapeUntil(WebClient admin, java.util.function.Predicate<String> done, long deadline) {
    return admin.get("/metrics").send().map(HttpResponse<Buffer>::bodyAsString).compose(text -> {
      if (done.test(text) || System.currentTimeMillis() > deadline) {
        return Future.succeededFuture(text);
      }
      Future<Void> later = Future.future(p -> vertx.setTimer(100, t -> p.complete()));
      return later.compose(v -> scrapeUntil(admin, done, deadline));
    });
  }

  /** The sum of a meter's series (over its labels); -1 when it is absent. */
  static double value(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([^ \\n]+)").matcher(text);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
      found = true;
    }
    return found ? sum : -1;
  }
}
