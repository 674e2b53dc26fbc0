package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The update stream as a browser opens it: with a single-use, short-lived ticket in the URL, never the
 * token. Each case opens the stream over real HTTP, as EventSource would (no Authorization header).
 */
class StreamTicketTest extends AsyncApiTestBase {
  private HttpClient http;

  @AfterAll
  void closeHttp() {
    if (http != null) {
      http.close();
    }
  }

  /** What {@code /updates?query} answers without a header: {status, error body (when not 200)}; a 200 stream is closed at once. */
  private Future<JsonObject> open(int port, String query) {
    if (http == null) {
      http = vertx.createHttpClient();
    }
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI("/api/v1/updates?" + query).putHeader("Accept", "text/event-stream"))
        .compose(request -> request.send())
        .compose((HttpClientResponse response) -> {
          if (response.statusCode() == 200) {
            response.request().connection().close();
            return Future.succeededFuture(new JsonObject().put("status", 200));
          }
          return response.body().map(body -> new JsonObject().put("status", response.statusCode()).put("body", body.toJsonObject()));
        });
  }

  private static Future<JsonObject> ticket(Api.Session who) {
    return who.post("/auth/stream-ticket", null).map(reply -> {
      if (reply.status() != 200) {
        throw new AssertionError("stream ticket: " + reply);
      }
      return reply.json();
    });
  }

  private static String ticketQuery(JsonObject ticket) {
    return "ticket=" + URLEncoder.encode(ticket.getString("ticket"), StandardCharsets.UTF_8);
  }

  private static String field(JsonObject answer) {
    return answer.getJsonObject("body").getJsonObject("error").getString("field");
  }

  @Test
  @DisplayName("A ticket opens the stream once; its second use is 401 naming the ticket")
  void ticketWorksOnce(VertxTestContext ctx) {
    user("ticketed").compose(me -> ticket(me).compose(t -> check(ctx, () -> {
      assertEquals(30, t.getInteger("expires_in"));
      assertTrue(java.util.Base64.getUrlDecoder().decode(t.getString("ticket")).length == 32, "256 random bits");
    }).compose(v -> open(app.port(), ticketQuery(t)))
        .compose(first -> check(ctx, () -> assertEquals(200, first.getInteger("status"), first.encode())))
        .compose(v -> open(app.port(), ticketQuery(t)))
        .compose(second -> check(ctx, () -> {
          assertEquals(401, second.getInteger("status"), second.encode());
          assertEquals("ticket", field(second));
        }))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A token in the stream's URL is refused with 401 naming it; an unknown ticket is 401 too")
  void tokenInUrlRefused(VertxTestContext ctx) {
    user("leaky").compose(me -> open(app.port(), "token=" + URLEncoder.encode(me.token(), StandardCharsets.UTF_8))
        .compose(answer -> check(ctx, () -> {
          assertEquals(401, answer.getInteger("status"), answer.encode());
          assertEquals("token", field(answer));
        }))
        .compose(v -> open(app.port(), "ticket=made-up"))
        .compose(answer -> check(ctx, () -> {
          assertEquals(401, answer.getInteger("status"), answer.encode());
          assertEquals("ticket", field(answer));
        })))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A ticket whose session logged out before it was used opens nothing")
  void ticketOfEndedSession(VertxTestContext ctx) {
    user("gone").compose(me -> ticket(me).compose(t -> me.post("/auth/logout", null)
        .compose(v -> open(app.port(), ticketQuery(t)))
        .compose(answer -> check(ctx, () -> assertEquals(401, answer.getInteger("status"), answer.encode())))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("An expired ticket is 401 naming the ticket (a server whose tickets last 1 s)")
  void expiredTicket(VertxTestContext ctx) {
    onItsOwnServer(new JsonObject().put("auth", new JsonObject().put("stream_ticket_ttl_s", 1)), (server, shortLived) ->
        shortLived.login(unique("slow")).compose(me -> ticket(me))
            .compose(t -> vertx.timer(1500).compose(v -> open(server.port(), ticketQuery(t)))).compose(answer -> check(ctx, () -> {
          assertEquals(401, answer.getInteger("status"), answer.encode());
          assertEquals("ticket", field(answer));
        })))
        .onComplete(ctx.succeedingThenComplete());
  }
}
