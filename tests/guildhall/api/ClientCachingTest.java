package guildhall.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reload fetches nothing unchanged: the page is revalidated (a bodiless 304 when the client has not
 * changed), everything it links is under a versioned path cached for a year, and the library files
 * carry their versions in their paths. Checked with a plain HTTP client, as a browser would ask.
 */
class ClientCachingTest extends AsyncApiTestBase {
  private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"(/v/[0-9a-f]+/[^\"]+)\"");
  private static final Pattern IMPORT_MAP = Pattern.compile("\"(/(?:webjars|_static)/[^\"]+)\"");
  private Future<HttpResponse<Buffer>> get(String path, String header, String value) {
    var request = raw().get(path);
    if (header != null) {
      request.putHeader(header, value);
    }
    return request.send();
  }

  @Test
  @DisplayName("the page is revalidated by its ETag and links only versioned, year-long files; a changed version is not cached")
  void pageAndVersionedFiles(VertxTestContext ctx) {
    List<String> linked = new ArrayList<>();
    get("/", null, null).compose(page -> check(ctx, () -> {
      assertEquals(200, page.statusCode());
      assertEquals("no-cache", page.getHeader("Cache-Control"));
      assertNotNull(page.getHeader("ETag"), "the page has a validator");
      Matcher m = LINKED.matcher(page.bodyAsString());
      while (m.find()) {
        linked.add(m.group(1));
      }
      assertTrue(linked.stream().anyMatch(p -> p.endsWith("/js/main.js")), "main.js is linked under its version: " + linked);
      assertEquals(1, linked.stream().filter(p -> p.endsWith(".css")).count(), "the stylesheets come as one file: " + linked);
      assertTrue(linked.stream().anyMatch(p -> p.endsWith("/css/client.css")), "linked under its version");
      assertTrue(linked.stream().anyMatch(p -> p.endsWith("/js/components/Login.js")) && linked.stream().anyMatch(p -> p.endsWith("/js/html.js")),
          "the first screen's modules are preloaded, not found one import depth at a time: " + linked);
      assertTrue(page.bodyAsString().contains("rel=\"modulepreload\" href=\"/webjars/preact/"), "and the libraries it imports");
      assertFalse(linked.stream().anyMatch(p -> p.endsWith("/js/store.js") || p.endsWith("/js/components/App.js")),
          "the signed-in client is not preloaded for the login screen");
      assertFalse(page.bodyAsString().contains("src=\"/js/"), "no unversioned script is left in the page");
    }).compose(v -> get("/", "If-None-Match", page.getHeader("ETag")))).compose(again -> check(ctx, () -> {
      assertEquals(304, again.statusCode(), "an unchanged page is not sent again");
      assertEquals(0, again.body() == null ? 0 : again.body().length());
    })).compose(v -> get(linked.get(0), null, null)).compose(file -> check(ctx, () -> {
      assertEquals(200, file.statusCode());
      assertEquals("public, max-age=31536000, immutable", file.getHeader("Cache-Control"));
      assertNotNull(file.getHeader("Last-Modified"));
    })).compose(v -> get(linked.get(0).replaceFirst("/v/[0-9a-f]+/", "/v/000000000000/"), null, null)).compose(stale -> check(ctx, () -> {
      assertEquals(200, stale.statusCode(), "a page of an older version still gets its files");
      assertEquals("no-cache", stale.getHeader("Cache-Control"), "but today's file is not kept under an older version's URL");
    })).compose(v -> get("/js/main.js", null, null)).compose(plain -> check(ctx, () -> {
      assertEquals(200, plain.statusCode());
      assertEquals("no-cache", plain.getHeader("Cache-Control"));
    }).compose(v -> get("/js/main.js", "If-Modified-Since", plain.getHeader("Last-Modified")))).compose(again -> check(ctx, () ->
        assertEquals(304, again.statusCode(), "an unversioned file is revalidated, and unchanged it is not sent again"))
    ).compose(v -> get("/v/" + "0".repeat(12) + "/js/no-such-file.js", null, null)).compose(missing -> check(ctx, () ->
        assertEquals(404, missing.statusCode()))
    ).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the import map's library files carry their versions and are cached for a year")
  void libraries(VertxTestContext ctx) {
    get("/", null, null).compose(page -> {
      Matcher m = IMPORT_MAP.matcher(page.bodyAsString());
      List<String> libraries = new ArrayList<>();
      while (m.find()) {
        libraries.add(m.group(1));
      }
      return check(ctx, () -> assertFalse(libraries.isEmpty(), "the page maps its libraries"))
          .compose(v -> Future.all(libraries.stream().map(p -> get(p, null, null)).toList()))
          .compose(all -> check(ctx, () -> {
            for (int i = 0; i < libraries.size(); i++) {
              HttpResponse<Buffer> r = all.resultAt(i);
              assertEquals(200, r.statusCode(), libraries.get(i));
              assertEquals("public, max-age=31536000, immutable", r.getHeader("Cache-Control"), libraries.get(i));
            }
          }));
    }).onComplete(ctx.succeedingThenComplete());
  }
}
