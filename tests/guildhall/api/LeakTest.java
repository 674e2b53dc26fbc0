package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A channel hidden from one member leaks nothing to them: not on the stream, the snapshot, or any read. */
class LeakTest extends ApiTestBase {

  @Test
  @DisplayName("200 messages and edits in a hidden channel: the hidden member's stream, replay, snapshot and reads show none of it")
  void hiddenChannelLeaksNothing() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    join(bob, guild, alice);
    String hidden = alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "staff-only")).json().getString("id");
    assertEquals(204, alice.put("/channels/" + hidden + "/permissions/" + g,
        new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.VIEW_CHANNEL))).status());
    String cursor = bob.get("/snapshot").json().getString("cursor");
    String secretWord = "zebra-" + System.nanoTime();

    try (SseClient live = bob.stream(null)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        ids.add(send(alice, hidden, secretWord + " " + i).getString("id"));
      }
      for (int i = 0; i < 20; i++) {
        alice.patch("/channels/" + hidden + "/messages/" + ids.get(i), new JsonObject().put("content", secretWord + " edited"));
      }
      alice.post("/channels/" + hidden + "/typing", null);
      alice.delete("/channels/" + hidden + "/messages/" + ids.get(199));
      JsonObject marker = send(alice, general(guild), "visible marker");
      live.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(marker.getString("id")), "the visible marker");
      live.drain(300);
      assertTrue(live.seen().stream().noneMatch(e -> e.data().encode().contains(secretWord) || e.data().encode().contains(hidden)),
          "the live stream carried nothing from the hidden channel");
    }

    try (SseClient replay = bob.stream(cursor)) {
      replay.next(e -> "visible marker".equals(e.data().getString("content")), "the replayed marker");
      replay.drain(300);
      assertTrue(replay.seen().stream().noneMatch(e -> e.data().encode().contains(secretWord) || e.data().encode().contains(hidden)),
          "the replay carried nothing from the hidden channel");
    }

    String snapshot = bob.get("/snapshot").text();
    assertFalse(snapshot.contains(hidden) || snapshot.contains(secretWord), "the snapshot does not mention it");
    assertFalse(bob.get("/guilds/" + g).text().contains(hidden));
    assertFalse(bob.get("/guilds/" + g + "/channels").text().contains(hidden));
    ApiClient.Reply missing = bob.get("/channels/999999999999/messages");
    for (ApiClient.Reply reply : List.of(
        bob.get("/channels/" + hidden + "/messages"),
        bob.post("/channels/" + hidden + "/messages", new JsonObject().put("content", "hello?")),
        bob.post("/channels/" + hidden + "/typing", null),
        bob.patch("/channels/" + hidden, new JsonObject().put("name", "x")),
        bob.delete("/channels/" + hidden + "/permissions/" + g))) {
      assertEquals(404, reply.status(), "a hidden channel answers exactly like a missing one: " + reply);
      assertEquals(missing.json(), reply.json());
    }
    assertEquals(50, alice.get("/channels/" + hidden + "/messages").array().size(), "the owner still reads it");
  }
}
