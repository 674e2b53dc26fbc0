package guildhall.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Cross-origin access to the API for the exact origins of {@code http.cors_origins}; none by default.
 * Tokens travel in the Authorization header, never in cookies, so no credentials mode is needed.
 *
 * <p>Only a request whose Origin is listed reaches Vert.x's {@link CorsHandler}: that handler answers
 * 403 to any other Origin, and a browser sends one on this server's own page too (same-origin POSTs,
 * module scripts), where the server may stand behind a proxy whose public origin it cannot know. An
 * unlisted origin gets an ordinary answer with no CORS header, which its browser then refuses to show.
 */
final class Cors {
  private Cors() {}

  /** The handler for {@code /api/*}, or null when no origin is listed (nothing to mount). */
  static Handler<RoutingContext> handler(JsonArray configured) {
    Set<String> origins = new LinkedHashSet<>();
    for (Object o : configured == null ? new JsonArray() : configured) {
      if (!(o instanceof String origin) || origin.isBlank() || origin.equals("*")) {
        throw new IllegalArgumentException("http.cors_origins holds exact origins like \"https://chat.example\", not " + o);
      }
      // Browsers send an origin without a trailing slash and with a lower-case scheme and host.
      origins.add(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
    }
    if (origins.isEmpty()) {
      return null;
    }
    CorsHandler cors = CorsHandler.create()
        .addOrigins(origins.stream().toList())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Last-Event-ID"))
        // What a cross-origin client needs to wait out a 429 as this server's own client does.
        .exposedHeaders(Set.of("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            "X-RateLimit-Reset-After", "X-RateLimit-Bucket", "X-RateLimit-Global", "X-RateLimit-Scope"))
        .maxAgeSeconds(600);
    return ctx -> {
      String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
      if (origin != null && origins.contains(origin)) {
        cors.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }
}
