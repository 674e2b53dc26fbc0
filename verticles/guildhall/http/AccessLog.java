package guildhall.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One log line per request, when it ends: method, path (never the query string, which may carry a
 * ticket), status, milliseconds and a request id. The id is answered as {@code X-Request-Id}: the
 * client's own when it sent a sane one (a proxy's, say, so both logs name the same request), else a
 * new one. Logger {@code guildhall.access}, at info; {@code log.access: false} turns the lines off
 * (the header stays). The id goes in the MDC as {@code request_id}, not in the message, so that a JSON
 * line carries it as a field of its own; the plain pattern writes it as {@code id=...} at the end.
 */
final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("guildhall.access");
  static final String HEADER = "X-Request-Id";
  /** The MDC key, and the routing context's key, for this request's id. */
  static final String REQUEST_ID = "request_id";
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
    ctx.put(REQUEST_ID, id);
    if (enabled) {
      long start = System.nanoTime();
      String method = ctx.request().method().name();
      String path = ctx.request().path();
      ctx.addEndHandler(done -> withRequestId(ctx, () -> log.info("{} {} {} {}ms", method, path,
          ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000)));
    }
    ctx.next();
  }

  /**
   * Runs {@code logging} with this request's id in the MDC. Set and cleared around the one call: an event
   * loop thread serves many requests in turn, so an id left behind would name the wrong one.
   */
  static void withRequestId(RoutingContext ctx, Runnable logging) {
    String id = ctx.get(REQUEST_ID);
    if (id == null) {
      logging.run();
      return;
    }
    MDC.put(REQUEST_ID, id);
    try {
      logging.run();
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }

  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
