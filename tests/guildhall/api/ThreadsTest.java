package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads through the API as a client meets them: started from a message or from nothing, listed,
 * joined by posting, archived by the clock and reopened by a post, locked by moderators, and hidden,
 * with everything in them, from whoever cannot see their parent channel: live, on replay and in the
 * snapshot.
 */
class ThreadsTest extends AsyncApiTestBase {
  /** Discord's defaults for @everyone (Permissions.DEFAULT_EVERYONE). */
  static final long DEFAULT_EVERYONE = 1L | 64 | 1024 | 2048 | 65536 | (1L << 35) | (1L << 38);
  static final long SEND_MESSAGES = 2048, VIEW_CHANNEL = 1024, CREATE_PUBLIC_THREADS = 1L << 35, SEND_MESSAGES_IN_THREADS = 1L << 38;

  private static JsonObject start(String name) {
    return new JsonObject().put("name", name);
  }

  private static Future<JsonObject> expect(Future<Api.Reply> reply, int status) {
    return reply.compose(r -> r.status() == status ? Future.succeededFuture(r.status() == 204 ? new JsonObject() : r.json())
        : Future.failedFuture(new AssertionError("expected " + status + ", got " + r)));
  }

  private static Future<JsonObject> thread(Api.Session who, String channel, String name) {
    return expect(who.post("/channels/" + channel + "/threads", start(name)), 201);
  }

  private static Future<JsonObject> threadFrom(Api.Session who, String channel, String message, String name) {
    return expect(who.post("/channels/" + channel + "/messages/" + message + "/threads", start(name)), 201);
  }

  /** Sets @everyone's permissions in the pair's guild (its role id is the guild's). */
  private static Future<JsonObject> everyone(Pair p, long bits) {
    return expect(p.owner().patch("/guilds/" + p.guildId() + "/roles/" + p.guildId(),
        new JsonObject().put("permissions", Long.toString(bits))), 200);
  }

  @Test
  @DisplayName("A thread starts from a message (with the message's id) or from nothing, and both are listed")
  void startBothWays(VertxTestContext ctx) {
    pair("tova", "tim", false).compose(p -> Sse.using(p.owner().stream(null), ownerSse -> send(p.owner(), p.general(), "shall we weave?")
        .compose(starter -> threadFrom(p.member(), p.general(), starter.getString("id"), "Weaving Notes").compose(fromMessage -> check(ctx, () -> {
          assertEquals(starter.getString("id"), fromMessage.getString("id"), "a thread from a message has the message's id");
          assertEquals(11, fromMessage.getInteger("type"));
          assertEquals(p.general(), fromMessage.getString("parent_id"));
          assertEquals(p.member().userId(), fromMessage.getString("owner_id"));
          assertEquals(1, fromMessage.getInteger("member_count"), "its starter is its first member");
          assertEquals(0, fromMessage.getInteger("message_count"));
          assertEquals("Weaving Notes", fromMessage.getString("name"), "a thread's name keeps its case and spaces");
          JsonObject meta = fromMessage.getJsonObject("thread_metadata");
          assertFalse(meta.getBoolean("archived"));
          assertFalse(meta.getBoolean("locked"));
          assertEquals(1440, meta.getInteger("auto_archive_duration"));
        }).compose(v -> ownerSse.next("THREAD_CREATE")).compose(event -> check(ctx, () ->
            assertEquals(fromMessage.getString("id"), event.data().getString("id"), "the channel's viewers hear of it")))
          .compose(v -> expect(p.member().post("/channels/" + p.general() + "/messages/" + starter.getString("id") + "/threads", start("again")), 409))
          .compose(v -> thread(p.owner(), p.general(), "loose ends"))
          .compose(loose -> check(ctx, () -> assertNotEquals(starter.getString("id"), loose.getString("id")))
              .compose(v -> p.member().get("/channels/" + p.general() + "/messages"))
              .compose(messages -> check(ctx, () -> {
                JsonObject first = messages.array().getJsonObject(0);
                assertEquals(starter.getString("id"), first.getString("id"));
                assertEquals("Weaving Notes", first.getJsonObject("thread").getString("name"), "the starter message carries its thread");
              }))
              .compose(v -> expect(p.member().get("/channels/" + p.general() + "/threads"), 200))
              .compose(list -> check(ctx, () -> {
                JsonArray threads = list.getJsonArray("threads");
                assertEquals(2, threads.size());
                assertEquals(loose.getString("id"), threads.getJsonObject(0).getString("id"), "newest first");
                assertFalse(threads.getJsonObject(0).getBoolean("joined"));
                assertTrue(threads.getJsonObject(1).getBoolean("joined"), "the member started (so joined) the other");
              })))))))
        .onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Bad names and archive durations are 400s naming the field")
  void validation(VertxTestContext ctx) {
    pair("vera", "vic", false).compose(p -> expect(p.owner().post("/channels/" + p.general() + "/threads", start("")), 400)
        .compose(e -> check(ctx, () -> assertEquals("name", e.getJsonObject("error").getString("field"))))
        .compose(v -> expect(p.owner().post("/channels/" + p.general() + "/threads", start("x".repeat(101))), 400))
        .compose(e -> check(ctx, () -> assertEquals("name", e.getJsonObject("error").getString("field"))))
        .compose(v -> expect(p.owner().post("/channels/" + p.general() + "/threads", start("   ")), 400))
        .compose(e -> check(ctx, () -> assertEquals("name", e.getJsonObject("error").getString("field"))))
        .compose(v -> expect(p.owner().post("/channels/" + p.general() + "/threads", start("ok").put("auto_archive_duration", 30)), 400))
        .compose(e -> check(ctx, () -> assertEquals("auto_archive_duration", e.getJsonObject("error").getString("field"))))
        .compose(v -> thread(p.owner(), p.general(), "ok"))
        .compose(t -> expect(p.owner().patch("/channels/" + t.getString("id"), new JsonObject().put("auto_archive_duration", 61)), 400)
            .compose(e -> check(ctx, () -> assertEquals("auto_archive_duration", e.getJsonObject("error").getString("field"))))
            .compose(v -> expect(p.owner().post("/channels/" + t.getString("id") + "/threads", start("nested")), 400))
            .compose(e -> check(ctx, () -> assertEquals("channel_id", e.getJsonObject("error").getString("field"), "no thread in a thread"))))
        .compose(v -> thread(p.owner(), p.general(), "no overwrites of its own"))
        .compose(t -> expect(p.owner().put("/channels/" + t.getString("id") + "/permissions/" + p.guildId(),
            new JsonObject().put("type", 0).put("deny", Long.toString(VIEW_CHANNEL))), 400))
        .compose(e -> check(ctx, () -> assertEquals("channel_id", e.getJsonObject("error").getString("field"), "a thread takes its parent's permissions")))
        .compose(v -> expect(p.owner().patch("/channels/" + p.general(), new JsonObject().put("archived", true)), 400))
        .compose(e -> check(ctx, () -> assertEquals("archived", e.getJsonObject("error").getString("field"), "archiving is for threads"))))
        .onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Posting in a thread joins it; joining and leaving move member_count; every change reaches viewers as THREAD_UPDATE")
  void postingJoins(VertxTestContext ctx) {
    pair("ulla", "uri", false).compose(p -> thread(p.owner(), p.general(), "plans").compose(t -> {
      String id = t.getString("id");
      return Sse.using(p.owner().stream(null), sse -> send(p.member(), id, "count me in")
          .compose(m -> check(ctx, () -> assertEquals(id, m.getString("channel_id"))))
          .compose(v -> sse.next(e -> e.type().equals("THREAD_UPDATE") && e.data().getInteger("member_count") == 2, "member_count 2"))
          .compose(e -> check(ctx, () -> assertEquals(1, e.data().getInteger("message_count"))))
          .compose(v -> expect(p.member().get("/channels/" + id + "/thread-members/@me"), 200))
          .compose(me -> check(ctx, () -> assertEquals(p.member().userId(), me.getString("user_id"))))
          .compose(v -> expect(p.member().delete("/channels/" + id + "/thread-members/@me"), 204))
          .compose(v -> sse.next(e -> e.type().equals("THREAD_UPDATE") && e.data().getInteger("member_count") == 1, "member_count 1"))
          .compose(v -> expect(p.member().get("/channels/" + id + "/thread-members/@me"), 404))
          .compose(v -> expect(p.member().put("/channels/" + id + "/thread-members/@me", null), 204))
          .compose(v -> sse.next(e -> e.type().equals("THREAD_UPDATE") && e.data().getInteger("member_count") == 2, "member_count 2 again"))
          // Message routes work inside the thread: edit, react, reply, delete.
          .compose(v -> send(p.owner(), id, "second"))
          .compose(second -> expect(p.owner().patch("/channels/" + id + "/messages/" + second.getString("id"), new JsonObject().put("content", "2nd")), 200)
              .compose(v -> expect(p.member().put("/channels/" + id + "/messages/" + second.getString("id") + "/reactions/%F0%9F%91%8D/@me", null), 204))
              .compose(v -> expect(p.member().post("/channels/" + id + "/messages", new JsonObject().put("content", "re").put("reply_to", second.getString("id"))), 200))
              .compose(v -> expect(p.owner().post("/channels/" + id + "/typing", null), 204))
              .compose(v -> expect(p.owner().delete("/channels/" + id + "/messages/" + second.getString("id")), 204)))
          .compose(v -> sse.next(e -> e.type().equals("THREAD_UPDATE") && e.data().getInteger("message_count") == 2, "message_count back to 2"))
          .compose(v -> p.member().get("/channels/" + id + "/messages"))
          .compose(page -> check(ctx, () -> assertEquals(2, page.array().size(), "the thread's own messages: " + page))));
    })).onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("CREATE_PUBLIC_THREADS starts, SEND_MESSAGES_IN_THREADS posts, MANAGE_THREADS locks and archives others' threads")
  void permissions(VertxTestContext ctx) {
    pair("pia", "pol", false).compose(p -> thread(p.member(), p.general(), "mine").compose(mine -> thread(p.owner(), p.general(), "theirs")
        .compose(theirs -> {
          String m = mine.getString("id");
          String o = theirs.getString("id");
          return everyone(p, DEFAULT_EVERYONE & ~CREATE_PUBLIC_THREADS)
              .compose(v -> expect(p.member().post("/channels/" + p.general() + "/threads", start("no")), 403))
              .compose(v -> everyone(p, DEFAULT_EVERYONE & ~SEND_MESSAGES))
              .compose(v -> expect(p.member().post("/channels/" + p.general() + "/messages", new JsonObject().put("content", "no")), 403))
              .compose(v -> expect(p.member().post("/channels/" + o + "/messages", new JsonObject().put("content", "yes: threads need their own bit")), 200))
              .compose(v -> everyone(p, DEFAULT_EVERYONE & ~SEND_MESSAGES_IN_THREADS))
              .compose(v -> expect(p.member().post("/channels/" + o + "/messages", new JsonObject().put("content", "no")), 403))
              .compose(v -> expect(p.member().post("/channels/" + p.general() + "/messages", new JsonObject().put("content", "but here, yes")), 200))
              .compose(v -> everyone(p, DEFAULT_EVERYONE))
              // Archiving and renaming: one's own thread, yes; another's, no; locking needs MANAGE_THREADS.
              .compose(v -> expect(p.member().patch("/channels/" + o, new JsonObject().put("archived", true)), 403))
              .compose(v -> expect(p.member().patch("/channels/" + m, new JsonObject().put("name", "mine, renamed")), 200))
              .compose(t -> check(ctx, () -> assertEquals("mine, renamed", t.getString("name"))))
              .compose(v -> expect(p.member().patch("/channels/" + m, new JsonObject().put("locked", true)), 403))
              .compose(v -> expect(p.owner().patch("/channels/" + m, new JsonObject().put("locked", true)), 200))
              .compose(t -> check(ctx, () -> assertTrue(t.getJsonObject("thread_metadata").getBoolean("locked"))))
              .compose(v -> expect(p.member().post("/channels/" + m + "/messages", new JsonObject().put("content", "locked out")), 403))
              .compose(v -> expect(p.member().patch("/channels/" + m, new JsonObject().put("name", "locked, so not mine to rename")), 403))
              .compose(v -> expect(p.owner().post("/channels/" + m + "/messages", new JsonObject().put("content", "moderators may")), 200))
              .compose(v -> expect(p.member().delete("/channels/" + o), 403))
              .compose(v -> expect(p.owner().patch("/channels/" + m, new JsonObject().put("locked", false)), 200))
              .compose(v -> Sse.using(p.owner().stream(null), sse -> expect(p.member().delete("/channels/" + m), 204)
                  .compose(v2 -> sse.next("THREAD_DELETE"))
                  .compose(e -> check(ctx, () -> assertEquals(m, e.data().getString("id"))))))
              .compose(v -> expect(p.member().get("/channels/" + m + "/messages"), 404));
        }))).onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A quiet thread archives itself after auto_archive_duration; a post reopens it, unless it is locked")
  void autoArchive(VertxTestContext ctx) {
    // One "minute" of auto_archive_duration lasts 50 ms here: 60 minutes are 3 s.
    JsonObject fast = new JsonObject().put("threads", new JsonObject().put("minute_ms", 50).put("archive_check_ms", 200));
    onItsOwnServer(fast, (server, fastApi) -> fastApi.login(unique("ada")).compose(owner -> fastApi.login(unique("bo")).compose(member ->
        owner.post("/guilds", new JsonObject().put("name", "g")).map(Api.Reply::json).compose(guild ->
            owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject())
                .compose(invite -> member.post("/invites/" + invite.json().getString("code"), null))
                .compose(v -> expect(owner.post("/channels/" + general(guild) + "/threads", start("quiet").put("auto_archive_duration", 60)), 201))
                .compose(t -> {
                  String id = t.getString("id");
                  return Sse.using(member.stream(null), sse -> sse.next(e -> e.type().equals("THREAD_UPDATE")
                          && e.data().getJsonObject("thread_metadata").getBoolean("archived"), "the thread archived")
                      .compose(e -> expect(member.get("/channels/" + general(guild) + "/threads"), 200))
                      .compose(list -> check(ctx, () -> assertTrue(list.getJsonArray("threads").getJsonObject(0)
                          .getJsonObject("thread_metadata").getBoolean("archived"), "archived threads stay listed")))
                      .compose(v -> expect(member.post("/channels/" + id + "/messages", new JsonObject().put("content", "wake up")), 200))
                      .compose(v -> sse.next(e -> e.type().equals("THREAD_UPDATE")
                          && !e.data().getJsonObject("thread_metadata").getBoolean("archived"), "the thread reopened")))
                      .compose(v -> expect(owner.patch("/channels/" + id, new JsonObject().put("archived", true).put("locked", true)), 200))
                      .compose(v -> expect(member.post("/channels/" + id + "/messages", new JsonObject().put("content", "let me in")), 403))
                      .compose(v -> expect(owner.post("/channels/" + id + "/messages", new JsonObject().put("content", "reopened by a moderator")), 200))
                      .compose(reopened -> expect(owner.get("/channels/" + general(guild) + "/threads"), 200))
                      .compose(list -> check(ctx, () -> assertFalse(list.getJsonArray("threads").getJsonObject(0)
                          .getJsonObject("thread_metadata").getBoolean("archived"))));
                })))))
        .onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A thread in a channel one cannot see is 404 like a missing id, and nothing of it reaches them, live or replayed")
  void hiddenParent(VertxTestContext ctx) {
    String missing = "/channels/123456789012345678";
    pair("hana", "hal", false).compose(p -> expect(p.owner().post("/guilds/" + p.guildId() + "/channels", new JsonObject().put("name", "secret")), 201)
        .compose(secret -> {
          String s = secret.getString("id");
          return expect(p.owner().put("/channels/" + s + "/permissions/" + p.guildId(),
                  new JsonObject().put("type", 0).put("deny", Long.toString(VIEW_CHANNEL))), 204)
              .compose(v -> expect(p.member().get("/snapshot"), 200))
              .compose(snapshot -> Sse.using(p.member().stream(null), live -> thread(p.owner(), s, "whispers")
                  .compose(t -> {
                    String id = t.getString("id");
                    List<Future<Api.Reply>> hidden = List.of(
                        p.member().get("/channels/" + id + "/messages"),
                        p.member().post("/channels/" + id + "/messages", new JsonObject().put("content", "hi")),
                        p.member().put("/channels/" + id + "/thread-members/@me", null),
                        p.member().get("/channels/" + id + "/thread-members/@me"),
                        p.member().patch("/channels/" + id, new JsonObject().put("archived", true)),
                        p.member().delete("/channels/" + id),
                        p.member().get("/channels/" + s + "/threads"),
                        p.member().post("/channels/" + s + "/threads", start("peek")));
                    return send(p.owner(), id, "the secret itself")
                        .compose(v -> expect(p.owner().patch("/channels/" + id, new JsonObject().put("name", "louder whispers")), 200))
                        .compose(v -> Future.all(hidden))
                        .compose(all -> p.member().get(missing + "/messages").compose(none -> check(ctx, () -> {
                          for (int i = 0; i < hidden.size(); i++) {
                            Api.Reply r = hidden.get(i).result();
                            assertEquals(404, r.status(), "request " + i + ": " + r);
                            assertEquals(none.json().getJsonObject("error").getString("code"), r.json().getJsonObject("error").getString("code"));
                            assertEquals(none.json().getJsonObject("error").getString("message"), r.json().getJsonObject("error").getString("message"),
                                "the same answer as for a channel that does not exist");
                          }
                        })))
                        .compose(v -> thread(p.owner(), p.general(), "marker"))
                        .compose(marker -> live.next("THREAD_CREATE").compose(first -> check(ctx, () -> {
                          assertEquals(marker.getString("id"), first.data().getString("id"), "the first thread event is the visible one");
                          for (Sse.Event e : live.seen()) {
                            assertFalse(e.data().encode().contains(id), "live: nothing of the hidden thread: " + e);
                            assertFalse(e.data().encode().contains("secret itself"), "live: not its messages: " + e);
                          }
                        }))
                        .compose(v -> Sse.using(p.member().stream(snapshot.getString("cursor")), replay -> replay.next("RESUMED").compose(r -> check(ctx, () -> {
                          boolean sawMarker = false;
                          for (Sse.Event e : replay.seen()) {
                            assertNotEquals("RESYNC", e.type());
                            assertFalse(e.data().encode().contains(id), "replay: nothing of the hidden thread: " + e);
                            sawMarker |= e.type().equals("THREAD_CREATE") && marker.getString("id").equals(e.data().getString("id"));
                          }
                          assertTrue(sawMarker, "replay serves the visible thread");
                        }))))
                        .compose(v -> expect(p.member().get("/snapshot"), 200))
                        .compose(fresh -> check(ctx, () -> {
                          JsonArray threads = fresh.getJsonArray("guilds").getJsonObject(0).getJsonArray("threads");
                          assertEquals(1, threads.size(), "the snapshot has the visible thread only: " + threads);
                          assertEquals(marker.getString("id"), threads.getJsonObject(0).getString("id"));
                        })));
                  })));
        })).onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The snapshot holds active threads and archived ones the user joined; deleting the parent deletes its threads")
  void snapshotAndCascade(VertxTestContext ctx) {
    pair("sam", "sid", false).compose(p -> expect(p.owner().post("/guilds/" + p.guildId() + "/channels", new JsonObject().put("name", "doomed")), 201)
        .compose(doomed -> {
          String d = doomed.getString("id");
          return thread(p.owner(), p.general(), "active").compose(active -> thread(p.member(), p.general(), "joined, archived")
              .compose(joined -> thread(p.owner(), p.general(), "archived, not joined").compose(other -> thread(p.owner(), d, "goes with its channel")
                  .compose(child -> expect(p.member().patch("/channels/" + joined.getString("id"), new JsonObject().put("archived", true)), 200)
                      .compose(v -> expect(p.owner().patch("/channels/" + other.getString("id"), new JsonObject().put("archived", true)), 200))
                      .compose(v -> expect(p.member().get("/snapshot"), 200))
                      .compose(snap -> check(ctx, () -> {
                        JsonArray threads = snap.getJsonArray("guilds").getJsonObject(0).getJsonArray("threads");
                        List<String> ids = threads.stream().map(t -> ((JsonObject) t).getString("id")).toList();
                        assertTrue(ids.contains(active.getString("id")));
                        assertTrue(ids.contains(joined.getString("id")), "an archived thread one joined");
                        assertFalse(ids.contains(other.getString("id")), "not an archived one one did not join");
                        assertTrue(ids.contains(child.getString("id")));
                        for (Object t : threads) {
                          JsonObject thread = (JsonObject) t;
                          assertEquals(thread.getString("id").equals(joined.getString("id")), thread.getBoolean("joined"), thread.encode());
                        }
                        for (Object c : snap.getJsonArray("guilds").getJsonObject(0).getJsonArray("channels")) {
                          assertNotEquals(11, ((JsonObject) c).getInteger("type"), "threads are not among the channels");
                        }
                      }))
                      .compose(v -> send(p.member(), child.getString("id"), "soon gone"))
                      .compose(v -> Sse.using(p.member().stream(null), sse -> expect(p.owner().delete("/channels/" + d), 204)
                          .compose(v2 -> sse.next("CHANNEL_DELETE"))))
                      .compose(v -> expect(p.member().get("/channels/" + child.getString("id") + "/messages"), 404))
                      .compose(v -> expect(p.owner().get("/channels/" + child.getString("id") + "/messages"), 404))
                      .compose(v -> expect(p.member().get("/snapshot"), 200))
                      .compose(snap -> check(ctx, () -> {
                        JsonArray threads = snap.getJsonArray("guilds").getJsonObject(0).getJsonArray("threads");
                        assertFalse(threads.encode().contains(child.getString("id")), "the deleted channel's thread is gone");
                      }))))));
        })).onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Memory and database agree on threads (permissions self-check)")
  void selfCheck(VertxTestContext ctx) {
    pair("cam", "cy", false).compose(p -> thread(p.member(), p.general(), "checked")
        .compose(t -> expect(p.owner().patch("/channels/" + t.getString("id"), new JsonObject().put("locked", true)), 200)))
        .compose(v -> blocking(app::permissionsSelfCheck))
        .compose(result -> check(ctx, () -> assertTrue(result.getBoolean("equal"), "permissions.self-check: " + result.encode())))
        .onSuccess(v -> ctx.completeNow()).onFailure(ctx::failNow);
  }
}
