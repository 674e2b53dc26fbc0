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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message paging, and replay of missed events when a stream comes back with its last id. */
class PagingAndReplayTest extends AsyncApiTestBase {

  private static List<String> ids(JsonArray messages) {
    List<String> ids = new ArrayList<>();
    for (Object m : messages) {
      ids.add(((JsonObject) m).getString("id"));
    }
    return ids;
  }

  /** Walks back from {@code before}, {@code limit} at a time, to the first message; adds every page's ids to {@code walked}. */
  private static Future<List<String>> walkBack(Api.Session user, String base, String before, List<String> walked) {
    return user.get(base + "?limit=30&before=" + before).compose(reply -> {
      JsonArray page = reply.array();
      if (page.isEmpty()) {
        return Future.succeededFuture(walked);
      }
      walked.addAll(ids(page));
      return walkBack(user, base, page.getJsonObject(page.size() - 1).getString("id"), walked);
    });
  }

  @Test
  @DisplayName("Pages are newest first; before and after walk the history without gaps or overlaps")
  void paging(VertxTestContext ctx) {
    Checkpoint latestPage = ctx.checkpoint();
    Checkpoint walkedBack = ctx.checkpoint();
    Checkpoint afterCursor = ctx.checkpoint();
    Checkpoint badParameters = ctx.checkpoint();
    user("alice").compose(alice -> guild(alice, false).compose(guild -> {
      String channel = general(guild);
      String base = "/channels/" + channel + "/messages";
      return inTurn(120, i -> send(alice, channel, "message " + i).map(m -> m.getString("id"))).compose(sent -> alice.get(base)
          .compose(reply -> {
            JsonArray latest = reply.array();
            return check(ctx, () -> {
              assertEquals(50, latest.size(), "the default page is 50");
              assertEquals(sent.get(119), latest.getJsonObject(0).getString("id"), "newest first");
              assertEquals("message 70", latest.getJsonObject(49).getString("content"));
              latestPage.flag();
            }).compose(v -> walkBack(alice, base, latest.getJsonObject(49).getString("id"), new ArrayList<>(ids(latest))));
          })
          .compose(walked -> check(ctx, () -> {
            List<String> expected = new ArrayList<>(sent);
            java.util.Collections.reverse(expected);
            assertEquals(expected, walked, "walking back with before= visits every message once, in order");
            walkedBack.flag();
          }))
          .compose(v -> inTurn(
              () -> alice.get(base + "?limit=5&after=" + sent.get(9)),
              () -> alice.get(base + "?after=" + sent.get(9) + "&before=" + sent.get(12))))
          .compose(r -> check(ctx, () -> {
            assertEquals(List.of(sent.get(14), sent.get(13), sent.get(12), sent.get(11), sent.get(10)), ids(r.get(0).array()),
                "after= gives the messages right after the cursor, newest first");
            assertEquals(List.of(sent.get(11), sent.get(10)), ids(r.get(1).array()));
            afterCursor.flag();
          }))
          .compose(v -> inTurn(
              () -> alice.get(base + "?limit=1"),
              () -> alice.get(base + "?limit=0"),
              () -> alice.get(base + "?limit=101"),
              () -> alice.get(base + "?before=yesterday")))
          .compose(r -> check(ctx, () -> {
            assertEquals(1, r.get(0).array().size());
            assertEquals(400, r.get(1).status());
            assertEquals("limit", r.get(2).field());
            assertEquals("before", r.get(3).field());
            badParameters.flag();
          })));
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Reconnecting with Last-Event-ID replays exactly what was missed, then goes on live")
  void replayAfterDisconnect(VertxTestContext ctx) {
    Checkpoint replayed = ctx.checkpoint();
    Checkpoint thenLive = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      String channel = p.general();
      return Sse.using(p.member().stream(null), stream -> send(alice, channel, "before the cut")
              .compose(first -> stream.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(first.getString("id")), "first")))
          .map(Sse.Event::id)
          .compose(lastSeen -> inTurn(25, i -> send(alice, channel, "while away " + i).map(m -> m.getString("id")))
              .compose(missed -> alice.patch("/channels/" + channel + "/messages/" + missed.get(3), new JsonObject().put("content", "edited away"))
                  .map(Api.Reply::json)
                  .compose(edited -> Sse.using(p.member().stream(lastSeen), stream ->
                      inTurn(25, i -> stream.next("MESSAGE_CREATE").map(e -> e.data().getString("id")))
                          .compose(creates -> stream.next("MESSAGE_UPDATE").compose(update -> check(ctx, () -> {
                            assertEquals(missed, creates, "every missed message, in order, none twice");
                            assertEquals(edited.getString("content"), update.data().getString("content"));
                            replayed.flag();
                          })))
                          .compose(v -> send(alice, channel, "after the return"))
                          .compose(live -> stream.next("MESSAGE_CREATE").compose(event -> check(ctx, () -> {
                            assertEquals(live.getString("id"), event.data().getString("id"), "then live events follow");
                            long creates = stream.seen().stream().filter(e -> e.type().equals("MESSAGE_CREATE")).count();
                            assertEquals(26, creates, "nothing replayed twice at the seam");
                            assertTrue(stream.seen().stream().noneMatch(e -> "before the cut".equals(e.data().getString("content"))),
                                "nothing from before the cursor");
                            thenLive.flag();
                          })))))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The replay leaves out what the user may not see: other guilds' events")
  void replayIsFiltered(VertxTestContext ctx) {
    Checkpoint filtered = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> guild(p.owner(), false).compose(privateGuild -> p.member().get("/snapshot")
        .map(snapshot -> snapshot.json().getString("cursor"))
        .compose(cursor -> send(p.owner(), general(privateGuild), "not for bob")
            .compose(v -> send(p.owner(), p.general(), "for bob"))
            .compose(forBob -> Sse.using(p.member().stream(cursor), stream -> stream.next("MESSAGE_CREATE")
                .compose(event -> check(ctx, () -> assertEquals(forBob.getString("id"), event.data().getString("id"))))
                .compose(v -> stream.drain(300))
                .compose(v -> check(ctx, () -> {
                  assertTrue(stream.seen().stream().noneMatch(e -> "not for bob".equals(e.data().getString("content"))));
                  filtered.flag();
                })))))))
        .onFailure(ctx::failNow);
  }
}
