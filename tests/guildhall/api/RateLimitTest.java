package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits, on as in production (the other API tests run with them off): messages per user and
 * channel, requests per user, logins per username. The limits live in memory, so SQLite alone.
 */
class RateLimitTest extends AsyncApiTestBase {
  @Override
  protected JsonObject configOverrides() {
    // Slow refills, so that a slow machine cannot refill a bucket between a test's requests: messages 5
    // at once then one per 2 s, requests 30 at once then one per second; logins as by default.
    return new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
        .put("messages", new JsonObject().put("burst", 5).put("per_second", 0.5))
        .put("requests", new JsonObject().put("burst", 30).put("per_second", 1)));
  }

  private static Future<Api.Reply> send(Api.Session user, String channel, String content, String nonce) {
    return user.post("/channels/" + channel + "/messages", new JsonObject().put("content", content).put("nonce", nonce));
  }

  @Test
  @DisplayName("Five messages at once, then 429 with retry_after and Retry-After; the refused one is not stored, and goes through after the wait")
  void messagesPerUserAndChannel(VertxTestContext ctx) {
    Checkpoint burst = ctx.checkpoint();
    Checkpoint limited = ctx.checkpoint();
    Checkpoint othersFree = ctx.checkpoint();
    Checkpoint notStored = ctx.checkpoint();
    Checkpoint afterTheWait = ctx.checkpoint();
    pair("alice", "bob", true).compose(p -> {
      Api.Session alice = p.owner();
      String general = p.general();
      return inTurn(5, i -> send(alice, general, "burst " + (i + 1), "n" + (i + 1)))
          .compose(sent -> check(ctx, () -> {
            for (int i = 0; i < 5; i++) {
              assertEquals(200, sent.get(i).status(), "message " + (i + 1));
            }
            burst.flag();
          }))
          .compose(v -> send(alice, general, "burst 6", "n6"))
          .compose(refused -> check(ctx, () -> {
            assertEquals(429, refused.status(), refused.toString());
            JsonObject error = refused.json().getJsonObject("error");
            assertEquals("rate_limited", error.getString("code"));
            double retryAfter = error.getDouble("retry_after");
            assertTrue(retryAfter > 0 && retryAfter <= 2.0, "retry_after " + retryAfter);
            assertEquals(String.valueOf((long) Math.ceil(retryAfter)), refused.headers().get("Retry-After"));
            limited.flag();
          }).map(v -> refused.json().getJsonObject("error").getDouble("retry_after")))
          // Per user and per channel: bob in the same channel, and alice in another, are not held back.
          .compose(retryAfter -> send(p.member(), general, "bob is fine", "b1")
              .compose(bobs -> alice.post("/guilds/" + p.guildId() + "/channels", new JsonObject().put("name", "other"))
                  .compose(other -> send(alice, other.json().getString("id"), "another channel", "o1"))
                  .compose(elsewhere -> check(ctx, () -> {
                    assertEquals(200, bobs.status());
                    assertEquals(200, elsewhere.status());
                    othersFree.flag();
                  })))
              .compose(v -> alice.get("/channels/" + general + "/messages?limit=50"))
              .compose(list -> check(ctx, () -> {
                assertEquals(5, list.array().stream()
                    .filter(m -> ((JsonObject) m).getJsonObject("author").getString("id").equals(alice.userId())).count(), "the refused one was not stored");
                notStored.flag();
              }))
              .compose(v -> vertx.timer((long) Math.ceil(retryAfter * 1000))) // the wait the server asked for, not a guess
              .compose(v -> send(alice, general, "burst 6", "n6"))
              .compose(retried -> check(ctx, () -> {
                assertEquals(200, retried.status(), retried.toString());
                afterTheWait.flag();
              })));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A hidden channel answers 404 however often it is tried, never 429")
  void hiddenChannelStaysNotFound(VertxTestContext ctx) {
    Checkpoint alwaysNotFound = ctx.checkpoint();
    users("alice", "mallory").compose(u -> guild(u.get(0), false).compose(privateGuild ->
            inTurn(8, i -> send(u.get(1), general(privateGuild), "knock " + i, "k" + i))))
        .compose(attempts -> check(ctx, () -> {
          for (int i = 0; i < 8; i++) {
            assertEquals(404, attempts.get(i).status(), "attempt " + i);
          }
          alwaysNotFound.flag();
        }))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Past its burst of requests a user gets 429, another user does not")
  void requestsPerUser(VertxTestContext ctx) {
    Checkpoint carolLimited = ctx.checkpoint();
    Checkpoint daveFree = ctx.checkpoint();
    users("carol", "dave").compose(u -> inTurn(60, i -> u.get(0).get("/users/@me"))
        .compose(replies -> check(ctx, () -> {
          int ok = 0;
          int limited = 0;
          for (Api.Reply reply : replies) {
            if (reply.status() == 200) {
              ok++;
            } else {
              assertEquals(429, reply.status());
              limited++;
            }
          }
          assertTrue(ok >= 30, "the burst goes through: " + ok);
          assertTrue(limited > 0, "then some are refused: " + ok + " ok");
          carolLimited.flag();
        }))
        .compose(v -> u.get(1).get("/users/@me"))
        .compose(reply -> check(ctx, () -> {
          assertEquals(200, reply.status());
          daveFree.flag();
        })))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Ten logins at once per username, then 429; other names still log in")
  void loginsPerUsername(VertxTestContext ctx) {
    Checkpoint tenIn = ctx.checkpoint();
    Checkpoint refused = ctx.checkpoint();
    String name = unique("erin");
    inTurn(10, i -> api.send("POST", "/auth/login", new JsonObject().put("username", name), null))
        .compose(logins -> check(ctx, () -> {
          for (int i = 0; i < 10; i++) {
            assertEquals(200, logins.get(i).status(), "login " + (i + 1));
          }
          tenIn.flag();
        }))
        .compose(v -> inTurn(
            () -> api.send("POST", "/auth/login", new JsonObject().put("username", name.toUpperCase()), null),
            () -> api.send("POST", "/auth/login", new JsonObject().put("username", unique("frank")), null)))
        .compose(r -> check(ctx, () -> {
          assertEquals(429, r.get(0).status(), "the same name in other case: " + r.get(0));
          assertEquals(200, r.get(1).status());
          refused.flag();
        }))
        .onFailure(ctx::failNow);
  }
}
