package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay rule's cases one by one, as an attacker would try them: old cursors after joining, deleted
 * and edited text, a hidden channel's deletion, a view taken away while the client was gone. And all or
 * nothing: a refused request changes nothing.
 */
class ReplayRuleTest extends AsyncApiTestBase {

  /** Replays from a cursor until RESUMED or RESYNC; answers the events, RESYNC included as the last one. */
  private static Future<List<Sse.Event>> replay(Api.Session user, String cursor) {
    return Sse.using(user.stream(cursor), stream -> replayed(stream, new ArrayList<>()));
  }

  private static Future<List<Sse.Event>> replayed(Sse stream, List<Sse.Event> got) {
    return stream.next(e -> e.id() != null || e.type().equals("RESUMED") || e.type().equals("RESYNC"), "the replay's end")
        .compose(event -> {
          if (event.type().equals("RESUMED")) {
            return Future.succeededFuture(got);
          }
          got.add(event);
          if (event.type().equals("RESYNC")) {
            return Future.succeededFuture(got);
          }
          return replayed(stream, got);
        });
  }

  private static String text(List<Sse.Event> events) {
    StringBuilder all = new StringBuilder();
    events.forEach(e -> all.append(e.type()).append(' ').append(e.data().encode()).append('\n'));
    return all.toString();
  }

  private static String cursorOf(Api.Reply snapshot) {
    return snapshot.json().getString("cursor");
  }

  private static void assertNothingFromBefore(List<Sse.Event> got, String after) {
    String all = text(got);
    assertFalse(all.contains("before-you-came"), "nothing from before the membership: " + all);
    assertTrue(got.stream().anyMatch(e -> e.type().equals("GUILD_CREATE")), "the membership itself is replayed: " + all);
    assertTrue(got.stream().anyMatch(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(after)),
        "what came after it is: " + all);
  }

  @Test
  @DisplayName("A newcomer replaying from a cursor older than their membership gets nothing the guild said before")
  void newcomerGetsNothingFromBefore(VertxTestContext ctx) {
    Checkpoint fromZero = ctx.checkpoint();
    Checkpoint fromOldCursor = ctx.checkpoint();
    user("owner").compose(owner -> guild(owner, false).compose(guild -> {
      String channel = general(guild);
      String messages = "/channels/" + channel + "/messages/";
      return owner.get("/snapshot").map(ReplayRuleTest::cursorOf).compose(cursor ->
          send(owner, channel, "deleted-before-you-came")
              .compose(deleted -> owner.delete(messages + deleted.getString("id")))
              .compose(v -> send(owner, channel, "original-before-you-came"))
              .compose(edited -> owner.patch(messages + edited.getString("id"), new JsonObject().put("content", "edited")))
              .compose(v -> send(owner, channel, "said-before-you-came"))
              .compose(v -> user("mallory"))
              .compose(mallory -> join(mallory, guild, owner)
                  .compose(v -> send(owner, channel, "said-after-you-came"))
                  .map(m -> m.getString("id"))
                  .compose(after -> replay(mallory, "0")
                      .compose(got -> check(ctx, () -> {
                        assertNothingFromBefore(got, after);
                        fromZero.flag();
                      }))
                      .compose(v -> replay(mallory, cursor))
                      .compose(got -> check(ctx, () -> {
                        assertNothingFromBefore(got, after);
                        fromOldCursor.flag();
                      })))));
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A replay never carries a deleted message's text, nor an edited message's old text, not even in a reply's quote")
  void noOldText(VertxTestContext ctx) {
    Checkpoint clean = ctx.checkpoint();
    pair("owner", "member", false).compose(two -> {
      Api.Session owner = two.owner();
      String channel = two.general();
      String messages = "/channels/" + channel + "/messages";
      return two.member().get("/snapshot").map(ReplayRuleTest::cursorOf).compose(cursor ->
          send(owner, channel, "gone-secret").compose(gone -> send(owner, channel, "first-draft").compose(changed ->
              owner.post(messages, new JsonObject().put("content", "quoting").put("reply_to", changed.getString("id"))).map(Api.Reply::json)
                  .compose(reply -> owner.post(messages, new JsonObject().put("content", "quoting the gone")
                          .put("reply_to", gone.getString("id"))).map(Api.Reply::json)
                      .compose(replyToGone -> owner.patch(messages + "/" + changed.getString("id"), new JsonObject().put("content", "final-text"))
                          .compose(v -> owner.delete(messages + "/" + gone.getString("id")))
                          .compose(v -> replay(two.member(), cursor))
                          .compose(got -> check(ctx, () -> {
                            String all = text(got);
                            assertFalse(all.contains("gone-secret"), all);
                            assertFalse(all.contains("first-draft"), all);
                            assertTrue(got.stream().anyMatch(e -> e.type().equals("MESSAGE_DELETE")
                                && e.data().getString("id").equals(gone.getString("id"))), all);
                            for (Sse.Event e : got) {
                              if (e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(changed.getString("id"))) {
                                assertEquals("final-text", e.data().getString("content"));
                              }
                              if (e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(reply.getString("id"))) {
                                assertEquals("final-text", e.data().getJsonObject("referenced_message").getString("content"));
                              }
                              if (e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(replyToGone.getString("id"))) {
                                assertEquals(null, e.data().getValue("referenced_message"));
                              }
                            }
                            clean.flag();
                          })))))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A hidden channel's deletion tells those who could not see it nothing, live or on replay")
  void hiddenChannelDeletionLeaksNothing(VertxTestContext ctx) {
    Checkpoint liveClean = ctx.checkpoint();
    Checkpoint replayClean = ctx.checkpoint();
    pair("owner", "member", false).compose(two -> {
      String g = two.guildId();
      return two.member().get("/snapshot").map(ReplayRuleTest::cursorOf).compose(cursor ->
          two.owner().post("/guilds/" + g + "/channels", new JsonObject().put("name", "war-room").put("topic", "plans"))
              .map(reply -> reply.json().getString("id"))
              .compose(hidden -> two.owner().put("/channels/" + hidden + "/permissions/" + g,
                      new JsonObject().put("type", 0).put("allow", "0").put("deny", Long.toString(1L << 10)))
                  .compose(v -> two.member().get("/snapshot"))
                  .map(ReplayRuleTest::cursorOf)
                  // Opened from now: the (empty) replay's RESUMED says the stream is live.
                  .compose(now -> Sse.using(two.member().stream(now), stream -> stream.next("RESUMED")
                      .compose(v -> two.owner().delete("/channels/" + hidden))
                      .compose(v -> send(two.owner(), two.general(), "marker"))
                      .compose(v -> stream.next(e -> e.type().equals("MESSAGE_CREATE") && "marker".equals(e.data().getString("content")), "the marker"))
                      .compose(v -> check(ctx, () -> {
                        assertFalse(text(stream.seen()).contains(hidden), text(stream.seen()));
                        liveClean.flag();
                      }))))
                  .compose(v -> replay(two.member(), cursor))
                  .compose(got -> check(ctx, () -> {
                    String all = text(got);
                    assertFalse(all.contains("war-room") || all.contains("plans"), all);
                    replayClean.flag();
                  }))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A client away while the overwrite that showed it a channel goes comes back to RESYNC, then sees it no more")
  void viewTakenAwayWhileAway(VertxTestContext ctx) {
    Checkpoint resync = ctx.checkpoint();
    Checkpoint goneFromSnapshot = ctx.checkpoint();
    pair("owner", "member", false).compose(two -> {
      String g = two.guildId();
      return two.owner().post("/guilds/" + g + "/channels", new JsonObject().put("name", "secret"))
          .map(reply -> reply.json().getString("id"))
          .compose(s -> inTurn(
                  () -> two.owner().put("/channels/" + s + "/permissions/" + g,
                      new JsonObject().put("type", 0).put("allow", "0").put("deny", Long.toString(1L << 10))),
                  () -> two.owner().put("/channels/" + s + "/permissions/" + two.member().userId(),
                      new JsonObject().put("type", 1).put("allow", Long.toString(1L << 10)).put("deny", "0")),
                  () -> two.member().get("/snapshot"))
              .map(r -> cursorOf(r.get(2)))
              .compose(cursor -> two.owner().delete("/channels/" + s + "/permissions/" + two.member().userId())
                  .compose(v -> send(two.owner(), s, "after-you-lost-it"))
                  .compose(v -> replay(two.member(), cursor)))
              .compose(got -> check(ctx, () -> {
                assertEquals("RESYNC", got.get(got.size() - 1).type(), text(got));
                assertFalse(text(got).contains("after-you-lost-it"));
                resync.flag();
              }))
              .compose(v -> two.member().get("/snapshot"))
              .compose(snapshot -> check(ctx, () -> {
                assertFalse(snapshot.text().contains(s), "the fresh snapshot no longer shows it");
                goneFromSnapshot.flag();
              })));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A role reorder naming one unknown role answers 404 and moves nothing")
  void reorderIsAllOrNothing(VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint stillAgree = ctx.checkpoint();
    user("owner").compose(owner -> guild(owner, false).compose(guild -> {
      String g = guild.getString("id");
      String roles = "/guilds/" + g + "/roles";
      return owner.post(roles, new JsonObject().put("name", "a")).map(reply -> reply.json().getString("id"))
          .compose(first -> owner.post(roles, new JsonObject().put("name", "b"))
              .compose(v -> owner.get(roles))
              .compose(before -> owner.patch(roles, new JsonArray()
                      .add(new JsonObject().put("id", first).put("position", 2))
                      .add(new JsonObject().put("id", "123456789012345678").put("position", 1)))
                  .compose(reply -> owner.get(roles).compose(after -> check(ctx, () -> {
                    assertEquals(404, reply.status(), reply.toString());
                    assertEquals(before.text(), after.text(), "nothing moved");
                    refused.flag();
                  })))))
          // The self-check awaits the server's event bus: blocking, so off this event loop.
          .compose(v -> blocking(() -> app.permissionsSelfCheck()))
          .compose(self -> check(ctx, () -> {
            assertTrue(self.getBoolean("equal"), "memory and database still agree");
            stillAgree.flag();
          }));
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A banned user's refused invite costs the invite nothing")
  void bannedInviteUsesNothing(VertxTestContext ctx) {
    Checkpoint bannedRefused = ctx.checkpoint();
    Checkpoint friendLetIn = ctx.checkpoint();
    users("owner", "banned", "friend").compose(u -> {
      Api.Session owner = u.get(0);
      Api.Session banned = u.get(1);
      Api.Session friend = u.get(2);
      return guild(owner, false).compose(guild -> {
        String g = guild.getString("id");
        return join(banned, guild, owner)
            .compose(v -> owner.put("/guilds/" + g + "/bans/" + banned.userId(), new JsonObject()))
            .compose(ban -> check(ctx, () -> assertEquals(204, ban.status())))
            .compose(v -> owner.post("/guilds/" + g + "/invites", new JsonObject().put("max_uses", 1)))
            .map(invite -> invite.json().getString("code"))
            .compose(code -> banned.post("/invites/" + code, null)
                .compose(refusal -> check(ctx, () -> {
                  assertEquals(403, refusal.status());
                  bannedRefused.flag();
                }))
                .compose(v -> friend.post("/invites/" + code, null)))
            .compose(accepted -> check(ctx, () -> {
              assertEquals(200, accepted.status(), "the one use is still there");
              friendLetIn.flag();
            }));
      });
    }).onFailure(ctx::failNow);
  }
}
