package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roles, overwrites and moderation as members live them: what they see, what they may do. */
class RolesAndModerationTest extends ApiTestBase {

  private static boolean hasChannel(JsonObject snapshot, String channelId) {
    for (Object g : snapshot.getJsonArray("guilds")) {
      for (Object c : ((JsonObject) g).getJsonArray("channels")) {
        if (((JsonObject) c).getString("id").equals(channelId)) {
          return true;
        }
      }
    }
    return false;
  }

  private JsonObject channel(ApiClient.Session owner, String guildId, JsonObject body) {
    ApiClient.Reply reply = owner.post("/guilds/" + guildId + "/channels", body);
    assertEquals(201, reply.status(), reply.toString());
    return reply.json();
  }

  private JsonObject role(ApiClient.Session owner, String guildId, String name, long permissions) {
    ApiClient.Reply reply = owner.post("/guilds/" + guildId + "/roles", new JsonObject().put("name", name).put("permissions", Long.toString(permissions)));
    assertEquals(201, reply.status(), reply.toString());
    return reply.json();
  }

  private void giveRoles(ApiClient.Session owner, String guildId, ApiClient.Session member, String... roleIds) {
    JsonArray roles = new JsonArray();
    for (String id : roleIds) {
      roles.add(id);
    }
    ApiClient.Reply reply = owner.patch("/guilds/" + guildId + "/members/" + member.userId(), new JsonObject().put("roles", roles));
    assertEquals(200, reply.status(), reply.toString());
  }

  private static JsonObject deny(long bits) {
    return new JsonObject().put("type", 0).put("deny", Long.toString(bits));
  }

  @Test
  @DisplayName("An overwrite that hides a channel removes it live (CHANNEL_DELETE), then silence; a role that shows it brings it back")
  void visibilityFollowsOverwritesAndRoles() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    join(bob, guild, alice);
    String secret = channel(alice, g, new JsonObject().put("name", "secret")).getString("id");
    try (SseClient stream = bob.stream(null)) {
      assertEquals(204, alice.put("/channels/" + secret + "/permissions/" + g, deny(Permissions.VIEW_CHANNEL)).status());
      assertEquals(secret, stream.next("CHANNEL_DELETE").data().getString("id"));
      send(alice, secret, "you cannot see this");
      assertEquals(404, bob.get("/channels/" + secret + "/messages").status());
      assertFalse(hasChannel(bob.get("/snapshot").json(), secret));
      assertTrue(stream.drain(300).stream().noneMatch(e -> secret.equals(e.data().getString("channel_id")) || secret.equals(e.data().getString("id"))),
          "nothing more from the hidden channel");

      JsonObject insiders = role(alice, g, "insiders", 0);
      assertEquals(204, alice.put("/channels/" + secret + "/permissions/" + insiders.getString("id"),
          new JsonObject().put("type", 0).put("allow", Long.toString(Permissions.VIEW_CHANNEL))).status());
      giveRoles(alice, g, bob, insiders.getString("id"));
      assertEquals(secret, stream.next("CHANNEL_CREATE").data().getString("id"));
      assertEquals(1, bob.get("/channels/" + secret + "/messages").array().size(), "history is readable again");
      assertTrue(hasChannel(bob.get("/snapshot").json(), secret));
    }
  }

  @Test
  @DisplayName("Hiding a category hides its channels unless they allow themselves")
  void categoryHidesItsChannels() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    join(bob, guild, alice);
    String category = channel(alice, g, new JsonObject().put("name", "Staff").put("type", 4)).getString("id");
    String inside = channel(alice, g, new JsonObject().put("name", "inside").put("parent_id", category)).getString("id");
    String open = channel(alice, g, new JsonObject().put("name", "open").put("parent_id", category)).getString("id");
    assertEquals(204, alice.put("/channels/" + open + "/permissions/" + g,
        new JsonObject().put("type", 0).put("allow", Long.toString(Permissions.VIEW_CHANNEL))).status());
    assertEquals(204, alice.put("/channels/" + category + "/permissions/" + g, deny(Permissions.VIEW_CHANNEL)).status());
    JsonObject snapshot = bob.get("/snapshot").json();
    assertFalse(hasChannel(snapshot, category));
    assertFalse(hasChannel(snapshot, inside), "a channel in a hidden category is hidden");
    assertTrue(hasChannel(snapshot, open), "unless its own overwrite shows it");
    assertEquals(404, bob.get("/channels/" + inside + "/messages").status());
    String later = channel(alice, g, new JsonObject().put("name", "later").put("parent_id", category)).getString("id");
    assertFalse(hasChannel(bob.get("/snapshot").json(), later), "a new channel copies its category's overwrites");
  }

  @Test
  @DisplayName("A kicked member gets GUILD_DELETE and nothing more; the others get GUILD_MEMBER_REMOVE")
  void kick() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    ApiClient.Session carol = user("carol");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    join(bob, guild, alice);
    join(carol, guild, alice);
    try (SseClient bobStream = bob.stream(null); SseClient carolStream = carol.stream(null)) {
      assertEquals(403, carol.delete("/guilds/" + g + "/members/" + bob.userId()).status(), "no KICK_MEMBERS");
      assertEquals(204, alice.delete("/guilds/" + g + "/members/" + bob.userId()).status());
      assertEquals(g, bobStream.next("GUILD_DELETE").data().getString("id"));
      assertEquals(bob.userId(), carolStream.next("GUILD_MEMBER_REMOVE").data().getJsonObject("user").getString("id"));
      send(alice, general(guild), "after the kick");
      carolStream.next("MESSAGE_CREATE");
      assertTrue(bobStream.drain(300).stream().noneMatch(e -> g.equals(e.data().getString("guild_id"))), "nothing more from that guild");
    }
    assertEquals(404, bob.get("/channels/" + general(guild) + "/messages").status());
  }

  @Test
  @DisplayName("A banned user is removed, cannot come back by invite or directory, and can be unbanned")
  void ban() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, true);
    String g = guild.getString("id");
    join(bob, guild, alice);
    try (SseClient bobStream = bob.stream(null)) {
      assertEquals(204, alice.put("/guilds/" + g + "/bans/" + bob.userId(), new JsonObject().put("reason", "spam")).status());
      assertEquals(g, bobStream.next("GUILD_DELETE").data().getString("id"));
    }
    JsonArray bans = alice.get("/guilds/" + g + "/bans").array();
    assertEquals(bob.userId(), bans.getJsonObject(0).getJsonObject("user").getString("id"));
    assertEquals("spam", bans.getJsonObject(0).getString("reason"));
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(403, bob.post("/invites/" + code, null).status());
    assertEquals(403, bob.put("/guilds/" + g + "/members/@me", null).status());
    assertEquals(404, bob.get("/guilds/" + g + "/bans").status(), "a non-member sees no ban list");
    assertEquals(204, alice.delete("/guilds/" + g + "/bans/" + bob.userId()).status());
    assertEquals(200, bob.post("/invites/" + code, null).status());
  }

  @Test
  @DisplayName("A timed-out member may read but not send or type, until the timeout is lifted")
  void timeout() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    String channel = general(guild);
    join(bob, guild, alice);
    String until = Instant.now().plusSeconds(600).toString();
    ApiClient.Reply timedOut = alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().put("communication_disabled_until", until));
    assertEquals(200, timedOut.status(), timedOut.toString());
    assertEquals(200, bob.get("/channels/" + channel + "/messages").status());
    assertEquals(403, bob.post("/channels/" + channel + "/messages", new JsonObject().put("content", "hi")).status());
    assertEquals(403, bob.post("/channels/" + channel + "/typing", null).status());
    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().putNull("communication_disabled_until")).status());
    assertEquals(200, bob.post("/channels/" + channel + "/messages", new JsonObject().put("content", "back")).status());
  }

  @Test
  @DisplayName("The hierarchy: moderators act only below their top role, never on the owner, and grant only what they hold")
  void hierarchy() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session mod = user("mod");
    ApiClient.Session senior = user("senior");
    ApiClient.Session plain = user("plain");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    for (ApiClient.Session s : new ApiClient.Session[] {mod, senior, plain}) {
      join(s, guild, alice);
    }
    JsonObject modRole = role(alice, g, "mods", Permissions.KICK_MEMBERS | Permissions.MANAGE_ROLES);
    JsonObject seniorRole = role(alice, g, "seniors", 0); // created later: position 1, mods move to 2
    giveRoles(alice, g, mod, modRole.getString("id"));
    giveRoles(alice, g, senior, seniorRole.getString("id"));
    // Put seniors above mods.
    assertEquals(200, alice.patch("/guilds/" + g + "/roles", new JsonArray()
        .add(new JsonObject().put("id", seniorRole.getString("id")).put("position", 3))).status());

    assertEquals(403, mod.delete("/guilds/" + g + "/members/" + senior.userId()).status(), "senior outranks mod");
    assertEquals(403, mod.delete("/guilds/" + g + "/members/" + alice.userId()).status(), "nobody kicks the owner");
    assertEquals(403, mod.post("/guilds/" + g + "/roles", new JsonObject().put("permissions", Long.toString(Permissions.ADMINISTRATOR))).status(),
        "cannot grant a bit you lack");
    assertEquals(403, mod.patch("/guilds/" + g + "/roles/" + seniorRole.getString("id"), new JsonObject().put("name", "x")).status(),
        "cannot edit a role above your own");
    ApiClient.Reply helperRole = mod.post("/guilds/" + g + "/roles", new JsonObject().put("name", "helpers").put("permissions", Long.toString(Permissions.KICK_MEMBERS)));
    assertEquals(201, helperRole.status(), "may create roles with bits it holds");
    assertEquals(204, mod.delete("/guilds/" + g + "/members/" + plain.userId()).status());
    JsonArray roles = alice.get("/guilds/" + g + "/roles").array();
    assertEquals(g, roles.getJsonObject(0).getString("id"), "@everyone first, at position 0");
  }

  @Test
  @DisplayName("Role changes reach members as GUILD_ROLE_* events; owner transfer hands over deleting")
  void roleEventsAndOwnerTransfer() {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    join(bob, guild, alice);
    try (SseClient stream = bob.stream(null)) {
      JsonObject r = role(alice, g, "crew", 0);
      assertEquals("crew", stream.next("GUILD_ROLE_CREATE").data().getJsonObject("role").getString("name"));
      assertEquals(200, alice.patch("/guilds/" + g + "/roles/" + r.getString("id"), new JsonObject().put("color", 0xff0000).put("hoist", true)).status());
      assertEquals(0xff0000, stream.next("GUILD_ROLE_UPDATE").data().getJsonObject("role").getInteger("color"));
      giveRoles(alice, g, bob, r.getString("id"));
      assertEquals(r.getString("id"), stream.next("GUILD_MEMBER_UPDATE").data().getJsonArray("roles").getString(0));
      assertEquals(204, alice.delete("/guilds/" + g + "/roles/" + r.getString("id")).status());
      assertEquals(r.getString("id"), stream.next("GUILD_ROLE_DELETE").data().getString("role_id"));
    }
    assertEquals(403, bob.patch("/guilds/" + g, new JsonObject().put("owner_id", bob.userId())).status());
    assertEquals(200, alice.patch("/guilds/" + g, new JsonObject().put("owner_id", bob.userId())).status());
    assertEquals(403, alice.delete("/guilds/" + g).status(), "the former owner may no longer delete it");
    assertEquals(204, bob.delete("/guilds/" + g).status());
  }
}
