package guildhall.api;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits, on as in production (the other API tests run with them off): messages per user and
 * channel, requests per user, logins per username. The limits live in memory, so SQLite alone.
 */
class RateLimitTest extends ApiTestBase {
  @Override
  protected JsonObject configOverrides() {
    // Slow refills, so that a slow machine cannot refill a bucket between a test's requests: messages 5
    // at once then one per 2 s, requests 30 at once then one per second; logins as by default.
    return new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
        .put("messages", new JsonObject().put("burst", 5).put("per_second", 0.5))
        .put("requests", new JsonObject().put("burst", 30).put("per_second", 1)));
  }

  private static ApiClient.Reply send(ApiClient.Session user, String channel, String content, String nonce) {
    return user.post("/channels/" + channel + "/messages", new JsonObject().put("content", content).put("nonce", nonce));
  }

  @Test
  @DisplayName("Five messages at once, then 429 with retry_after and Retry-After; the refused one is not stored, and goes through after the wait")
  void messagesPerUserAndChannel() throws InterruptedException {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, true);
    join(bob, guild, alice);
    String general = general(guild);
    for (int i = 1; i <= 5; i++) {
      assertEquals(200, send(alice, general, "burst " + i, "n" + i).status(), "message " + i);
    }
    ApiClient.Reply refused = send(alice, general, "burst 6", "n6");
    assertEquals(429, refused.status(), refused.toString());
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("rate_limited", error.getString("code"));
    double retryAfter = error.getDouble("retry_after");
    assertTrue(retryAfter > 0 && retryAfter <= 2.0, "retry_after " + retryAfter);
    assertEquals(String.valueOf((long) Math.ceil(retryAfter)), refused.headers().firstValue("Retry-After").orElse(null));

    // Per user and per channel: bob in the same channel, and alice in another, are not held back.
    assertEquals(200, send(bob, general, "bob is fine", "b1").status());
    String other = alice.post("/guilds/" + guild.getString("id") + "/channels", new JsonObject().put("name", "other")).json().getString("id");
    assertEquals(200, send(alice, other, "another channel", "o1").status());

    assertEquals(5, alice.get("/channels/" + general + "/messages?limit=50").array().stream()
        .filter(m -> ((JsonObject) m).getJsonObject("author").getString("id").equals(alice.userId())).count(), "the refused one was not stored");
    Thread.sleep((long) Math.ceil(retryAfter * 1000)); // the wait the server asked for, not a guess
    ApiClient.Reply retried = send(alice, general, "burst 6", "n6");
    assertEquals(200, retried.status(), retried.toString());
  }

  @Test
  @DisplayName("A hidden channel answers 404 however often it is tried, never 429")
  void hiddenChannelStaysNotFound() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session mallory = user("mallory");
    JsonObject privateGuild = guild(alice, false);
    String channel = general(privateGuild);
    for (int i = 0; i < 8; i++) {
      assertEquals(404, send(mallory, channel, "knock " + i, "k" + i).status(), "attempt " + i);
    }
  }

  @Test
  @DisplayName("Past its burst of requests a user gets 429, another user does not")
  void requestsPerUser() {
    ApiClient.Session carol = user("carol");
    ApiClient.Session dave = user("dave");
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 60; i++) {
      int status = carol.get("/users/@me").status();
      if (status == 200) {
        ok++;
      } else {
        assertEquals(429, status);
        limited++;
      }
    }
    assertTrue(ok >= 30, "the burst goes through: " + ok);
    assertTrue(limited > 0, "then some are refused: " + ok + " ok");
    assertEquals(200, dave.get("/users/@me").status());
  }

  @Test
  @DisplayName("Ten logins at once per username, then 429; other names still log in")
  void loginsPerUsername() {
    String name = unique("erin");
    for (int i = 1; i <= 10; i++) {
      assertEquals(200, api.send("POST", "/auth/login", new JsonObject().put("username", name), null).status(), "login " + i);
    }
    ApiClient.Reply refused = api.send("POST", "/auth/login", new JsonObject().put("username", name.toUpperCase()), null);
    assertEquals(429, refused.status(), "the same name in other case: " + refused);
    assertEquals(200, api.send("POST", "/auth/login", new JsonObject().put("username", unique("frank")), null).status());
  }
}
