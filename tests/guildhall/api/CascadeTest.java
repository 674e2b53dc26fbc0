package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletes cascade in the database (V5__foreign_keys.sql): through the real API, a guild with everything
 * in it loses a message, a role, two channels and then itself, and after each the database itself holds
 * no row, in any table but the event log, that still names what was deleted. Ids are snowflakes, unique
 * across kinds, so "names it" is simply: some integer column holds one of the deleted ids.
 */
class CascadeTest extends ApiTestBase {
  private static final String THUMBS = "%F0%9F%91%8D";
  private static final String HEART = "%E2%9D%A4";

  @Test
  @DisplayName("Deleting a message, a role, channels and the guild leaves no row behind that names them")
  void deletesCascade() throws Exception {
    ApiClient.Session alice = user("alice");
    ApiClient.Session bob = user("bob");
    ApiClient.Session carol = user("carol");
    ApiClient.Session dave = user("dave");
    JsonObject guild = guild(alice, false);
    String g = guild.getString("id");
    join(bob, guild, alice);
    join(carol, guild, alice);

    // Roles, given to members.
    String mods = created(alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "mods"))).getString("id");
    String helpers = created(alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "helpers"))).getString("id");
    ok(alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().put("roles", new JsonArray().add(mods).add(helpers))));
    ok(alice.patch("/guilds/" + g + "/members/" + carol.userId(), new JsonObject().put("roles", new JsonArray().add(mods))));

    // Channels: a category with overwrites and a child (which starts with the category's overwrites),
    // and a text channel with overwrites, messages, replies and reactions.
    String category = created(alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "Projects").put("type", 4))).getString("id");
    noContent(alice.put("/channels/" + category + "/permissions/" + mods, new JsonObject().put("type", 0).put("allow", "1024")));
    noContent(alice.put("/channels/" + category + "/permissions/" + bob.userId(), new JsonObject().put("type", 1).put("deny", "2048")));
    String child = created(alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "road map").put("parent_id", category))).getString("id");
    String doomed = created(alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "doomed"))).getString("id");
    noContent(alice.put("/channels/" + doomed + "/permissions/" + helpers, new JsonObject().put("type", 0).put("deny", "2048")));
    String general = general(guild);

    String original = send(alice, general, "the original").getString("id");
    String reply = ok(bob.post("/channels/" + general + "/messages", new JsonObject().put("content", "a reply").put("reply_to", original))).getString("id");
    String kept = send(carol, general, "stays").getString("id");
    react(bob, general, original, THUMBS);
    react(carol, general, original, HEART);
    react(alice, general, kept, THUMBS);
    String inDoomed = send(alice, doomed, "in a doomed channel").getString("id");
    String replyInDoomed = ok(carol.post("/channels/" + doomed + "/messages", new JsonObject().put("content", "re").put("reply_to", inDoomed))).getString("id");
    react(bob, doomed, inDoomed, THUMBS);
    send(alice, child, "in the child");

    String invite = created(alice.post("/guilds/" + g + "/invites", new JsonObject())).getString("code");
    noContent(alice.put("/guilds/" + g + "/bans/" + dave.userId(), new JsonObject().put("reason", "spam")));

    try (Connection db = open()) {
      assertTrue(count(db, "reactions", "message_id", original) == 2 && count(db, "member_roles", "role_id", mods) == 2
          && count(db, "overwrites", "channel_id", child) == 2, "the fixture is what it claims to be");

      // ---- a message: its reactions go; a reply to it stays, pointing at an original that is gone.
      noContent(alice.delete("/channels/" + general + "/messages/" + original));
      assertNothingNames(db, Set.of(original), "messages.reply_to");
      assertEquals(1, count(db, "messages", "reply_to", original), "a reply survives its original (no foreign key on reply_to)");
      assertEquals(1, count(db, "reactions", "message_id", kept), "other messages keep their reactions");
      JsonObject replyNow = messages(bob, general).stream().map(m -> (JsonObject) m)
          .filter(m -> m.getString("id").equals(reply)).findFirst().orElseThrow();
      assertEquals(original, replyNow.getJsonObject("message_reference").getString("message_id"));
      assertNull(replyNow.getValue("referenced_message"), "the original is gone: the reply says so as Discord does");
      assertFalse(messages(bob, general).stream().anyMatch(m -> ((JsonObject) m).getString("id").equals(original)));

      // ---- a role: members lose it, and so do the channels' overwrites.
      noContent(alice.delete("/guilds/" + g + "/roles/" + mods));
      assertNothingNames(db, Set.of(mods));
      assertEquals(1, count(db, "member_roles", "role_id", helpers), "other roles stay with their members");
      assertEquals(3, count(db, "members", "guild_id", g), "members stay");
      JsonArray roles = ok2(alice.get("/guilds/" + g + "/roles")).array();
      assertFalse(roles.stream().anyMatch(r -> ((JsonObject) r).getString("id").equals(mods)));
      JsonArray members = ok2(alice.get("/guilds/" + g + "/members")).array();
      for (Object m : members) {
        assertFalse(((JsonObject) m).getJsonArray("roles").contains(mods), "no member still has the deleted role");
      }

      // ---- a text channel: its overwrites, messages and their reactions go.
      Set<String> doomedIds = ids(db, "SELECT id FROM messages WHERE channel_id = ?", doomed);
      assertEquals(Set.of(inDoomed, replyInDoomed), doomedIds);
      doomedIds.add(doomed);
      try (SseClient stream = bob.stream(null)) {
        noContent(alice.delete("/channels/" + doomed));
        assertEquals(doomed, stream.next("CHANNEL_DELETE").data().getString("id"));
      }
      assertNothingNames(db, doomedIds);
      assertEquals(404, bob.get("/channels/" + doomed + "/messages").status(), "a deleted channel is gone from the API");

      // ---- a category: its child stays at the top level, and members hear of it before the delete.
      try (SseClient stream = bob.stream(null)) {
        noContent(alice.delete("/channels/" + category));
        SseClient.Event orphaned = stream.next("CHANNEL_UPDATE");
        assertEquals(child, orphaned.data().getString("id"));
        assertNull(orphaned.data().getValue("parent_id"));
        assertEquals(category, stream.next("CHANNEL_DELETE").data().getString("id"));
      }
      assertNothingNames(db, Set.of(category));
      assertEquals(1, count(db, "channels", "id", child), "a category's child is orphaned, not deleted");
      assertEquals(1, count(db, "overwrites", "channel_id", child), "and keeps its own overwrites (bob's; the mods' went with the role)");
      JsonObject childNow = ok2(bob.get("/guilds/" + g + "/channels")).array().stream().map(c -> (JsonObject) c)
          .filter(c -> c.getString("id").equals(child)).findFirst().orElseThrow();
      assertNull(childNow.getValue("parent_id"));
      assertEquals(404, alice.delete("/channels/" + category).status());

      // ---- the guild: everything in it goes; every member hears GUILD_DELETE.
      Set<String> guildIds = new TreeSet<>();
      guildIds.add(g);
      guildIds.addAll(ids(db, "SELECT id FROM roles WHERE guild_id = ?", g));
      guildIds.addAll(ids(db, "SELECT id FROM channels WHERE guild_id = ?", g));
      guildIds.addAll(ids(db, "SELECT m.id FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.guild_id = ?", g));
      // the guild (also @everyone's id), helpers, general and the child channel, three messages
      assertEquals(7, guildIds.size(), "the guild still has roles, channels and messages: " + guildIds);
      try (SseClient bobStream = bob.stream(null); SseClient carolStream = carol.stream(null)) {
        noContent(alice.delete("/guilds/" + g));
        assertEquals(g, bobStream.next("GUILD_DELETE").data().getString("id"));
        assertEquals(g, carolStream.next("GUILD_DELETE").data().getString("id"));
      }
      assertNothingNames(db, guildIds);
      for (String table : List.of("members", "bans", "invites", "member_roles")) {
        assertEquals(0, count(db, table, "guild_id", g), table);
      }
      assertTrue(count(db, "events", "guild_id", g) > 0, "the event log keeps what it described");
      assertEquals(1, count(db, "users", "id", dave.userId()), "users stay");
      assertEquals(404, alice.get("/guilds/" + g).status());
      assertEquals(404, bob.get("/guilds/" + g + "/channels").status());
      assertEquals(404, dave.post("/invites/" + invite, null).status(), "the guild's invites are gone");
      assertEquals(200, alice.get("/users/@me").status(), "and the owner is still a user");
    }
  }

  // ---- the database, opened directly

  private Connection open() throws SQLException {
    String url = app.databaseUrl;
    if (url.startsWith("jdbc:sqlite:")) {
      return DriverManager.getConnection(url);
    }
    // postgresql://user@host:port/db, as the server was given it
    String rest = url.substring("postgresql://".length());
    String user = rest.substring(0, rest.indexOf('@'));
    return DriverManager.getConnection("jdbc:postgresql://" + rest.substring(rest.indexOf('@') + 1), user, "");
  }

  /** Every integer column of every table but the event log's and Flyway's, by table. */
  private static Map<String, List<String>> idColumns(Connection db) throws SQLException {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    DatabaseMetaData meta = db.getMetaData();
    boolean postgres = meta.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    try (ResultSet rs = meta.getColumns(null, postgres ? "public" : null, "%", "%")) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        String type = rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT);
        if (table.startsWith("event") || table.startsWith("flyway") || table.startsWith("sqlite") || !type.contains("INT")) {
          continue;
        }
        columns.computeIfAbsent(table, t -> new ArrayList<>()).add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
      }
    }
    assertTrue(columns.keySet().containsAll(List.of("users", "tokens", "guilds", "roles", "members", "member_roles", "channels",
        "overwrites", "messages", "reactions", "invites", "bans")), "found the tables: " + columns.keySet());
    return columns;
  }

  /** No row of any table (events aside) holds one of {@code ids}, except in the columns {@code allowed} ("table.column"). */
  private static void assertNothingNames(Connection db, Set<String> ids, String... allowed) throws SQLException {
    Set<String> exempt = Set.of(allowed);
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, List<String>> table : idColumns(db).entrySet()) {
      for (String column : table.getValue()) {
        if (exempt.contains(table.getKey() + "." + column)) {
          continue;
        }
        for (String id : ids) {
          int n = count(db, table.getKey(), column, id);
          if (n > 0) {
            found.add(n + " in " + table.getKey() + "." + column + " = " + id);
          }
        }
      }
    }
    assertTrue(found.isEmpty(), "rows still name what was deleted: " + found);
  }

  private static int count(Connection db, String table, String column, String id) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?")) {
      s.setLong(1, Long.parseLong(id));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Set<String> ids(Connection db, String query, String id) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (PreparedStatement s = db.prepareStatement(query)) {
      s.setLong(1, Long.parseLong(id));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(Long.toString(rs.getLong(1)));
        }
      }
    }
    return out;
  }

  // ---- the API

  private static JsonArray messages(ApiClient.Session user, String channel) {
    return ok2(user.get("/channels/" + channel + "/messages")).array();
  }

  private static void react(ApiClient.Session user, String channel, String message, String emoji) {
    noContent(user.put("/channels/" + channel + "/messages/" + message + "/reactions/" + emoji + "/@me", null));
  }

  private static JsonObject created(ApiClient.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.json();
  }

  private static JsonObject ok(ApiClient.Reply reply) {
    return ok2(reply).json();
  }

  private static ApiClient.Reply ok2(ApiClient.Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    return reply;
  }

  private static void noContent(ApiClient.Reply reply) {
    assertEquals(204, reply.status(), reply.toString());
  }
}
