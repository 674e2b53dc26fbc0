package guildhall.api;

import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer names its request with {@code X-Request-Id}, as the access log does: the one a proxy sent
 * when it is a sane token, else a new one, so that a user's report and the operator's log meet.
 */
class RequestIdTest extends AsyncApiTestBase {
  @Test
  void aSaneIdIsKeptAndAnyOtherReplaced(VertxTestContext ctx) {
    raw().get("/health").putHeader("X-Request-Id", "proxy-1f2e.3d:4c").send()
        .compose(kept -> check(ctx, () -> assertEquals("proxy-1f2e.3d:4c", kept.getHeader("X-Request-Id"))))
        .compose(v -> raw().get("/api/v1/users/@me").putHeader("X-Request-Id", "two words \" and quotes").send())
        .compose(refused -> check(ctx, () -> {
          assertEquals(401, refused.statusCode()); // an error answer is named too
          String id = refused.getHeader("X-Request-Id");
          assertTrue(id != null && id.matches("[0-9a-f]{16}"), "a new id: " + id);
        }))
        .compose(v -> raw().get("/").send().compose(one -> raw().get("/").send().map(two -> new String[] {
            one.getHeader("X-Request-Id"), two.getHeader("X-Request-Id")})))
        .compose(ids -> check(ctx, () -> assertNotEquals(ids[0], ids[1], "each request its own id")))
        .onComplete(ctx.succeedingThenComplete());
  }
}
