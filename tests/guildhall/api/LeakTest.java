package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A channel hidden from one member leaks nothing to them: not on the stream, the snapshot, or any read. */
class LeakTest extends AsyncApiTestBase {

  @Test
  @DisplayName("200 messages and edits in a hidden channel: the hidden member's stream, replay, snapshot and reads show none of it")
  void hiddenChannelLeaksNothing(VertxTestContext ctx) {
    Checkpoint liveClean = ctx.checkpoint();
    Checkpoint replayClean = ctx.checkpoint();
    Checkpoint readsClean = ctx.checkpoint();
    Checkpoint likeMissing = ctx.checkpoint();
    String secretWord = "zebra-" + System.nanoTime();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      return alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "staff-only")).map(reply -> reply.json().getString("id"))
          .compose(hidden -> alice.put("/channels/" + hidden + "/permissions/" + g,
                  new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.VIEW_CHANNEL)))
              .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
              .compose(v -> bob.get("/snapshot"))
              .map(snapshot -> snapshot.json().getString("cursor"))
              .compose(cursor -> Sse.using(bob.stream(null), live ->
                      inTurn(200, i -> send(alice, hidden, secretWord + " " + i).map(m -> m.getString("id")))
                          .compose(ids -> inTurn(20, i -> alice.patch("/channels/" + hidden + "/messages/" + ids.get(i),
                                  new JsonObject().put("content", secretWord + " edited")))
                              .compose(v -> alice.post("/channels/" + hidden + "/typing", null))
                              .compose(v -> alice.delete("/channels/" + hidden + "/messages/" + ids.get(199))))
                          .compose(v -> send(alice, p.general(), "visible marker"))
                          .compose(marker -> live.next(e -> e.type().equals("MESSAGE_CREATE")
                              && e.data().getString("id").equals(marker.getString("id")), "the visible marker"))
                          .compose(v -> live.drain(300))
                          .compose(v -> check(ctx, () -> {
                            assertTrue(live.seen().stream().noneMatch(e -> e.data().encode().contains(secretWord) || e.data().encode().contains(hidden)),
                                "the live stream carried nothing from the hidden channel");
                            liveClean.flag();
                          })))
                  .compose(v -> Sse.using(bob.stream(cursor), replay ->
                      replay.next(e -> "visible marker".equals(e.data().getString("content")), "the replayed marker")
                          .compose(marker -> replay.drain(300))
                          .compose(drained -> check(ctx, () -> {
                            assertTrue(replay.seen().stream().noneMatch(e -> e.data().encode().contains(secretWord) || e.data().encode().contains(hidden)),
                                "the replay carried nothing from the hidden channel");
                            replayClean.flag();
                          })))))
              .compose(v -> inTurn(
                  () -> bob.get("/snapshot"),
                  () -> bob.get("/guilds/" + g),
                  () -> bob.get("/guilds/" + g + "/channels")))
              .compose(r -> check(ctx, () -> {
                String snapshot = r.get(0).text();
                assertFalse(snapshot.contains(hidden) || snapshot.contains(secretWord), "the snapshot does not mention it");
                assertFalse(r.get(1).text().contains(hidden));
                assertFalse(r.get(2).text().contains(hidden));
                readsClean.flag();
              }))
              .compose(v -> inTurn(
                  () -> bob.get("/channels/999999999999/messages"),
                  () -> bob.get("/channels/" + hidden + "/messages"),
                  () -> bob.post("/channels/" + hidden + "/messages", new JsonObject().put("content", "hello?")),
                  () -> bob.post("/channels/" + hidden + "/typing", null),
                  () -> bob.patch("/channels/" + hidden, new JsonObject().put("name", "x")),
                  () -> bob.delete("/channels/" + hidden + "/permissions/" + g),
                  () -> alice.get("/channels/" + hidden + "/messages")))
              .compose(r -> check(ctx, () -> {
                Api.Reply missing = r.get(0);
                for (Api.Reply reply : r.subList(1, 6)) {
                  assertEquals(404, reply.status(), "a hidden channel answers exactly like a missing one: " + reply);
                  assertEquals(missing.json(), reply.json());
                }
                assertEquals(50, r.get(6).array().size(), "the owner still reads it");
                likeMissing.flag();
              })));
    }).onFailure(ctx::failNow);
  }
}
