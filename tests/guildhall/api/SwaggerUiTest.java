package guildhall.api;

import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's reader-facing documents: Swagger UI at /swagger-ui/ and the contract it shows. */
class SwaggerUiTest extends AsyncApiTestBase {
  @Test
  @DisplayName("/swagger-ui/ is the Swagger UI page, /swagger-ui redirects there once, /openapi.yaml is the contract")
  void swaggerUi(VertxTestContext ctx) {
    WebClient exact = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port())
        .setFollowRedirects(false));
    // As a browser would, but giving up after 2 redirects: a loop shows as a 3xx at the end.
    WebClient following = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port())
        .setFollowRedirects(true).setMaxRedirects(2));
    exact.get("/swagger-ui/").send().compose(page -> check(ctx, () -> {
      assertEquals(200, page.statusCode(), "the page itself, no redirect: " + page.getHeader("Location"));
      assertTrue(page.getHeader("Content-Type").startsWith("text/html"), page.getHeader("Content-Type"));
      assertTrue(page.bodyAsString().contains("swagger-initializer.js"), "the Swagger UI page");
      assertEquals("DENY", page.getHeader("X-Frame-Options"), "a page like the others: never framed");
      assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
    })).compose(v -> exact.get("/swagger-ui").send()).compose(bare -> check(ctx, () -> {
      assertTrue(bare.statusCode() >= 300 && bare.statusCode() < 400, "redirected: " + bare.statusCode());
      assertEquals("/swagger-ui/", bare.getHeader("Location"));
    })).compose(v -> following.get("/swagger-ui").send()).compose(followed -> check(ctx, () -> {
      assertEquals(200, followed.statusCode());
      assertEquals(1, followed.followedRedirects().size(), "one redirect: " + followed.followedRedirects());
      assertTrue(followed.bodyAsString().contains("swagger-initializer.js"));
    })).compose(v -> exact.get("/swagger-ui/swagger-initializer.js").send()).compose(init -> check(ctx, () -> {
      assertEquals(200, init.statusCode());
      assertTrue(init.bodyAsString().contains("/openapi.yaml"), "it shows this server's contract");
    })).compose(v -> exact.get("/openapi.yaml").send()).compose(yaml -> check(ctx, () -> {
      assertEquals(200, yaml.statusCode());
      assertTrue(yaml.bodyAsString().startsWith("openapi: 3"), yaml.bodyAsString().substring(0, 40));
    })).eventually(() -> {
      exact.close();
      following.close();
      return io.vertx.core.Future.succeededFuture();
    }).onComplete(ctx.succeedingThenComplete());
  }
}
