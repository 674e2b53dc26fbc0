package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message paging, and replay of missed events when a stream comes back with its last id. */
class PagingAndReplayTest extends ApiTestBase {

  private static List<String> ids(JsonArray messages) {
    List<String> ids = new ArrayList<>();
    for (Object m : messages) {
      ids.add(((JsonObject) m).getString("id"));
    }
    return ids;
  }

  @Test
  @DisplayName("Pages are newest first; before and after walk the history without gaps or overlaps")
  void paging() {
    ApiClient.Session alice = user("alice");
    String channel = general(guild(alice, false));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      sent.add(send(alice, channel, "message " + i).getString("id"));
    }
    String base = "/channels/" + channel + "/messages";

    JsonArray latest = alice.get(base).array();
    assertEquals(50, latest.size(), "the default page is 50");
    assertEquals(sent.get(119), latest.getJsonObject(0).getString("id"), "newest first");
    assertEquals("message 70", latest.getJsonObject(49).getString("content"));

    List<String> walked = new ArrayList<>(ids(latest));
    String before = latest.getJsonObject(49).getString("id");
    while (true) {
      JsonArray page = alice.get(base + "?limit=30&before=" + before).array();
      if (page.isEmpty()) {
        break;
      }
      walked.addAll(ids(page));
      before = page.getJsonObject(page.size() - 1).getString("id");
    }
    List<String> expected = new ArrayList<>(sent);
    java.util.Collections.reverse(expected);
    assertEquals(expected, walked, "walking back with before= visits every message once, in order");

    JsonArray after = alice.get(base + "?limit=5&after=" + sent.get(9)).array();
    assertEquals(List.of(sent.get(14), sent.get(13), sent.get(12), sent.get(11), sent.get(10)), ids(after),
        "after= gives the messages right after the cursor, newest first");
    JsonArray between = alice.get(base + "?after=" + sent.get(9) + "&before=" + sent.get(12)).array();
    assertEquals(List.of(sent.get(11), sent.get(10)), ids(between));
    assertEquals(1, alice.get(base + "?limit=1").array().size());
    assertEquals(400, alice.get(base + "?limit=0").status());
    assertEquals("limit", alice.get(base + "?limit=101").field());
    assertEquals("before", alice.get(base + "?before=yesterday").field());
  }

  @Test
  @DisplayName("Reconnecting with Last-Event-ID replays exactly what was missed, then goes on live")
  void replayAfterDisconnect() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    join(bob, guild, alice);
    String channel = general(guild);

    String lastSeen;
    try (SseClient stream = bob.stream(null)) {
      JsonObject first = send(alice, channel, "before the cut");
      lastSeen = stream.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(first.getString("id")), "first").id();
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      missed.add(send(alice, channel, "while away " + i).getString("id"));
    }
    JsonObject edited = alice.patch("/channels/" + channel + "/messages/" + missed.get(3), new JsonObject().put("content", "edited away")).json();

    try (SseClient stream = bob.stream(lastSeen)) {
      List<String> replayed = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        replayed.add(stream.next("MESSAGE_CREATE").data().getString("id"));
      }
      assertEquals(missed, replayed, "every missed message, in order, none twice");
      assertEquals(edited.getString("content"), stream.next("MESSAGE_UPDATE").data().getString("content"));
      JsonObject live = send(alice, channel, "after the return");
      assertEquals(live.getString("id"), stream.next("MESSAGE_CREATE").data().getString("id"), "then live events follow");
      long creates = stream.seen().stream().filter(e -> e.type().equals("MESSAGE_CREATE")).count();
      assertEquals(26, creates, "nothing replayed twice at the seam");
      assertTrue(stream.seen().stream().noneMatch(e -> "before the cut".equals(e.data().getString("content"))),
          "nothing from before the cursor");
    }
  }

  @Test
  @DisplayName("The replay leaves out what the user may not see: other guilds' events")
  void replayIsFiltered() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject shared = guild(alice, false);
    join(bob, shared, alice);
    JsonObject privateGuild = guild(alice, false);
    String cursor = bob.get("/snapshot").json().getString("cursor");
    send(alice, general(privateGuild), "not for bob");
    JsonObject forBob = send(alice, general(shared), "for bob");
    try (SseClient stream = bob.stream(cursor)) {
      assertEquals(forBob.getString("id"), stream.next("MESSAGE_CREATE").data().getString("id"));
      stream.drain(300);
      assertTrue(stream.seen().stream().noneMatch(e -> "not for bob".equals(e.data().getString("content"))));
    }
  }
}
