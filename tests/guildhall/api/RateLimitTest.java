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
    // Requests through a proxy on loopback name their client in X-Forwarded-For: the per-address limits
    // are tried from several "addresses" that way.
    return new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
            .put("messages", new JsonObject().put("burst", 5).put("per_second", 0.5))
            .put("requests", new JsonObject().put("burst", 30).put("per_second", 1))
            .put("logins_per_address", new JsonObject().put("burst", 100).put("per_second", 1))
            .put("signups_per_address", new JsonObject().put("burst", 40).put("per_second", 0.001)))
        .put("http", new JsonObject().put("trusted_proxies", new io.vertx.core.json.JsonArray().add("127.0.0.1")));
  }

  private Future<Api.Reply> loginFrom(String address, String username, String password) {
    JsonObject body = new JsonObject().put("username", username);
    if (password != null) {
      body.put("password", password);
    }
    return api.send("POST", "/auth/login", body, null, java.util.Map.of("X-Forwarded-For", address));
  }

  @Test
  @DisplayName("Every answer of a limited route says its bucket, as Discord's do: limit, remaining, reset, reset-after")
  void headersOnEveryAnswer(VertxTestContext ctx) {
    users("gail").compose(u -> u.get(0).post("/guilds", new JsonObject().put("name", "headers")).compose(guild -> {
      String channel = guild.json().getJsonArray("channels").getJsonObject(0).getString("id");
      return u.get(0).get("/users/@me").compose(first -> u.get(0).get("/users/@me").compose(second ->
          send(u.get(0), channel, "counted", "n-headers").compose(message -> check(ctx, () -> {
            assertEquals(200, second.status(), second.toString());
            assertEquals("30", second.headers().get("X-RateLimit-Limit"));
            assertEquals("requests", second.headers().get("X-RateLimit-Bucket"));
            int before = Integer.parseInt(first.headers().get("X-RateLimit-Remaining"));
            int after = Integer.parseInt(second.headers().get("X-RateLimit-Remaining"));
            assertTrue(after < before && after >= 0, "each request takes one: " + before + " then " + after);
            double resetAfter = Double.parseDouble(second.headers().get("X-RateLimit-Reset-After"));
            assertTrue(resetAfter > 0 && resetAfter <= 30, "full again within the burst's refill: " + resetAfter);
            double reset = Double.parseDouble(second.headers().get("X-RateLimit-Reset"));
            assertTrue(Math.abs(reset - (System.currentTimeMillis() / 1000.0 + resetAfter)) < 5, "Reset is epoch seconds: " + reset);
            assertEquals(200, message.status(), message.toString());
            assertEquals("messages", message.headers().get("X-RateLimit-Bucket"), "a message answer says the message bucket");
            assertEquals("5", message.headers().get("X-RateLimit-Limit"));
            assertEquals("4", message.headers().get("X-RateLimit-Remaining"));
          }))));
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Wrong passwords from one address end in 429 there, and the real user, elsewhere, still signs in")
  void noLockoutFromElsewhere(VertxTestContext ctx) {
    String victim = unique("victim");
    loginFrom("198.51.100.7", victim, "correct horse battery").compose(made -> inTurn(12,
            i -> loginFrom("203.0.113.5", victim, "guess " + i))
        .compose(guesses -> loginFrom("198.51.100.7", victim, "correct horse battery").compose(real -> check(ctx, () -> {
          assertEquals(200, made.status(), "the victim made the account: " + made);
          for (int i = 0; i < 10; i++) {
            assertEquals(401, guesses.get(i).status(), "guess " + (i + 1) + " is just wrong");
          }
          Api.Reply limited = guesses.get(11);
          assertEquals(429, limited.status(), "then the guessing address is slowed: " + limited);
          JsonObject body = limited.json();
          assertTrue(body.getDouble("retry_after") > 0, "Discord's retry_after at the top: " + body);
          assertEquals(false, body.getBoolean("global"));
          assertTrue(body.getString("message").contains("rate limited"));
          assertEquals(200, real.status(), "the real user, from their own address, is not locked out: " + real);
        })))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("New accounts are limited per address (40 here); an existing name still signs in from it, and other addresses make accounts")
  void signupsPerAddress(VertxTestContext ctx) {
    String existing = unique("old");
    loginFrom("192.0.2.1", existing, null).compose(v -> inTurn(41, i -> loginFrom("192.0.2.9", unique("new" + i), null)))
        .compose(made -> loginFrom("192.0.2.9", existing, null).compose(old -> loginFrom("192.0.2.10", unique("other"), null)
            .compose(other -> check(ctx, () -> {
              for (int i = 0; i < 40; i++) {
                assertEquals(200, made.get(i).status(), "account " + (i + 1));
              }
              assertEquals(429, made.get(40).status(), "the 41st account from one address: " + made.get(40));
              assertEquals("signups_per_address", made.get(40).headers().get("X-RateLimit-Bucket"));
              assertEquals(200, old.status(), "an existing name signs in from that address");
              assertEquals(200, other.status(), "another address makes an account");
            })))).onComplete(ctx.succeedingThenComplete());
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
          Api.Reply refusal = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
          assertEquals(true, refusal.json().getBoolean("global"), "the all-requests limit is Discord's global one");
          assertEquals("true", refusal.headers().get("X-RateLimit-Global"));
          assertEquals("0", refusal.headers().get("X-RateLimit-Remaining"));
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
