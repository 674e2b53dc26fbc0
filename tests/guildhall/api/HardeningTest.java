package guildhall.api;

import guildhall.Config;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a browser and an attacker see of the edges: security headers, nothing written to disk, no secret in a log line. */
class HardeningTest extends AsyncApiTestBase {
  private static final Path UPLOADS = Path.of("file-uploads");
  private WebClient web;

  private WebClient web() {
    if (web == null) {
      web = WebClient.create(vertx, new WebClientOptions().setDefaultPort(app.port()).setDefaultHost("127.0.0.1"));
    }
    return web;
  }

  @AfterAll
  void closeClient() {
    if (web != null) {
      web.close();
    }
  }

  @Test
  @DisplayName("the page has a CSP without inline script but its import map's hash, and every answer says nosniff, no framing, a referrer policy")
  void securityHeaders(VertxTestContext ctx) {
    web().get("/").send().compose(page -> check(ctx, () -> {
      String csp = page.getHeader("Content-Security-Policy");
      assertNotNull(csp, "the page has a Content-Security-Policy");
      assertTrue(csp.contains("default-src 'self'"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'"), csp);
      assertTrue(csp.matches(".*script-src 'self' 'sha256-[A-Za-z0-9+/=]+';.*"), "scripts: this origin and the import map alone: " + csp);
      assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
      assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
      assertEquals("DENY", page.getHeader("X-Frame-Options"));
      assertNotNull(page.getHeader("Referrer-Policy"));
    })).compose(v -> web().get("/api/v1/users/@me").send()).compose(api -> check(ctx, () -> {
      assertEquals(401, api.statusCode());
      assertEquals("nosniff", api.getHeader("X-Content-Type-Options"), "API answers too, errors included");
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a multipart POST with a file, with or without a token, writes nothing to disk")
  void noUploads(VertxTestContext ctx) throws IOException {
    deleteUploads();
    MultipartForm form = MultipartForm.create().attribute("name", "x")
        .textFileUpload("file", "evil.txt", Buffer.buffer("x".repeat(10_000)), "text/plain");
    web().post("/api/v1/guilds").sendMultipartForm(form)
        .compose(anonymous -> check(ctx, () -> assertTrue(anonymous.statusCode() >= 400 && anonymous.statusCode() < 500, "refused: " + anonymous.statusCode())))
        .compose(v -> api.login(unique("uploader")))
        .compose(user -> web().post("/api/v1/guilds").bearerTokenAuthentication(user.token()).sendMultipartForm(form))
        .compose(signedIn -> check(ctx, () -> {
          assertTrue(signedIn.statusCode() >= 400 && signedIn.statusCode() < 500, "refused: " + signedIn.statusCode());
          assertFalse(Files.exists(UPLOADS), "no upload folder was made");
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a database URL is logged with its password masked")
  void maskedUrl() {
    assertEquals("postgresql://guildhall:***@db:5432/guildhall", Config.masked("postgresql://guildhall:s3cret@db:5432/guildhall"));
    assertEquals("jdbc:postgresql://db/g?user=u&password=***", Config.masked("jdbc:postgresql://db/g?user=u&password=s3cret"));
    assertEquals("postgresql://postgres@127.0.0.1:5432/test", Config.masked("postgresql://postgres@127.0.0.1:5432/test"));
    assertEquals("jdbc:sqlite:data/guildhall.db", Config.masked("jdbc:sqlite:data/guildhall.db"));
  }

  private static void deleteUploads() throws IOException {
    if (Files.exists(UPLOADS)) {
      try (Stream<Path> walk = Files.walk(UPLOADS)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
