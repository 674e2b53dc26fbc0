package guildhall.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One log line per request, when it ends: method, path (never the query string, which may carry a
 * ticket), status, milliseconds and a request id. The id is answered as {@code X-Request-Id}: the
 * client's own when it sent a sane one (a proxy's, say, so both logs name the same request), else a
 * new one. Logger {@code guildhall.access}, at info; {@code log.access: false} turns the lines off
 * (the header stays).
 */
final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("guildhall.access");
  static final String HEADER = "X-Request-Id";
  /** What a proxy's id looks like (UUIDs, hex, base64url); anything else could forge a log line. */
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final boolean enabled;

  AccessLog(boolean enabled) {
    this.enabled = enabled && log.isInfoEnabled();
  }

  void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : newId();
    ctx.response().putHeader(HEADER, id);
    if (enabled) {
      long start = System.nanoTime();
      String method = ctx.request().method().name();
      String path = ctx.request().path();
      ctx.addEndHandler(done -> log.info("{} {} {} {}ms id={}", method, path, ctx.response().getStatusCode(),
          (System.nanoTime() - start) / 1_000_000, id));
    }
    ctx.next();
  }

  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
