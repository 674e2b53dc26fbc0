package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The milestone's story, end to end over HTTP and SSE, with three users. */
class ChatFlowTest extends ApiTestBase {

  @Test
  @DisplayName("A message posted by one member arrives on the others' streams, with an event id")
  void messageArrivesLive() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    ApiClient.Session carol = user("carol");
    JsonObject guild = guild(alice, true);
    join(bob, guild, alice);
    assertEquals(200, carol.put("/guilds/" + guild.getString("id") + "/members/@me", null).status(), "carol joins from the directory");
    String channel = general(guild);

    try (SseClient bobStream = bob.stream(null); SseClient carolStream = carol.stream(null)) {
      assertEquals(200, bobStream.status);
      JsonObject sent = alice.post("/channels/" + channel + "/messages",
          new JsonObject().put("content", "hello guild").put("nonce", "n-1")).json();
      for (SseClient stream : List.of(bobStream, carolStream)) {
        SseClient.Event event = stream.next(e -> e.type().equals("MESSAGE_CREATE")
            && e.data().getString("id").equals(sent.getString("id")), "alice's message");
        assertNotNull(event.id(), "a committed event carries its id");
        assertEquals("hello guild", event.data().getString("content"));
        assertEquals("n-1", event.data().getString("nonce"));
        assertEquals(alice.userId(), event.data().getJsonObject("author").getString("id"));
      }
    }
  }

  @Test
  @DisplayName("Edits and deletes reach the stream; only the author may edit or delete")
  void editAndDelete() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    join(bob, guild, alice);
    String channel = general(guild);
    JsonObject message = send(alice, channel, "first draft");
    String path = "/channels/" + channel + "/messages/" + message.getString("id");
    try (SseClient stream = bob.stream(null)) {
      assertEquals(403, bob.patch(path, new JsonObject().put("content", "hijack")).status());
      assertEquals(403, bob.delete(path).status());
      ApiClient.Reply edited = alice.patch(path, new JsonObject().put("content", "final"));
      assertEquals(200, edited.status());
      assertNotNull(edited.json().getString("edited_timestamp"));
      assertEquals("final", stream.next("MESSAGE_UPDATE").data().getString("content"));
      assertEquals(204, alice.delete(path).status());
      assertEquals(message.getString("id"), stream.next("MESSAGE_DELETE").data().getString("id"));
    }
    assertTrue(bob.get("/channels/" + channel + "/messages").array().isEmpty(), "the deleted message is gone");
    assertEquals(404, alice.delete(path).status());
  }

  @Test
  @DisplayName("A send retried with the same nonce returns the first message, not a second one")
  void nonceIsIdempotent() {
    ApiClient.Session alice = user("alice");
    String channel = general(guild(alice, false));
    JsonObject body = new JsonObject().put("content", "only once").put("nonce", "retry-me");
    String first = alice.post("/channels/" + channel + "/messages", body).json().getString("id");
    String second = alice.post("/channels/" + channel + "/messages", body).json().getString("id");
    assertEquals(first, second);
    assertEquals(1, alice.get("/channels/" + channel + "/messages").array().size());
  }

  @Test
  @DisplayName("A non-member gets 404 on a guild's channel and the guild, exactly as for one that does not exist")
  void nonMemberSeesNothing() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session mallory = user("mallory");
    JsonObject guild = guild(alice, false);
    String channel = general(guild);
    send(alice, channel, "secret");
    ApiClient.Reply hidden = mallory.get("/channels/" + channel + "/messages");
    ApiClient.Reply missing = mallory.get("/channels/123456789/messages");
    assertEquals(404, hidden.status());
    assertEquals(missing.status(), hidden.status());
    assertEquals(missing.json(), hidden.json(), "the same answer as for a channel that does not exist");
    assertEquals(404, mallory.post("/channels/" + channel + "/messages", new JsonObject().put("content", "x")).status());
    assertEquals(404, mallory.get("/guilds/" + guild.getString("id")).status());
    assertEquals(404, mallory.put("/guilds/" + guild.getString("id") + "/members/@me", null).status(), "private guilds cannot be joined without an invite");
    assertEquals(404, mallory.post("/channels/" + channel + "/typing", null).status());
  }

  @Test
  @DisplayName("No token, or a bad one, gets 401 with an error body")
  void unauthenticated() {
    ApiClient.Reply none = api.send("GET", "/users/@me", null, null);
    assertEquals(401, none.status());
    assertEquals("unauthorized", none.json().getJsonObject("error").getString("code"));
    assertEquals(401, api.send("GET", "/snapshot", null, "not-a-token").status());
    assertEquals(401, api.send("POST", "/guilds", new JsonObject().put("name", "x"), null).status());
  }

  @Test
  @DisplayName("Logging out ends the token; a password, once set, is required")
  void logoutAndPassword() {
    String name = unique("dora");
    ApiClient.Session dora = api.login(name);
    assertEquals(200, dora.patch("/users/@me", new JsonObject().put("password", "correct horse")).status());
    assertEquals(204, dora.post("/auth/logout", null).status());
    assertEquals(401, dora.get("/users/@me").status());
    assertEquals(401, api.send("POST", "/auth/login", new JsonObject().put("username", name), null).status());
    assertEquals(401, api.send("POST", "/auth/login", new JsonObject().put("username", name).put("password", "wrong one"), null).status());
    ApiClient.Session again = api.login(name, "correct horse");
    assertEquals(dora.userId(), again.userId());
    assertTrue(again.get("/users/@me").json().getBoolean("has_password"));
  }

  @Test
  @DisplayName("Guilds: the creator owns them with a general channel; rename, directory, leave, delete")
  void guildLifecycle() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, true);
    String id = guild.getString("id");
    assertEquals(alice.userId(), guild.getString("owner_id"));
    assertEquals("general", guild.getJsonArray("channels").getJsonObject(0).getString("name"));
    JsonArray directory = bob.get("/guilds").array();
    assertTrue(directory.stream().anyMatch(g -> ((JsonObject) g).getString("id").equals(id)), "a public guild is listed");

    assertEquals(200, bob.put("/guilds/" + id + "/members/@me", null).status());
    try (SseClient bobStream = bob.stream(null)) {
      assertEquals(403, bob.patch("/guilds/" + id, new JsonObject().put("name", "mine now")).status(), "members may not rename");
      assertEquals(200, alice.patch("/guilds/" + id, new JsonObject().put("name", "Renamed")).status());
      assertEquals("Renamed", bobStream.next("GUILD_UPDATE").data().getString("name"));
      assertEquals(400, alice.delete("/users/@me/guilds/" + id).status(), "the owner cannot leave");
      assertEquals(204, bob.delete("/users/@me/guilds/" + id).status());
      assertEquals(id, bobStream.next("GUILD_DELETE").data().getString("id"));
    }
    assertEquals(404, bob.get("/guilds/" + id).status());
    assertEquals(204, alice.delete("/guilds/" + id).status());
    assertEquals(404, alice.get("/guilds/" + id).status());
  }

  @Test
  @DisplayName("Channels and categories: owners create, rename and delete; members see them live")
  void channels() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String id = guild.getString("id");
    join(bob, guild, alice);
    try (SseClient stream = bob.stream(null)) {
      JsonObject category = alice.post("/guilds/" + id + "/channels", new JsonObject().put("name", "Projects").put("type", 4)).json();
      assertEquals(4, category.getInteger("type"));
      ApiClient.Reply created = alice.post("/guilds/" + id + "/channels",
          new JsonObject().put("name", "Road Map").put("parent_id", category.getString("id")).put("position", 3));
      assertEquals(201, created.status());
      JsonObject channel = created.json();
      assertEquals("road-map", channel.getString("name"), "text channel names are lower case with dashes");
      assertEquals(category.getString("id"), channel.getString("parent_id"));
      assertEquals(channel.getString("id"), stream.next(e -> e.type().equals("CHANNEL_CREATE")
          && e.data().getString("id").equals(channel.getString("id")), "the new channel").data().getString("id"));

      assertEquals(403, bob.post("/guilds/" + id + "/channels", new JsonObject().put("name", "nope")).status());
      ApiClient.Reply notACategory = alice.post("/guilds/" + id + "/channels",
          new JsonObject().put("name", "bad").put("parent_id", channel.getString("id")));
      assertEquals(400, notACategory.status());
      assertEquals("parent_id", notACategory.field());

      ApiClient.Reply renamed = alice.patch("/channels/" + channel.getString("id"), new JsonObject().put("name", "plans").put("topic", "what next"));
      assertEquals("plans", renamed.json().getString("name"));
      assertEquals("what next", stream.next("CHANNEL_UPDATE").data().getString("topic"));

      assertEquals(204, alice.delete("/channels/" + category.getString("id")).status());
      SseClient.Event orphaned = stream.next("CHANNEL_UPDATE");
      assertEquals(channel.getString("id"), orphaned.data().getString("id"));
      assertTrue(orphaned.data().getValue("parent_id") == null, "a deleted category's channels move to the top");
      assertEquals(category.getString("id"), stream.next("CHANNEL_DELETE").data().getString("id"));
    }
    JsonArray channels = bob.get("/guilds/" + id + "/channels").array();
    assertEquals(2, channels.size());
    assertFalse(channels.stream().anyMatch(c -> ((JsonObject) c).getInteger("type") == 4));
  }

  @Test
  @DisplayName("Invites: a used-up or unknown code is 404; a second use by a member changes nothing")
  void invites() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    ApiClient.Session carol = user("carol");
    JsonObject guild = guild(alice, false);
    JsonObject invite = alice.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject().put("max_uses", 1)).json();
    assertEquals(200, bob.post("/invites/" + invite.getString("code"), null).status());
    assertEquals(200, bob.post("/invites/" + invite.getString("code"), null).status(), "already a member: fine, no use counted");
    assertEquals(404, carol.post("/invites/" + invite.getString("code"), null).status(), "max_uses reached");
    assertEquals(404, carol.post("/invites/NoSuchCode1", null).status());
    JsonArray members = alice.get("/guilds/" + guild.getString("id") + "/members").array();
    assertEquals(2, members.size());
    assertNotEquals(null, members.getJsonObject(1).getString("joined_at"));
  }

  @Test
  @DisplayName("Presence: a member holding a stream is online to the others, and offline once it closes")
  void presence() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    join(bob, guild, alice);
    try (SseClient aliceStream = alice.stream(null)) {
      SseClient bobStream = bob.stream(null);
      SseClient.Event online = aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE")
          && e.data().getString("user_id").equals(bob.userId()), "bob online");
      assertEquals("online", online.data().getString("status"));
      assertEquals(null, online.id(), "presence is ephemeral: no event id");
      JsonArray presences = alice.get("/snapshot").json().getJsonArray("presences");
      assertTrue(presences.stream().anyMatch(p -> ((JsonObject) p).getString("user_id").equals(bob.userId())));
      bobStream.close();
      SseClient.Event offline = aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE")
          && e.data().getString("user_id").equals(bob.userId()) && e.data().getString("status").equals("offline"), "bob offline");
      assertNotNull(offline);
    }
  }

  @Test
  @DisplayName("Presence on joining: members learn the newcomer is online, and the newcomer learns who is")
  void presenceOnJoin() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    try (SseClient aliceStream = alice.stream(null); SseClient bobStream = bob.stream(null)) {
      join(bob, guild, alice);
      aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(bob.userId())
          && e.data().getString("status").equals("online"), "bob online after joining");
      bobStream.next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(alice.userId())
          && e.data().getString("status").equals("online"), "alice online, told to the newcomer");
    }
  }

  @Test
  @DisplayName("Typing reaches the channel's other members and is never stored")
  void typing() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    join(bob, guild, alice);
    try (SseClient stream = bob.stream(null)) {
      assertEquals(204, alice.post("/channels/" + general(guild) + "/typing", null).status());
      SseClient.Event typing = stream.next("TYPING_START");
      assertEquals(alice.userId(), typing.data().getString("user_id"));
      assertEquals(null, typing.id());
    }
  }

  @Test
  @DisplayName("The snapshot holds the user, their guilds with channels and members, and a cursor")
  void snapshot() {
    ApiClient.Session alice = user("alice");
    JsonObject guild = guild(alice, false);
    send(alice, general(guild), "hi");
    JsonObject snapshot = alice.get("/snapshot").json();
    assertEquals(alice.userId(), snapshot.getJsonObject("user").getString("id"));
    JsonObject g = snapshot.getJsonArray("guilds").getJsonObject(0);
    assertEquals(guild.getString("id"), g.getString("id"));
    assertEquals(1, g.getJsonArray("members").size());
    assertNotNull(g.getJsonArray("channels").getJsonObject(0).getString("last_message_id"));
    assertTrue(Long.parseLong(snapshot.getString("cursor")) > 0);
  }

  @Test
  @DisplayName("Renaming yourself reaches people who share a guild, as a member update of that guild")
  void rename() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    join(bob, guild(alice, false), alice);
    try (SseClient stream = bob.stream(null)) {
      String newName = unique("ally");
      assertEquals(200, alice.patch("/users/@me", new JsonObject().put("username", newName).put("global_name", "Ally")).status());
      JsonObject update = stream.next("GUILD_MEMBER_UPDATE").data().getJsonObject("user");
      assertEquals(newName, update.getString("username"));
      assertEquals("Ally", update.getString("global_name"));
    }
    assertEquals(409, bob.patch("/users/@me", new JsonObject().put("username", alice.get("/users/@me").json().getString("username"))).status());
  }
}
