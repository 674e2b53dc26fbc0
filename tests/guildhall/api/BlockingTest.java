package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocking: a blocked user cannot open or write in a DM with the blocker; unblocking restores it; only the blocker knows. */
class BlockingTest extends AsyncApiTestBase {
  private static final JsonObject BLOCK = new JsonObject().put("type", 2);

  @Test
  @DisplayName("Blocked: 403 on opening the DM, writing, reacting and typing in it; the blocker may not write either; unblock restores")
  void blockedCannotReachTheBlocker(VertxTestContext ctx) {
    Checkpoint blocked = ctx.checkpoint();
    Checkpoint restored = ctx.checkpoint();
    pair("ada", "troll", false).compose(p -> {
      Api.Session ada = p.owner();
      Api.Session troll = p.member();
      JsonObject open = new JsonObject().put("recipient_id", ada.userId());
      return troll.post("/users/@me/channels", open).map(Api.Reply::json).compose(dm -> {
        String ch = "/channels/" + dm.getString("id");
        return send(ada, dm.getString("id"), "before").compose(first -> ada.put("/users/@me/relationships/" + troll.userId(), BLOCK)
            .compose(put -> inTurn(
                () -> troll.post("/users/@me/channels", open),
                () -> troll.post(ch + "/messages", new JsonObject().put("content", "hey")),
                () -> troll.put(ch + "/messages/" + first.getString("id") + "/reactions/x/@me", null),
                () -> troll.post(ch + "/typing", null),
                () -> ada.post(ch + "/messages", new JsonObject().put("content", "you are blocked")),
                () -> troll.get(ch + "/messages"),
                () -> troll.post("/channels/" + p.general() + "/messages", new JsonObject().put("content", "in the guild")))
                .compose(r -> check(ctx, () -> {
                  assertEquals(204, put.status());
                  for (int i = 0; i < 5; i++) {
                    assertEquals(403, r.get(i).status(), "case " + i + ": " + r.get(i));
                  }
                  assertEquals(200, r.get(5).status(), "the history stays readable");
                  assertEquals(200, r.get(6).status(), "guild channels are not silenced: the blocker's client folds them away");
                  blocked.flag();
                })))
            .compose(v -> ada.delete("/users/@me/relationships/" + troll.userId()))
            .compose(del -> inTurn(
                () -> troll.post("/users/@me/channels", open),
                () -> troll.post(ch + "/messages", new JsonObject().put("content", "sorry")))
                .compose(r -> check(ctx, () -> {
                  assertEquals(204, del.status());
                  assertEquals(200, r.get(0).status());
                  assertEquals(200, r.get(1).status());
                  restored.flag();
                }))));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A block reaches the blocker alone (RELATIONSHIP_ADD/REMOVE, the snapshot), never the blocked; bad targets refused")
  void relationshipsOnlyToTheirOwner(VertxTestContext ctx) {
    Checkpoint owner = ctx.checkpoint();
    Checkpoint others = ctx.checkpoint();
    Checkpoint refused = ctx.checkpoint();
    pair("ada", "troll", false).compose(p -> Sse.using(p.owner().stream(null), adaStream -> Sse.using(p.member().stream(null), trollStream ->
        p.owner().put("/users/@me/relationships/" + p.member().userId(), BLOCK)
            .compose(v -> adaStream.next("RELATIONSHIP_ADD"))
            .compose(add -> p.owner().get("/snapshot").compose(snap -> p.member().get("/snapshot").compose(trollSnap -> check(ctx, () -> {
              assertEquals(p.member().userId(), add.data().getString("id"));
              assertEquals(2, add.data().getInteger("type"));
              assertEquals(1, snap.json().getJsonArray("relationships").size());
              assertEquals(p.member().userId(), snap.json().getJsonArray("relationships").getJsonObject(0).getJsonObject("user").getString("id"));
              assertTrue(trollSnap.json().getJsonArray("relationships").isEmpty());
            }))))
            .compose(v -> p.owner().delete("/users/@me/relationships/" + p.member().userId()))
            .compose(v -> adaStream.next("RELATIONSHIP_REMOVE"))
            .compose(remove -> check(ctx, () -> {
              assertEquals(p.member().userId(), remove.data().getString("id"));
              owner.flag();
            }))
            .compose(v -> trollStream.drain(300))
            .compose(seen -> check(ctx, () -> {
              assertTrue(seen.stream().noneMatch(e -> e.type().startsWith("RELATIONSHIP")), seen.toString());
              others.flag();
            }))
            .compose(v -> inTurn(
                () -> p.owner().put("/users/@me/relationships/" + p.owner().userId(), BLOCK),
                () -> p.owner().put("/users/@me/relationships/123456789", BLOCK),
                () -> p.owner().put("/users/@me/relationships/" + p.member().userId(), new JsonObject().put("type", 1))))
            .compose(r -> check(ctx, () -> {
              assertEquals(400, r.get(0).status());
              assertEquals("user_id", r.get(0).field());
              assertEquals(404, r.get(1).status());
              assertEquals(400, r.get(2).status());
              assertEquals("type", r.get(2).field());
              refused.flag();
            }))))).onFailure(ctx::failNow);
  }
}
