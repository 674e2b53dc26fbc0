package guildhall.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a browser on another origin is let do: nothing by default, the API for the origins of http.cors_origins. */
class CorsTest extends AsyncApiTestBase {
  private static final String ALLOWED = "https://chat.example";

  @Override
  protected JsonObject configOverrides() {
    return new JsonObject().put("http", new JsonObject().put("cors_origins", new JsonArray().add(ALLOWED)));
  }

  @Test
  @DisplayName("by default no answer has Access-Control-Allow-Origin: not a cross-origin GET, POST or preflight")
  void closedByDefault(VertxTestContext ctx) {
    onItsOwnServer(new JsonObject(), (server, serverApi) -> {
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
      return serverApi.login(unique("closed")).compose(user -> client.get("/api/v1/users/@me")
              .putHeader("Origin", ALLOWED).bearerTokenAuthentication(user.token()).send()
          .compose(get -> check(ctx, () -> {
            assertEquals(200, get.statusCode(), "the request itself is served; the browser hides it");
            assertNull(get.getHeader("Access-Control-Allow-Origin"));
          }))
          .compose(v -> client.post("/api/v1/guilds").putHeader("Origin", ALLOWED).bearerTokenAuthentication(user.token())
              .sendJsonObject(new JsonObject().put("name", "g")))
          .compose(post -> check(ctx, () -> assertNull(post.getHeader("Access-Control-Allow-Origin"), "POST: " + post.statusCode())))
          .compose(v -> preflight(client, ALLOWED))
          .compose(preflight -> check(ctx, () -> assertNull(preflight.getHeader("Access-Control-Allow-Origin")))))
          .eventually(() -> { client.close(); return Future.succeededFuture(); });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a preflight from a listed origin, without a token, gets 204 allowing that origin and the Authorization header")
  void preflightFromAllowedOrigin(VertxTestContext ctx) {
    preflight(raw(), ALLOWED).compose(reply -> check(ctx, () -> {
      assertEquals(204, reply.statusCode(), "answered before authentication: " + reply.bodyAsString());
      assertEquals(ALLOWED, reply.getHeader("Access-Control-Allow-Origin"));
      String headers = reply.getHeader("Access-Control-Allow-Headers");
      assertNotNull(headers);
      assertTrue(headers.toLowerCase().contains("authorization"), headers);
      assertTrue(headers.toLowerCase().contains("content-type"), headers);
      assertTrue(reply.getHeader("Access-Control-Allow-Methods").contains("POST"), reply.getHeader("Access-Control-Allow-Methods"));
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a preflight from an unlisted origin gets no Access-Control-Allow-Origin")
  void preflightFromOtherOrigin(VertxTestContext ctx) {
    preflight(raw(), "https://evil.example").compose(reply -> check(ctx, () -> {
      assertNull(reply.getHeader("Access-Control-Allow-Origin"));
      assertNull(reply.getHeader("Access-Control-Allow-Headers"));
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a real request from the listed origin is served with its Access-Control-Allow-Origin, and Retry-After is readable")
  void requestFromAllowedOrigin(VertxTestContext ctx) {
    user("cors").compose(user -> raw().post("/api/v1/guilds").putHeader("Origin", ALLOWED)
            .bearerTokenAuthentication(user.token()).sendJsonObject(new JsonObject().put("name", "from elsewhere")))
        .compose(reply -> check(ctx, () -> {
          assertEquals(201, reply.statusCode(), reply.bodyAsString());
          assertEquals(ALLOWED, reply.getHeader("Access-Control-Allow-Origin"));
          assertTrue(reply.getHeader("Access-Control-Expose-Headers").contains("Retry-After"));
          assertTrue(reply.getHeader("Access-Control-Expose-Headers").contains("X-RateLimit-Remaining"), "the rate-limit headers are readable too");
          assertEquals("from elsewhere", reply.bodyAsJsonObject().getString("name"));
        }))
        .compose(v -> raw().get("/api/v1/users/@me").putHeader("Origin", ALLOWED).send())
        .compose(anonymous -> check(ctx, () -> {
          assertEquals(401, anonymous.statusCode(), "CORS lets the origin in, not past authentication");
          assertEquals(ALLOWED, anonymous.getHeader("Access-Control-Allow-Origin"), "so the client can read the 401");
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the server's own page, whose requests carry its own Origin, works normally while another origin is listed")
  void sameOriginIsNeverRefused(VertxTestContext ctx) {
    String self = "http://127.0.0.1:" + app.port();
    user("self").compose(user -> raw().post("/api/v1/guilds").putHeader("Origin", self)
            .bearerTokenAuthentication(user.token()).sendJsonObject(new JsonObject().put("name", "at home"))
            .compose(post -> check(ctx, () -> {
              assertEquals(201, post.statusCode(), post.bodyAsString());
              assertNull(post.getHeader("Access-Control-Allow-Origin"), "a same-origin answer needs no CORS header");
            }))
            .compose(v -> raw().get("/api/v1/users/@me").putHeader("Origin", self).bearerTokenAuthentication(user.token()).send())
            .compose(get -> check(ctx, () -> assertEquals(200, get.statusCode(), get.bodyAsString())))
            .compose(v -> raw().post("/api/v1/auth/login").putHeader("Origin", self)
                .sendJsonObject(new JsonObject().put("username", unique("again"))))
            .compose(login -> check(ctx, () -> assertEquals(200, login.statusCode(), "login: " + login.statusCode() + " " + login.bodyAsString()))))
        .compose(v -> raw().get("/").putHeader("Origin", self).send())
        .compose(page -> check(ctx, () -> assertEquals(200, page.statusCode())))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<HttpResponse<Buffer>> preflight(WebClient client, String origin) {
    return client.request(HttpMethod.OPTIONS, "/api/v1/guilds")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "authorization,content-type")
        .send();
  }
}
