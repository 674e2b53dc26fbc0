package guildhall.api;

import guildhall.support.Api;
import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions as a user sees them: one row per signed-in device (named by an opaque id, labelled from the
 * User-Agent), and the ways to end them: one, all, or all the others by changing the password.
 */
class SessionsTest extends AsyncApiTestBase {
  static final String CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

  /** A second login of {@code user}'s name, from a browser that says it is Chrome on Linux. */
  protected Future<Api.Session> loginFromChrome(Api.Session user) {
    return raw().post("/api/v1/auth/login").putHeader("User-Agent", CHROME_ON_LINUX)
        .sendJsonObject(new JsonObject().put("username", user.username()))
        .map(reply -> {
          if (reply.statusCode() != 200) {
            throw new AssertionError("login: " + reply.statusCode() + " " + reply.bodyAsString());
          }
          JsonObject json = reply.bodyAsJsonObject();
          return new Api.Session(api, json.getString("token"), json.getJsonObject("user").getString("id"), user.username());
        });
  }

  protected static Future<JsonArray> sessions(Api.Session who) {
    return who.get("/users/@me/sessions").map(reply -> {
      if (reply.status() != 200) {
        throw new AssertionError("list sessions: " + reply);
      }
      return reply.array();
    });
  }

  protected static JsonObject other(JsonArray sessions) {
    return sessions.stream().map(JsonObject.class::cast).filter(s -> !s.getBoolean("current")).findFirst()
        .orElseThrow(() -> new AssertionError("no other session in " + sessions.encode()));
  }

  /** A real SSE client's stream for {@code who}'s token, open (its response head in) when the Future completes. */
  protected Future<SseClient> stream(Api.Session who) {
    return blocking(() -> {
      ApiClient client0 = new ApiClient("http://127.0.0.1:" + app.port());
      SseClient client = new ApiClient.Session(client0, who.token(), who.userId(), who.username()).stream(null);
      assertEquals(200, client.status);
      return client;
    });
  }

  /** Whether the stream ended within {@code millis}, waited for off the event loop. */
  protected static Future<Boolean> endsWithin(SseClient stream, long millis) {
    return blocking(() -> stream.awaitEnd(millis));
  }

  protected static Future<Integer> status(Future<Api.Reply> reply) {
    return reply.map(Api.Reply::status);
  }

  @Test
  @DisplayName("Each login is a session the user sees: an opaque id, its device, when it began and was last used, and which is this one")
  void listsSessions(VertxTestContext ctx) {
    user("laptop").compose(first -> loginFromChrome(first).compose(second -> sessions(first).compose(list -> check(ctx, () -> {
      assertEquals(2, list.size(), list.encode());
      JsonObject mine = list.getJsonObject(0);
      JsonObject chrome = list.getJsonObject(1);
      assertTrue(mine.getBoolean("current"));
      assertFalse(chrome.getBoolean("current"));
      assertEquals("Chrome on Linux", chrome.getString("device"));
      for (Object s : list) {
        JsonObject session = (JsonObject) s;
        assertTrue(session.getString("id").matches("[0-9]{1,19}"), "an opaque snowflake id: " + session.encode());
        assertFalse(session.encode().contains(first.token()) || session.encode().contains(second.token()), "no token in the list");
        assertTrue(java.time.Instant.parse(session.getString("created_at")).toEpochMilli() > 0);
        assertTrue(java.time.Instant.parse(session.getString("last_used_at")).toEpochMilli() > 0);
      }
      assertNotEquals(mine.getString("id"), chrome.getString("id"));
    })).compose(v -> sessions(second)).compose(list -> check(ctx, () ->
        assertEquals("Chrome on Linux", list.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current"))
            .findFirst().orElseThrow().getString("device"))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Signing another session out revokes its token; another user's session or an unknown id is 404, a bad id 400")
  void endsOneSession(VertxTestContext ctx) {
    users("owner", "stranger").compose(both -> {
      Api.Session me = both.get(0);
      Api.Session stranger = both.get(1);
      return loginFromChrome(me).compose(phone -> sessions(me).compose(list -> {
        String phoneSession = other(list).getString("id");
        return status(stranger.delete("/users/@me/sessions/" + phoneSession))
            .compose(s -> check(ctx, () -> assertEquals(404, s, "another user's session is not found")))
            .compose(v -> status(me.delete("/users/@me/sessions/" + phoneSession)))
            .compose(s -> check(ctx, () -> assertEquals(204, s)))
            .compose(v -> status(phone.get("/users/@me")))
            .compose(s -> check(ctx, () -> assertEquals(401, s, "the ended session's token no longer works")))
            .compose(v -> status(me.delete("/users/@me/sessions/" + phoneSession)))
            .compose(s -> check(ctx, () -> assertEquals(404, s, "an ended session is gone")))
            .compose(v -> me.delete("/users/@me/sessions/not-an-id"))
            .compose(r -> check(ctx, () -> {
              assertEquals(400, r.status(), r.toString());
              assertEquals("session_id", r.field());
            }))
            .compose(v -> sessions(me))
            .compose(left -> check(ctx, () -> assertEquals(1, left.size(), left.encode())))
            .compose(v -> status(stranger.get("/users/@me")))
            .compose(s -> check(ctx, () -> assertEquals(200, s, "the stranger is still signed in")));
      }));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Sign out everywhere ends every session of the user, the one that asked too")
  void logoutAll(VertxTestContext ctx) {
    user("everywhere").compose(me -> loginFromChrome(me).compose(phone -> status(me.post("/auth/logout-all", null))
        .compose(s -> check(ctx, () -> assertEquals(204, s)))
        .compose(v -> status(me.get("/users/@me")))
        .compose(s -> check(ctx, () -> assertEquals(401, s)))
        .compose(v -> status(phone.get("/users/@me")))
        .compose(s -> check(ctx, () -> assertEquals(401, s)))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A new password signs out every other session; the one that changed it stays")
  void passwordChangeEndsOthers(VertxTestContext ctx) {
    user("careful").compose(me -> loginFromChrome(me).compose(phone -> me.patch("/users/@me", new JsonObject().put("password", "a new secret"))
        .compose(r -> check(ctx, () -> {
          assertEquals(200, r.status(), r.toString());
          assertFalse(r.json().containsKey("revoked"), "nothing of the store's bookkeeping in the reply");
        }))
        .compose(v -> status(phone.get("/users/@me")))
        .compose(s -> check(ctx, () -> assertEquals(401, s)))
        .compose(v -> sessions(me))
        .compose(list -> check(ctx, () -> {
          assertEquals(1, list.size(), list.encode());
          assertTrue(list.getJsonObject(0).getBoolean("current"));
        }))
        .compose(v -> status(me.patch("/users/@me", new JsonObject().put("global_name", "Still me"))))
        .compose(s -> check(ctx, () -> assertEquals(200, s, "a change without a password ends nothing")))))
        .onComplete(ctx.succeedingThenComplete());
  }

  // ---- a revoked token's streams end at once

  @Test
  @DisplayName("Logging out ends that session's open update stream within 2 s")
  void logoutEndsItsStream(VertxTestContext ctx) {
    user("streamer").compose(me -> stream(me).compose(sse -> status(me.post("/auth/logout", null))
        .compose(s -> check(ctx, () -> assertEquals(204, s)))
        .compose(v -> endsWithin(sse, 2000))
        .compose(ended -> check(ctx, () -> assertTrue(ended, "the stream is still open after logout")))
        .eventually(() -> blocking(() -> { sse.close(); return null; }))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Signing a session out ends its stream; the session that did it keeps its own")
  void endedSessionsStreamEnds(VertxTestContext ctx) {
    user("watcher").compose(me -> loginFromChrome(me).compose(phone -> stream(me).compose(mine -> stream(phone).compose(theirs ->
        sessions(me).compose(list -> status(me.delete("/users/@me/sessions/" + other(list).getString("id"))))
            .compose(s -> check(ctx, () -> assertEquals(204, s)))
            .compose(v -> endsWithin(theirs, 2000))
            .compose(ended -> check(ctx, () -> assertTrue(ended, "the ended session's stream is still open")))
            .compose(v -> endsWithin(mine, 300))
            .compose(ended -> check(ctx, () -> assertFalse(ended, "the caller's own stream ended too")))
            .eventually(() -> blocking(() -> { mine.close(); theirs.close(); return null; }))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Sign out everywhere ends every stream of the user within 2 s")
  void logoutAllEndsEveryStream(VertxTestContext ctx) {
    user("all").compose(me -> loginFromChrome(me).compose(phone -> stream(me).compose(mine -> stream(phone).compose(theirs ->
        status(me.post("/auth/logout-all", null))
            .compose(s -> check(ctx, () -> assertEquals(204, s)))
            .compose(v -> endsWithin(mine, 2000))
            .compose(ended -> check(ctx, () -> assertTrue(ended, "the caller's stream is still open")))
            .compose(v -> endsWithin(theirs, 2000))
            .compose(ended -> check(ctx, () -> assertTrue(ended, "the other session's stream is still open")))
            .eventually(() -> blocking(() -> { mine.close(); theirs.close(); return null; }))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A new password ends the other sessions' streams; the changing session's stream stays and hears USER_UPDATE")
  void passwordChangeEndsOtherStreams(VertxTestContext ctx) {
    user("rotate").compose(me -> loginFromChrome(me).compose(phone -> stream(me).compose(mine -> stream(phone).compose(theirs ->
        status(me.patch("/users/@me", new JsonObject().put("password", "another secret")))
            .compose(s -> check(ctx, () -> assertEquals(200, s)))
            .compose(v -> endsWithin(theirs, 2000))
            .compose(ended -> check(ctx, () -> assertTrue(ended, "the other session's stream is still open")))
            .compose(v -> blocking(() -> mine.next("USER_UPDATE")))
            .compose(v -> endsWithin(mine, 300))
            .compose(ended -> check(ctx, () -> assertFalse(ended, "the changing session's stream ended")))
            .eventually(() -> blocking(() -> { mine.close(); theirs.close(); return null; }))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  // ---- tokens from before sessions had ids (V13 leaves their session_id null)

  @Test
  @DisplayName("A token from before V13 is listed with an id of its own, the same each time, and can be signed out by it")
  void legacyTokenGetsAnId(VertxTestContext ctx) {
    String legacyToken = "legacy-" + java.util.UUID.randomUUID();
    user("oldtimer").compose(me -> blocking(() -> {
      try (java.sql.Connection db = open(); var insert = db.prepareStatement(
          "INSERT INTO tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)")) {
        insert.setString(1, sha256(legacyToken));
        insert.setLong(2, Long.parseLong(me.userId()));
        insert.setLong(3, System.currentTimeMillis() - 86_400_000L);
        insert.executeUpdate();
      }
      return null;
    }).compose(v -> sessions(me)).compose(first -> sessions(me).compose(second -> check(ctx, () -> {
      assertEquals(2, first.size(), first.encode());
      JsonObject legacy = other(first);
      assertTrue(legacy.getString("id").matches("[0-9]{1,19}"), legacy.encode());
      assertEquals("Unknown device", legacy.getString("device"));
      assertEquals(legacy.getString("id"), other(second).getString("id"), "the id it was given stays");
    }).compose(v -> status(me.delete("/users/@me/sessions/" + other(first).getString("id"))))))
        .compose(s -> check(ctx, () -> assertEquals(204, s)))
        .compose(v -> status(api.send("GET", "/users/@me", null, legacyToken)))
        .compose(s -> check(ctx, () -> assertEquals(401, s, "the legacy token still works after its session was ended"))))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static String sha256(String token) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** The server's database, opened directly (as the server was given it). */
  private java.sql.Connection open() throws java.sql.SQLException {
    String url = app.databaseUrl;
    if (url.startsWith("jdbc:sqlite:")) {
      return java.sql.DriverManager.getConnection(url);
    }
    String rest = url.substring("postgresql://".length());
    String user = rest.substring(0, rest.indexOf('@'));
    return java.sql.DriverManager.getConnection("jdbc:postgresql://" + rest.substring(rest.indexOf('@') + 1), user, "");
  }
}
