package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence as others see it: the chosen status (stored), idle while away (not stored), invisible as
 * offline while the user keeps receiving, and a custom status; each reaching who shares a guild.
 */
class PresenceTest extends AsyncApiTestBase {

  private static boolean presenceOf(Sse.Event e, Api.Session user, String status) {
    return e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(user.userId())
        && e.data().getString("status").equals(status);
  }

  private static Future<Api.Reply> choose(Api.Session user, JsonObject body) {
    return user.put("/users/@me/presence", body);
  }

  private static JsonObject presenceIn(JsonObject snapshot, Api.Session user) {
    return snapshot.getJsonArray("presences").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("user_id").equals(user.userId())).findFirst().orElse(null);
  }

  @Test
  @DisplayName("dnd, invisible and a custom status reach the guild; invisible shows offline while the user keeps receiving")
  void chosenStatusReachesTheGuild(VertxTestContext ctx) {
    Checkpoint dnd = ctx.checkpoint();
    Checkpoint invisible = ctx.checkpoint();
    Checkpoint custom = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> Sse.using(p.owner().stream(null), watcher ->
        Sse.using(p.member().stream(null), mine ->
            watcher.next(e -> presenceOf(e, p.member(), "online"), "the member online")
                .compose(v -> choose(p.member(), new JsonObject().put("status", "dnd")))
                .compose(reply -> check(ctx, () -> {
                  assertEquals(200, reply.status(), reply.toString());
                  assertEquals("dnd", reply.json().getString("status"));
                }))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "dnd"), "the member in dnd"))
                .compose(v -> mine.next("USER_SETTINGS_UPDATE"))
                .compose(own -> check(ctx, () -> {
                  assertEquals("dnd", own.data().getString("status"), "the member's other sessions learn the choice");
                  dnd.flag();
                }))
                .compose(v -> choose(p.member(), new JsonObject().put("status", "invisible")))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "offline"), "the invisible member shown offline"))
                .compose(v -> send(p.owner(), p.general(), "still there?"))
                .compose(sent -> mine.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(sent.getString("id")),
                    "the message, received while invisible"))
                .compose(v -> p.owner().get("/snapshot"))
                .compose(ownerView -> p.member().get("/snapshot").compose(memberView -> check(ctx, () -> {
                  assertNull(presenceIn(ownerView.json(), p.member()), "others' snapshot shows the invisible member offline");
                  assertEquals("invisible", memberView.json().getJsonObject("presence").getString("status"),
                      "the member's own snapshot keeps the choice");
                  invisible.flag();
                })))
                .compose(v -> choose(p.member(), new JsonObject().put("status", "online")
                    .put("custom_status", new JsonObject().put("text", "Out for lunch").put("emoji", "🍕"))))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "online"), "the member back online"))
                .compose(back -> p.owner().get("/snapshot").compose(ownerView -> check(ctx, () -> {
                  assertEquals("Out for lunch", back.data().getJsonObject("custom_status").getString("text"));
                  JsonObject seen = presenceIn(ownerView.json(), p.member());
                  assertEquals("online", seen.getString("status"));
                  assertEquals("🍕", seen.getJsonObject("custom_status").getString("emoji"));
                  custom.flag();
                }))))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Away shows idle and is never stored; a stored dnd outranks it; offline is no choice and a choice survives reconnecting")
  void awayIsNotStored(VertxTestContext ctx) {
    Checkpoint idle = ctx.checkpoint();
    Checkpoint dndKept = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> Sse.using(p.owner().stream(null), watcher ->
        p.member().stream(null).compose(first ->
            watcher.next(e -> presenceOf(e, p.member(), "online"), "the member online")
                .compose(v -> choose(p.member(), new JsonObject().put("afk", true)))
                .compose(reply -> check(ctx, () -> assertEquals("online", reply.json().getString("status"),
                    "the chosen status stays online")))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "idle"), "the away member shown idle"))
                .compose(v -> p.member().get("/snapshot"))
                .compose(snap -> check(ctx, () -> {
                  assertEquals("online", snap.json().getJsonObject("presence").getString("status"), "away is not stored");
                  idle.flag();
                }))
                .compose(v -> choose(p.member(), new JsonObject().put("afk", false)))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "online"), "the member back"))
                .compose(v -> choose(p.member(), new JsonObject().put("status", "dnd")))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "dnd"), "dnd"))
                .compose(v -> choose(p.member(), new JsonObject().put("afk", true)))
                .compose(v -> first.close())
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "offline"), "the member gone"))
                .compose(v -> Sse.using(p.member().stream(null), again ->
                    watcher.next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(p.member().userId()),
                        "the member's return")))
                .compose(back -> check(ctx, () -> {
                  assertEquals("dnd", back.data().getString("status"), "the stored choice, not idle, shows on return");
                  assertEquals(1, watcher.seen().stream().filter(e -> presenceOf(e, p.member(), "idle")).count(),
                      "away showed idle once, and under dnd never");
                  dndKept.flag();
                })))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Coming online while invisible sends nobody anything; the choice replays to its user alone")
  void invisibleNeverFlashesOnline(VertxTestContext ctx) {
    Checkpoint dark = ctx.checkpoint();
    Checkpoint replayed = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> p.owner().get("/snapshot").map(s -> s.json().getString("cursor")).compose(cursor ->
        Sse.using(p.owner().stream(null), watcher ->
            choose(p.member(), new JsonObject().put("status", "invisible"))
                .compose(v -> Sse.using(p.member().stream(null), mine -> send(p.owner(), p.general(), "marker")
                    .compose(m -> watcher.next(e -> e.type().equals("MESSAGE_CREATE") && "marker".equals(e.data().getString("content")), "the marker"))
                    .compose(seen -> watcher.drain(400))))
                .compose(v -> check(ctx, () -> {
                  assertTrue(watcher.seen().stream().noneMatch(e -> e.type().equals("PRESENCE_UPDATE")
                      && e.data().getString("user_id").equals(p.member().userId())), "nothing about the invisible member");
                  dark.flag();
                })))
            .compose(v -> Sse.using(p.owner().stream(cursor), ownerReplay -> ownerReplay.next("RESUMED")
                .compose(r -> Sse.using(p.member().stream(cursor), memberReplay -> memberReplay.next("USER_SETTINGS_UPDATE")
                    .compose(own -> check(ctx, () -> {
                      assertEquals("invisible", own.data().getString("status"));
                      assertTrue(ownerReplay.seen().stream().noneMatch(e -> e.type().equals("USER_SETTINGS_UPDATE")),
                          "another's choice is theirs alone");
                      replayed.flag();
                    }))))))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Sharing a DM alone is enough: after leaving the guild, a DM partner's presence still reaches the other, live and in the snapshot")
  void dmPartnersSeeEachOther(VertxTestContext ctx) {
    Checkpoint seen = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> p.owner().post("/users/@me/channels", new JsonObject().put("recipient_id", p.member().userId()))
        .compose(dm -> check(ctx, () -> assertEquals(200, dm.status(), dm.toString())))
        .compose(v -> p.member().delete("/users/@me/guilds/" + p.guildId()))
        .compose(left -> Sse.using(p.owner().stream(null), watcher -> Sse.using(p.member().stream(null), mine ->
            watcher.next(e -> presenceOf(e, p.member(), "online"), "the DM partner online")
                .compose(v -> choose(p.member(), new JsonObject().put("status", "dnd")))
                .compose(v -> watcher.next(e -> presenceOf(e, p.member(), "dnd"), "the DM partner in dnd"))
                .compose(v -> p.owner().get("/snapshot"))
                .compose(snap -> check(ctx, () -> {
                  assertEquals(204, left.status(), left.toString());
                  JsonObject partner = presenceIn(snap.json(), p.member());
                  assertEquals("dnd", partner == null ? "absent" : partner.getString("status"), "the snapshot shows the DM partner");
                  seen.flag();
                }))))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A status not in the list, an overlong custom status or an empty body is a 400 naming the field")
  void badInput(VertxTestContext ctx) {
    user("someone").compose(u -> inTurn(
            () -> choose(u, new JsonObject().put("status", "away")),
            () -> choose(u, new JsonObject().put("custom_status", new JsonObject().put("text", "x".repeat(129)))),
            () -> choose(u, new JsonObject().put("afk", "yes")),
            () -> choose(u, new JsonObject()))
        .compose(replies -> u.get("/snapshot").compose(snap -> check(ctx, () -> {
          for (Api.Reply reply : replies) {
            assertEquals(400, reply.status(), reply.toString());
          }
          assertTrue(replies.get(0).field().contains("status"), replies.get(0).toString());
          assertTrue(replies.get(1).field().contains("custom_status"), replies.get(1).toString());
          assertTrue(replies.get(2).field().contains("afk"), replies.get(2).toString());
          assertEquals("online", snap.json().getJsonObject("presence").getString("status"), "nothing changed");
          assertNull(snap.json().getJsonObject("presence").getValue("custom_status"));
        }))))
        .onComplete(ctx.succeedingThenComplete());
  }
}
