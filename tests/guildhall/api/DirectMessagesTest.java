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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DMs and group DMs: one DM per pair, group rules and limits, recipients, and that only recipients see anything. */
class DirectMessagesTest extends AsyncApiTestBase {

  /** {@code users} all join a fresh guild of the first's, so that they may write to each other. */
  private Future<List<Api.Session>> acquainted(String... names) {
    return users(names).compose(all -> guild(all.get(0), false).compose(guild -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 1; i < all.size(); i++) {
        Api.Session member = all.get(i);
        chain = chain.compose(v -> join(member, guild, all.get(0)));
      }
      return chain.map(v -> all);
    }));
  }

  private static Future<JsonObject> openDm(Api.Session from, Api.Session to) {
    return from.post("/users/@me/channels", new JsonObject().put("recipient_id", to.userId()))
        .compose(r -> r.status() == 200 ? Future.succeededFuture(r.json()) : Future.failedFuture(new AssertionError("open DM: " + r)));
  }

  private static Future<Api.Reply> group(Api.Session owner, String name, List<Api.Session> others) {
    JsonArray ids = new JsonArray();
    others.forEach(o -> ids.add(o.userId()));
    return owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", ids).put("name", name));
  }

  private static List<String> ids(JsonArray users) {
    List<String> out = new ArrayList<>();
    users.forEach(u -> out.add(((JsonObject) u).getString("id")));
    return out;
  }

  @Test
  @DisplayName("The DM between two people is the same channel every time, from either side; both hear of it once")
  void sameDmEveryTime(VertxTestContext ctx) {
    Checkpoint same = ctx.checkpoint();
    Checkpoint told = ctx.checkpoint();
    acquainted("ada", "bob").compose(u -> Sse.using(u.get(1).stream(null), bobStream -> openDm(u.get(0), u.get(1))
        .compose(first -> openDm(u.get(0), u.get(1)).compose(again -> openDm(u.get(1), u.get(0))
            .compose(fromBob -> check(ctx, () -> {
              assertEquals(1, first.getInteger("type"));
              assertEquals(first.getString("id"), again.getString("id"));
              assertEquals(first.getString("id"), fromBob.getString("id"));
              assertEquals(List.of(u.get(1).userId()), ids(first.getJsonArray("recipients")), "recipients leave out the caller");
              assertEquals(List.of(u.get(0).userId()), ids(fromBob.getJsonArray("recipients")));
              same.flag();
            }))
            .compose(v -> bobStream.drain(300))
            .compose(seen -> check(ctx, () -> {
              List<Sse.Event> creates = seen.stream().filter(e -> e.type().equals("CHANNEL_CREATE")).toList();
              assertEquals(1, creates.size(), "one CHANNEL_CREATE, for the first open only");
              assertEquals(first.getString("id"), creates.get(0).data().getString("id"));
              assertEquals(List.of(u.get(0).userId()), ids(creates.get(0).data().getJsonArray("recipients")), "bob's copy names ada, not bob");
              told.flag();
            })))))).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Opening a DM: not yourself, not an unknown user (400 naming the field), not a stranger (403)")
  void whoMayBeMessaged(VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    users("ada", "stranger").compose(u -> inTurn(
        () -> u.get(0).post("/users/@me/channels", new JsonObject().put("recipient_id", u.get(0).userId())),
        () -> u.get(0).post("/users/@me/channels", new JsonObject().put("recipient_id", "123456789")),
        () -> u.get(0).post("/users/@me/channels", new JsonObject().put("recipient_id", u.get(1).userId())),
        () -> u.get(0).post("/users/@me/channels", new JsonObject().put("recipient_id", u.get(1).userId())
            .put("recipient_ids", new JsonArray().add("1").add("2"))),
        () -> u.get(0).post("/users/@me/channels", new JsonObject().put("recipient_id", "not-an-id")))
        .compose(r -> check(ctx, () -> {
          assertEquals(400, r.get(0).status());
          assertEquals("recipient_id", r.get(0).field());
          assertEquals(400, r.get(1).status(), "an unknown user");
          assertEquals("recipient_id", r.get(1).field());
          assertEquals(403, r.get(2).status(), "no shared guild, no DM yet: " + r.get(2));
          assertEquals(400, r.get(3).status());
          assertEquals(400, r.get(4).status());
          assertEquals("recipient_id", r.get(4).field());
          refused.flag();
        }))).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Group DMs: 2 to 9 distinct others, not yourself, known users; at most 10 people on PUT")
  void groupRulesAndLimits(VertxTestContext ctx) {
    Checkpoint rules = ctx.checkpoint();
    Checkpoint limit = ctx.checkpoint();
    acquainted("o", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j").compose(u -> {
      Api.Session owner = u.get(0);
      List<Api.Session> nine = u.subList(1, 10);
      Api.Session eleventh = u.get(10);
      JsonArray tooMany = new JsonArray();
      u.subList(1, 11).forEach(s -> tooMany.add(s.userId()));
      return inTurn(
          () -> group(owner, "one", u.subList(1, 2)),
          () -> owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", tooMany)),
          () -> owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add(u.get(1).userId()).add(u.get(1).userId()))),
          () -> owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add(u.get(1).userId()).add(owner.userId()))),
          () -> owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add(u.get(1).userId()).add("123456789"))),
          () -> group(owner, "Full house", nine))
          .compose(r -> check(ctx, () -> {
            for (int i = 0; i < 5; i++) {
              assertEquals(400, r.get(i).status(), "case " + i + ": " + r.get(i));
              assertEquals("recipient_ids", r.get(i).field(), "case " + i);
            }
            JsonObject full = r.get(5).json();
            assertEquals(200, r.get(5).status());
            assertEquals(3, full.getInteger("type"));
            assertEquals("Full house", full.getString("name"));
            assertEquals(owner.userId(), full.getString("owner_id"));
            assertEquals(9, full.getJsonArray("recipients").size());
            rules.flag();
          }).map(r.get(5).json()))
          .compose(full -> owner.put("/channels/" + full.getString("id") + "/recipients/" + eleventh.userId(), null))
          .compose(r -> check(ctx, () -> {
            assertEquals(400, r.status(), "an eleventh person");
            assertEquals("user_id", r.field());
            limit.flag();
          }));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Recipients: the owner adds and removes, anyone leaves, ownership passes on; events to those in it only")
  void recipients(VertxTestContext ctx) {
    Checkpoint added = ctx.checkpoint();
    Checkpoint onlyOwner = ctx.checkpoint();
    Checkpoint removed = ctx.checkpoint();
    Checkpoint passed = ctx.checkpoint();
    acquainted("o", "a", "b", "c").compose(u -> {
      Api.Session owner = u.get(0), a = u.get(1), b = u.get(2), c = u.get(3);
      return group(owner, null, List.of(a, b)).map(Api.Reply::json).compose(g -> {
        String id = g.getString("id");
        String base = "/channels/" + id + "/recipients/";
        return Sse.using(c.stream(null), cStream -> Sse.using(a.stream(null), aStream ->
            a.put(base + c.userId(), null)
                .compose(notOwner -> check(ctx, () -> assertEquals(403, notOwner.status(), "only the owner adds")))
                .compose(v -> owner.put(base + c.userId(), null))
                .compose(r -> check(ctx, () -> assertEquals(204, r.status())))
                .compose(v -> cStream.next("CHANNEL_CREATE"))
                .compose(created -> aStream.next("CHANNEL_RECIPIENT_ADD").compose(add -> check(ctx, () -> {
                  assertEquals(id, created.data().getString("id"));
                  assertFalse(ids(created.data().getJsonArray("recipients")).contains(c.userId()));
                  assertEquals(3, created.data().getJsonArray("recipients").size());
                  assertEquals(c.userId(), add.data().getJsonObject("user").getString("id"));
                  added.flag();
                })))
                .compose(v -> a.delete(base + b.userId()))
                .compose(r -> check(ctx, () -> {
                  assertEquals(403, r.status(), "only the owner removes someone else");
                  onlyOwner.flag();
                }))
                .compose(v -> owner.delete(base + c.userId()))
                .compose(r -> cStream.next("CHANNEL_DELETE").compose(gone -> aStream.next("CHANNEL_RECIPIENT_REMOVE")
                    .compose(rem -> c.get("/channels/" + id + "/messages").compose(after -> check(ctx, () -> {
                      assertEquals(204, r.status());
                      assertEquals(id, gone.data().getString("id"));
                      assertNull(gone.data().getString("guild_id"));
                      assertEquals(c.userId(), rem.data().getJsonObject("user").getString("id"));
                      assertEquals(404, after.status(), "removed: the channel is not there for them");
                      removed.flag();
                    })))))
                .compose(v -> owner.delete(base + owner.userId()))
                .compose(r -> aStream.next("CHANNEL_UPDATE"))
                .compose(update -> a.get("/users/@me/channels").compose(list -> cStream.drain(300).compose(cSeen -> check(ctx, () -> {
                  assertEquals(a.userId(), update.data().getString("owner_id"), "the next to have joined owns it");
                  JsonObject mine = list.array().stream().map(o -> (JsonObject) o).filter(ch -> ch.getString("id").equals(id)).findFirst().orElseThrow();
                  assertEquals(List.of(b.userId()), ids(mine.getJsonArray("recipients")));
                  assertTrue(cSeen.stream().noneMatch(e -> id.equals(e.data().getString("id")) || id.equals(e.data().getString("channel_id"))),
                      "nothing more reaches the removed: " + cSeen);
                  passed.flag();
                }))))));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("In a DM: messages, replies, edits, deletes (own only), reactions and typing, live to the recipients alone")
  void messagingInADm(VertxTestContext ctx) {
    Checkpoint live = ctx.checkpoint();
    Checkpoint rules = ctx.checkpoint();
    Checkpoint outsider = ctx.checkpoint();
    acquainted("ada", "bob", "eve").compose(u -> {
      Api.Session ada = u.get(0), bob = u.get(1), eve = u.get(2);
      return openDm(ada, bob).compose(dm -> {
        String ch = "/channels/" + dm.getString("id");
        return Sse.using(bob.stream(null), bobStream -> Sse.using(eve.stream(null), eveStream -> send(ada, dm.getString("id"), "hello bob")
            .compose(first -> bob.post(ch + "/messages", new JsonObject().put("content", "hi").put("reply_to", first.getString("id")))
                .compose(reply -> ada.patch(ch + "/messages/" + first.getString("id"), new JsonObject().put("content", "hello, bob")))
                .compose(edit -> bob.put(ch + "/messages/" + first.getString("id") + "/reactions/%F0%9F%91%8D/@me", null))
                .compose(react -> ada.post(ch + "/typing", null))
                .compose(v -> bobStream.next("MESSAGE_CREATE").compose(m1 -> bobStream.next("MESSAGE_CREATE").compose(m2 ->
                    bobStream.next("MESSAGE_UPDATE").compose(up -> bobStream.next("MESSAGE_REACTION_ADD")
                        .compose(re -> bobStream.next("TYPING_START").compose(ty -> check(ctx, () -> {
                          assertNull(m1.data().getString("guild_id"));
                          assertEquals("hello bob", m1.data().getString("content"));
                          assertEquals(first.getString("id"), m2.data().getJsonObject("referenced_message").getString("id"));
                          assertEquals("hello, bob", up.data().getString("content"));
                          assertEquals(1, re.data().getInteger("count"));
                          assertEquals(ada.userId(), ty.data().getString("user_id"), "ada is typing, to bob");
                          live.flag();
                        })))))))
                .compose(v -> bob.delete(ch + "/messages/" + first.getString("id")))
                .compose(notYours -> check(ctx, () -> assertEquals(403, notYours.status(), "in a DM you delete only your own")))
                .compose(v -> ada.delete(ch + "/messages/" + first.getString("id")))
                .compose(mine -> bobStream.next("MESSAGE_DELETE").compose(del -> check(ctx, () -> {
                  assertEquals(204, mine.status());
                  assertEquals(first.getString("id"), del.data().getString("id"));
                  rules.flag();
                })))
                .compose(v -> {
                  String msg = ch + "/messages/" + first.getString("id");
                  return inTurn(
                      () -> eve.get(ch + "/messages"),
                      () -> eve.post(ch + "/messages", new JsonObject().put("content", "x")),
                      () -> eve.patch(msg, new JsonObject().put("content", "x")),
                      () -> eve.delete(msg),
                      () -> eve.put(msg + "/reactions/x/@me", null),
                      () -> eve.delete(msg + "/reactions/x/@me"),
                      () -> eve.post(ch + "/typing", null),
                      () -> eve.put(ch + "/recipients/" + eve.userId(), null),
                      () -> eve.delete(ch + "/recipients/" + eve.userId()),
                      () -> eve.patch(ch, new JsonObject().put("name", "x")),
                      () -> eve.delete(ch));
                })
                .compose(r -> eveStream.drain(300).compose(seen -> check(ctx, () -> {
                  for (int i = 0; i < r.size(); i++) {
                    assertEquals(404, r.get(i).status(), "outsider call " + i + ": " + r.get(i));
                  }
                  assertTrue(seen.stream().noneMatch(e -> dm.getString("id").equals(e.data().getString("channel_id"))
                      || dm.getString("id").equals(e.data().getString("id"))), "eve hears nothing of the DM: " + seen);
                  outsider.flag();
                }))))));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The snapshot carries DMs and group DMs; a replay serves their events to recipients only, and RESYNC to the removed")
  void snapshotAndReplay(VertxTestContext ctx) {
    Checkpoint snapshot = ctx.checkpoint();
    Checkpoint replay = ctx.checkpoint();
    Checkpoint removed = ctx.checkpoint();
    acquainted("ada", "bob", "cy", "eve").compose(u -> {
      Api.Session ada = u.get(0), bob = u.get(1), cy = u.get(2), eve = u.get(3);
      return Future.all(bob.get("/snapshot"), eve.get("/snapshot"), cy.get("/snapshot")).compose(before -> {
        String bobCursor = ((Api.Reply) before.resultAt(0)).json().getString("cursor");
        String eveCursor = ((Api.Reply) before.resultAt(1)).json().getString("cursor");
        String cyCursor = ((Api.Reply) before.resultAt(2)).json().getString("cursor");
        return openDm(ada, bob).compose(dm -> group(ada, "trio", List.of(bob, cy)).map(Api.Reply::json).compose(g ->
            send(ada, dm.getString("id"), "in the dm").compose(m -> send(ada, g.getString("id"), "in the group"))
                .compose(m -> bob.get("/snapshot")).compose(snap -> check(ctx, () -> {
                  JsonArray privates = snap.json().getJsonArray("private_channels");
                  assertEquals(2, privates.size());
                  JsonObject dmSeen = privates.stream().map(o -> (JsonObject) o).filter(c -> c.getInteger("type") == 1).findFirst().orElseThrow();
                  assertEquals(List.of(ada.userId()), ids(dmSeen.getJsonArray("recipients")));
                  assertNotNull(dmSeen.getString("last_message_id"));
                  assertTrue(snap.json().getJsonArray("relationships").isEmpty());
                  snapshot.flag();
                }))
                .compose(v -> Sse.using(bob.stream(bobCursor), bs -> Sse.using(eve.stream(eveCursor), es ->
                    bs.next("RESUMED").compose(r1 -> es.next("RESUMED")).compose(r2 -> check(ctx, () -> {
                      List<String> bobTypes = bs.seen().stream().map(Sse.Event::type).toList();
                      assertTrue(bobTypes.contains("CHANNEL_CREATE"), bobTypes.toString());
                      assertEquals(2, bs.seen().stream().filter(e -> e.type().equals("MESSAGE_CREATE")).count(), bobTypes.toString());
                      bs.seen().stream().filter(e -> e.type().equals("CHANNEL_CREATE"))
                          .forEach(e -> assertFalse(ids(e.data().getJsonArray("recipients")).contains(bob.userId()), "replayed as bob sees it"));
                      assertTrue(es.seen().stream().noneMatch(e -> e.type().startsWith("MESSAGE") || e.type().startsWith("CHANNEL")),
                          "eve replays nothing of them: " + es.seen());
                      replay.flag();
                    })))))
                .compose(v -> ada.delete("/channels/" + g.getString("id") + "/recipients/" + cy.userId()))
                .compose(v -> Sse.using(cy.stream(cyCursor), cs -> cs.next("RESYNC")))
                .compose(resync -> check(ctx, () -> {
                  assertEquals("RESYNC", resync.type(), "a replay across one's removal cannot say what one saw");
                  removed.flag();
                }))));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The permission state's DMs and blocks equal a fresh load after all of this")
  void selfCheck(VertxTestContext ctx) {
    Checkpoint equal = ctx.checkpoint();
    acquainted("ada", "bob", "cy").compose(u -> openDm(u.get(0), u.get(1))
        .compose(dm -> group(u.get(0), "x", List.of(u.get(1), u.get(2))))
        .compose(g -> u.get(0).delete("/channels/" + g.json().getString("id") + "/recipients/" + u.get(0).userId()))
        .compose(v -> u.get(2).put("/users/@me/relationships/" + u.get(0).userId(), new JsonObject().put("type", 2)))
        .compose(v -> blocking(() -> app.permissionsSelfCheck()))
        .compose(result -> check(ctx, () -> {
          assertTrue(result.getBoolean("equal"), result.encodePrettily());
          equal.flag();
        }))).onFailure(ctx::failNow);
  }
}
