package guildhall.http;

import guildhall.ApiError;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a path with a dot segment or an encoded slash, before any route sees it. The router matches
 * the normalised path, in which {@code /guilds/%2e%2e/users/@me} is {@code /users/@me}: a request written
 * for one operation would run another, past whatever a proxy in front checked on the path as written.
 * No client of this API needs either ({@code .} and {@code ..} are never ids, and no id holds a slash).
 */
final class PathGuard {
  private PathGuard() {}

  static void check(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path != null && !allowed(path)) {
      ctx.fail(ApiError.badRequest("path", "The path must not hold dot segments or encoded slashes"));
      return;
    }
    ctx.next();
  }

  /** True when no segment of the raw path is {@code .} or {@code ..}, plain or percent-encoded, and none encodes a slash. */
  static boolean allowed(String rawPath) {
    for (String segment : rawPath.split("/", -1)) {
      String lower = segment.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
        return false;
      }
      String dots = lower.replace("%2e", ".");
      if (dots.equals(".") || dots.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
