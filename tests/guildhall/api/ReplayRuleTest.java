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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay rule's cases one by one, as an attacker would try them: old cursors after joining, deleted
 * and edited text, a hidden channel's deletion, a view taken away while the client was gone. And all or
 * nothing: a refused request changes nothing.
 */
class ReplayRuleTest extends ApiTestBase {

  /** Replays from a cursor until RESUMED or RESYNC; returns the events, RESYNC included as the last one. */
  private static List<SseClient.Event> replay(ApiClient.Session user, String cursor) {
    List<SseClient.Event> got = new ArrayList<>();
    try (SseClient stream = user.stream(cursor)) {
      while (true) {
        SseClient.Event event = stream.next(e -> e.id() != null || e.type().equals("RESUMED") || e.type().equals("RESYNC"), "the replay's end");
        if (event.type().equals("RESUMED")) {
          return got;
        }
        got.add(event);
        if (event.type().equals("RESYNC")) {
          return got;
        }
      }
    }
  }

  private static String text(List<SseClient.Event> events) {
    StringBuilder all = new StringBuilder();
    events.forEach(e -> all.append(e.type()).append(' ').append(e.data().encode()).append('\n'));
    return all.toString();
  }

  @Test
  @DisplayName("A newcomer replaying from a cursor older than their membership gets nothing the guild said before")
  void newcomerGetsNothingFromBefore() {
    ApiClient.Session owner = user("owner");
    JsonObject guild = guild(owner, false);
    String channel = general(guild);
    String cursor = owner.get("/snapshot").json().getString("cursor");
    JsonObject deleted = send(owner, channel, "deleted-before-you-came");
    owner.delete("/channels/" + channel + "/messages/" + deleted.getString("id"));
    JsonObject edited = send(owner, channel, "original-before-you-came");
    owner.patch("/channels/" + channel + "/messages/" + edited.getString("id"), new JsonObject().put("content", "edited"));
    send(owner, channel, "said-before-you-came");
    ApiClient.Session mallory = user("mallory");
    join(mallory, guild, owner);
    String after = send(owner, channel, "said-after-you-came").getString("id");

    for (String from : List.of("0", cursor)) {
      List<SseClient.Event> got = replay(mallory, from);
      String all = text(got);
      assertFalse(all.contains("before-you-came"), "nothing from before the membership: " + all);
      assertTrue(got.stream().anyMatch(e -> e.type().equals("GUILD_CREATE")), "the membership itself is replayed: " + all);
      assertTrue(got.stream().anyMatch(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(after)),
          "what came after it is: " + all);
    }
  }

  @Test
  @DisplayName("A replay never carries a deleted message's text, nor an edited message's old text, not even in a reply's quote")
  void noOldText() {
    TwoInAGuild two = twoInAGuild(api, "owner", "member");
    String cursor = two.member().get("/snapshot").json().getString("cursor");
    JsonObject gone = send(two.owner(), two.channel(), "gone-secret");
    JsonObject changed = send(two.owner(), two.channel(), "first-draft");
    JsonObject reply = two.owner().post("/channels/" + two.channel() + "/messages",
        new JsonObject().put("content", "quoting").put("reply_to", changed.getString("id"))).json();
    JsonObject replyToGone = two.owner().post("/channels/" + two.channel() + "/messages",
        new JsonObject().put("content", "quoting the gone").put("reply_to", gone.getString("id"))).json();
    two.owner().patch("/channels/" + two.channel() + "/messages/" + changed.getString("id"), new JsonObject().put("content", "final-text"));
    two.owner().delete("/channels/" + two.channel() + "/messages/" + gone.getString("id"));

    List<SseClient.Event> got = replay(two.member(), cursor);
    String all = text(got);
    assertFalse(all.contains("gone-secret"), all);
    assertFalse(all.contains("first-draft"), all);
    assertTrue(got.stream().anyMatch(e -> e.type().equals("MESSAGE_DELETE") && e.data().getString("id").equals(gone.getString("id"))), all);
    for (SseClient.Event e : got) {
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
  }

  @Test
  @DisplayName("A hidden channel's deletion tells those who could not see it nothing, live or on replay")
  void hiddenChannelDeletionLeaksNothing() {
    TwoInAGuild two = twoInAGuild(api, "owner", "member");
    String g = two.guild().getString("id");
    String cursor = two.member().get("/snapshot").json().getString("cursor");
    JsonObject hidden = two.owner().post("/guilds/" + g + "/channels", new JsonObject().put("name", "war-room").put("topic", "plans")).json();
    two.owner().put("/channels/" + hidden.getString("id") + "/permissions/" + g,
        new JsonObject().put("type", 0).put("allow", "0").put("deny", Long.toString(1L << 10)));
    // Opened from now: the (empty) replay's RESUMED says the stream is live.
    try (SseClient stream = two.member().stream(two.member().get("/snapshot").json().getString("cursor"))) {
      stream.next("RESUMED");
      two.owner().delete("/channels/" + hidden.getString("id"));
      send(two.owner(), two.channel(), "marker");
      stream.next(e -> e.type().equals("MESSAGE_CREATE") && "marker".equals(e.data().getString("content")), "the marker");
      assertFalse(text(stream.seen()).contains(hidden.getString("id")), text(stream.seen()));
    }
    List<SseClient.Event> got = replay(two.member(), cursor);
    String all = text(got);
    assertFalse(all.contains("war-room") || all.contains("plans"), all);
  }

  @Test
  @DisplayName("A client away while the overwrite that showed it a channel goes comes back to RESYNC, then sees it no more")
  void viewTakenAwayWhileAway() {
    TwoInAGuild two = twoInAGuild(api, "owner", "member");
    String g = two.guild().getString("id");
    JsonObject secret = two.owner().post("/guilds/" + g + "/channels", new JsonObject().put("name", "secret")).json();
    String s = secret.getString("id");
    two.owner().put("/channels/" + s + "/permissions/" + g, new JsonObject().put("type", 0).put("allow", "0").put("deny", Long.toString(1L << 10)));
    two.owner().put("/channels/" + s + "/permissions/" + two.member().userId(),
        new JsonObject().put("type", 1).put("allow", Long.toString(1L << 10)).put("deny", "0"));
    String cursor = two.member().get("/snapshot").json().getString("cursor");
    two.owner().delete("/channels/" + s + "/permissions/" + two.member().userId());
    send(two.owner(), s, "after-you-lost-it");

    List<SseClient.Event> got = replay(two.member(), cursor);
    assertEquals("RESYNC", got.get(got.size() - 1).type(), text(got));
    assertFalse(text(got).contains("after-you-lost-it"));
    assertFalse(two.member().get("/snapshot").text().contains(s), "the fresh snapshot no longer shows it");
  }

  @Test
  @DisplayName("A role reorder naming one unknown role answers 404 and moves nothing")
  void reorderIsAllOrNothing() {
    ApiClient.Session owner = user("owner");
    JsonObject guild = guild(owner, false);
    String g = guild.getString("id");
    String first = owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "a")).json().getString("id");
    owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "b"));
    String before = owner.get("/guilds/" + g + "/roles").text();
    ApiClient.Reply reply = owner.patch("/guilds/" + g + "/roles", new JsonArray()
        .add(new JsonObject().put("id", first).put("position", 2))
        .add(new JsonObject().put("id", "123456789012345678").put("position", 1)));
    assertEquals(404, reply.status(), reply.toString());
    assertEquals(before, owner.get("/guilds/" + g + "/roles").text(), "nothing moved");
    assertTrue(app.permissionsSelfCheck().getBoolean("equal"), "memory and database still agree");
  }

  @Test
  @DisplayName("A banned user's refused invite costs the invite nothing")
  void bannedInviteUsesNothing() {
    ApiClient.Session owner = user("owner");
    ApiClient.Session banned = user("banned");
    ApiClient.Session friend = user("friend");
    JsonObject guild = guild(owner, false);
    String g = guild.getString("id");
    join(banned, guild, owner);
    assertEquals(204, owner.put("/guilds/" + g + "/bans/" + banned.userId(), new JsonObject()).status());
    String code = owner.post("/guilds/" + g + "/invites", new JsonObject().put("max_uses", 1)).json().getString("code");
    assertEquals(403, banned.post("/invites/" + code, null).status());
    assertEquals(200, friend.post("/invites/" + code, null).status(), "the one use is still there");
  }
}
