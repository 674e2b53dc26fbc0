package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules the action table added to what Guildhall had: overwrites respect the hierarchy (4a), a
 * timed-out author cannot edit (4b); and message actions, which now read the author before asking.
 */
class ActionRulesTest extends ApiTestBase {

  private String role(ApiClient.Session owner, String guildId, String name, long permissions) {
    ApiClient.Reply reply = owner.post("/guilds/" + guildId + "/roles", new JsonObject().put("name", name).put("permissions", Long.toString(permissions)));
    assertEquals(201, reply.status(), reply.toString());
    return reply.json().getString("id");
  }

  private void giveRole(ApiClient.Session owner, String guildId, ApiClient.Session member, String roleId) {
    ApiClient.Reply reply = owner.patch("/guilds/" + guildId + "/members/" + member.userId(), new JsonObject().put("roles", new JsonArray().add(roleId)));
    assertEquals(200, reply.status(), reply.toString());
  }

  private static JsonObject overwrite(int type, long deny) {
    return new JsonObject().put("type", type).put("deny", Long.toString(deny));
  }

  /** The channel's overwrites as its owner sees them. */
  private JsonArray overwritesOf(ApiClient.Session owner, String guildId, String channelId) {
    for (Object c : owner.get("/guilds/" + guildId + "/channels").array()) {
      if (((JsonObject) c).getString("id").equals(channelId)) {
        return ((JsonObject) c).getJsonArray("permission_overwrites");
      }
    }
    throw new AssertionError("no channel " + channelId);
  }

  private String contentOf(ApiClient.Session reader, String channelId, String messageId) {
    for (Object m : reader.get("/channels/" + channelId + "/messages").array()) {
      if (((JsonObject) m).getString("id").equals(messageId)) {
        return ((JsonObject) m).getString("content");
      }
    }
    throw new AssertionError("no message " + messageId);
  }

  @Test
  @DisplayName("4a: with MANAGE_ROLES, a moderator sets overwrites only for @everyone, roles below theirs and members below them")
  void overwritesRespectTheHierarchy() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session mod = user("mod");
    ApiClient.Session senior = user("senior");
    ApiClient.Session helper = user("helper");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    String channel = general(guild);
    for (ApiClient.Session s : new ApiClient.Session[] {mod, senior, helper}) {
      join(s, guild, alice);
    }
    // Each new role starts at position 1 and pushes the others up: helpers 1, mods 2, seniors 3.
    String seniors = role(alice, g, "seniors", 0);
    String mods = role(alice, g, "mods", Permissions.MANAGE_ROLES);
    String helpers = role(alice, g, "helpers", 0);
    giveRole(alice, g, mod, mods);
    giveRole(alice, g, senior, seniors);
    giveRole(alice, g, helper, helpers);
    // The owner's overwrites on the senior role and on the senior member: the moderator may not remove them.
    assertEquals(204, alice.put("/channels/" + channel + "/permissions/" + seniors, overwrite(0, Permissions.ADD_REACTIONS)).status());
    assertEquals(204, alice.put("/channels/" + channel + "/permissions/" + senior.userId(), overwrite(1, Permissions.ADD_REACTIONS)).status());
    JsonArray before = overwritesOf(alice, g, channel);

    String base = "/channels/" + channel + "/permissions/";
    assertEquals(403, mod.put(base + seniors, overwrite(0, Permissions.SEND_MESSAGES)).status(), "a role above the moderator's");
    assertEquals(403, mod.put(base + mods, overwrite(0, Permissions.SEND_MESSAGES)).status(), "the moderator's own role: at, not below");
    assertEquals(403, mod.put(base + senior.userId(), overwrite(1, Permissions.SEND_MESSAGES)).status(), "a member whose top role is above");
    assertEquals(403, mod.put(base + mod.userId(), overwrite(1, Permissions.SEND_MESSAGES)).status(), "the moderator themselves: at, not below");
    assertEquals(403, mod.delete(base + seniors).status(), "nor take one off a role above");
    assertEquals(403, mod.delete(base + senior.userId()).status(), "nor off a member above");
    assertEquals(before, overwritesOf(alice, g, channel), "nothing changed");

    assertEquals(204, mod.put(base + helpers, overwrite(0, Permissions.ADD_REACTIONS)).status(), "a role below");
    assertEquals(204, mod.put(base + helper.userId(), overwrite(1, Permissions.ADD_REACTIONS)).status(), "a member below");
    assertEquals(204, mod.delete(base + helpers).status());
    assertEquals(204, mod.delete(base + helper.userId()).status());
    // Last: it takes ADD_REACTIONS from the moderator too, who could then no longer grant it.
    assertEquals(204, mod.put(base + g, overwrite(0, Permissions.ADD_REACTIONS)).status(), "@everyone's: MANAGE_ROLES is enough");
    assertEquals(204, alice.delete(base + seniors).status(), "the owner is exempt");
  }

  @Test
  @DisplayName("4b: a timed-out author cannot edit; the text stays; once the timeout is lifted the edit works")
  void timedOutAuthorCannotEdit() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    String channel = general(guild);
    join(bob, guild, alice);
    String message = send(bob, channel, "before the timeout").getString("id");
    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + bob.userId(),
        new JsonObject().put("communication_disabled_until", Instant.now().plusSeconds(600).toString())).status());

    String path = "/channels/" + channel + "/messages/" + message;
    assertEquals(403, bob.patch(path, new JsonObject().put("content", "while timed out")).status());
    assertEquals("before the timeout", contentOf(alice, channel, message));

    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().putNull("communication_disabled_until")).status());
    ApiClient.Reply edited = bob.patch(path, new JsonObject().put("content", "after the timeout"));
    assertEquals(200, edited.status(), edited.toString());
    assertEquals("after the timeout", contentOf(alice, channel, message));
  }

  @Test
  @DisplayName("As in Discord, losing SEND_MESSAGES does not stop an author editing or deleting what they wrote")
  void readOnlyChannelStillEditable() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    String channel = general(guild);
    join(bob, guild, alice);
    String message = send(bob, channel, "first").getString("id");
    assertEquals(204, alice.put("/channels/" + channel + "/permissions/" + g, overwrite(0, Permissions.SEND_MESSAGES)).status());
    assertEquals(403, bob.post("/channels/" + channel + "/messages", new JsonObject().put("content", "more")).status());
    assertEquals(200, bob.patch("/channels/" + channel + "/messages/" + message, new JsonObject().put("content", "amended")).status());
    assertEquals(204, bob.delete("/channels/" + channel + "/messages/" + message).status());
  }

  @Test
  @DisplayName("Message edit and delete: a hidden channel is 404 first, then a missing message 404, then the author rules 403")
  void messageActionsErrorOrder() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    ApiClient.Session carol = user("carol");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    String channel = general(guild);
    join(bob, guild, alice);
    join(carol, guild, alice);
    String secret = alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "secret")).json().getString("id");
    assertEquals(204, alice.put("/channels/" + secret + "/permissions/" + g, overwrite(0, Permissions.VIEW_CHANNEL)).status());
    String hidden = send(alice, secret, "hidden").getString("id");
    String bobs = send(bob, channel, "bob's").getString("id");

    ApiClient.Reply hiddenEdit = bob.patch("/channels/" + secret + "/messages/" + hidden, new JsonObject().put("content", "x"));
    assertEquals(404, hiddenEdit.status());
    ApiClient.Reply hiddenMissing = bob.delete("/channels/" + secret + "/messages/1");
    assertEquals(404, hiddenMissing.status());
    assertEquals(hiddenEdit.json().getJsonObject("error").getString("message"), hiddenMissing.json().getJsonObject("error").getString("message"),
        "a hidden channel answers the same whether the message exists or not");
    assertEquals(404, bob.patch("/channels/" + channel + "/messages/1", new JsonObject().put("content", "x")).status(), "no such message");
    assertEquals(403, carol.patch("/channels/" + channel + "/messages/" + bobs, new JsonObject().put("content", "x")).status(), "not the author");
    assertEquals(403, carol.delete("/channels/" + channel + "/messages/" + bobs).status(), "not the author, no MANAGE_MESSAGES");
    String janitors = role(alice, g, "janitors", Permissions.MANAGE_MESSAGES);
    giveRole(alice, g, carol, janitors);
    assertEquals(403, carol.patch("/channels/" + channel + "/messages/" + bobs, new JsonObject().put("content", "x")).status(),
        "MANAGE_MESSAGES removes, never rewrites");
    assertEquals(204, carol.delete("/channels/" + channel + "/messages/" + bobs).status());
    assertEquals(404, bob.delete("/channels/" + channel + "/messages/" + bobs).status(), "gone");
  }
}
