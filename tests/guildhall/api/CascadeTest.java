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
 *
 * <p>The database is read with JDBC, which blocks: each look at it is a {@link #blocking} step on a
 * connection of its own, never on the event loop.
 */
class CascadeTest extends AsyncApiTestBase {
  private static final String THUMBS = "%F0%9F%91%8D";
  private static final String HEART = "%E2%9D%A4";

  /** The users and the ids of what the fixture made, filled in as it is made (one step after another). */
  private static final class Fixture {
    Api.Session alice;
    Api.Session bob;
    Api.Session carol;
    Api.Session dave;
    String g;
    String general;
    String mods;
    String helpers;
    String category;
    String child;
    String doomed;
    String original;
    String reply;
    String kept;
    String inDoomed;
    String replyInDoomed;
    String invite;
  }

  @Test
  @DisplayName("Deleting a message, a role, channels and the guild leaves no row behind that names them")
  void deletesCascade(VertxTestContext ctx) {
    Checkpoint fixtureMade = ctx.checkpoint();
    Checkpoint messageGone = ctx.checkpoint();
    Checkpoint roleGone = ctx.checkpoint();
    Checkpoint channelGone = ctx.checkpoint();
    Checkpoint categoryGone = ctx.checkpoint();
    Checkpoint guildGone = ctx.checkpoint();
    Fixture f = new Fixture();
    fixture(f)
        .compose(v -> db(db -> count(db, "reactions", "message_id", f.original) == 2 && count(db, "member_roles", "role_id", f.mods) == 2
            && count(db, "overwrites", "channel_id", f.child) == 2))
        .compose(ok -> check(ctx, () -> {
          assertTrue(ok, "the fixture is what it claims to be");
          fixtureMade.flag();
        }))
        .compose(v -> deleteMessage(ctx, f)).compose(v -> check(ctx, messageGone::flag))
        .compose(v -> deleteRole(ctx, f)).compose(v -> check(ctx, roleGone::flag))
        .compose(v -> deleteChannel(ctx, f)).compose(v -> check(ctx, channelGone::flag))
        .compose(v -> deleteCategory(ctx, f)).compose(v -> check(ctx, categoryGone::flag))
        .compose(v -> deleteGuild(ctx, f)).compose(v -> check(ctx, guildGone::flag))
        .onFailure(ctx::failNow);
  }

  /** A guild with everything in it: members with roles, a category with a child, channels with overwrites, messages, replies, reactions, an invite and a ban. */
  private Future<Void> fixture(Fixture f) {
    return users("alice", "bob", "carol", "dave").compose(u -> {
      f.alice = u.get(0);
      f.bob = u.get(1);
      f.carol = u.get(2);
      f.dave = u.get(3);
      return guild(f.alice, false);
    }).compose(guild -> {
      f.g = guild.getString("id");
      f.general = general(guild);
      Api.Session alice = f.alice;
      String g = f.g;
      return join(f.bob, guild, alice).compose(v -> join(f.carol, guild, alice))
          // Roles, given to members.
          .compose(v -> created(alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "mods")))).map(r -> f.mods = r.getString("id"))
          .compose(v -> created(alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "helpers")))).map(r -> f.helpers = r.getString("id"))
          .compose(v -> ok(alice.patch("/guilds/" + g + "/members/" + f.bob.userId(), new JsonObject().put("roles", new JsonArray().add(f.mods).add(f.helpers)))))
          .compose(v -> ok(alice.patch("/guilds/" + g + "/members/" + f.carol.userId(), new JsonObject().put("roles", new JsonArray().add(f.mods)))))
          // Channels: a category with overwrites and a child (which starts with the category's overwrites),
          // and a text channel with overwrites, messages, replies and reactions.
          .compose(v -> created(alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "Projects").put("type", 4))))
          .map(c -> f.category = c.getString("id"))
          .compose(v -> noContent(alice.put("/channels/" + f.category + "/permissions/" + f.mods, new JsonObject().put("type", 0).put("allow", "1024"))))
          .compose(v -> noContent(alice.put("/channels/" + f.category + "/permissions/" + f.bob.userId(), new JsonObject().put("type", 1).put("deny", "2048"))))
          .compose(v -> created(alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "road map").put("parent_id", f.category))))
          .map(c -> f.child = c.getString("id"))
          .compose(v -> created(alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "doomed")))).map(c -> f.doomed = c.getString("id"))
          .compose(v -> noContent(alice.put("/channels/" + f.doomed + "/permissions/" + f.helpers, new JsonObject().put("type", 0).put("deny", "2048"))))
          .compose(v -> send(alice, f.general, "the original")).map(m -> f.original = m.getString("id"))
          .compose(v -> ok(f.bob.post("/channels/" + f.general + "/messages", new JsonObject().put("content", "a reply").put("reply_to", f.original))))
          .map(m -> f.reply = m.getString("id"))
          .compose(v -> send(f.carol, f.general, "stays")).map(m -> f.kept = m.getString("id"))
          .compose(v -> react(f.bob, f.general, f.original, THUMBS))
          .compose(v -> react(f.carol, f.general, f.original, HEART))
          .compose(v -> react(alice, f.general, f.kept, THUMBS))
          .compose(v -> send(alice, f.doomed, "in a doomed channel")).map(m -> f.inDoomed = m.getString("id"))
          .compose(v -> ok(f.carol.post("/channels/" + f.doomed + "/messages", new JsonObject().put("content", "re").put("reply_to", f.inDoomed))))
          .map(m -> f.replyInDoomed = m.getString("id"))
          .compose(v -> react(f.bob, f.doomed, f.inDoomed, THUMBS))
          .compose(v -> send(alice, f.child, "in the child"))
          .compose(v -> created(alice.post("/guilds/" + g + "/invites", new JsonObject()))).map(i -> f.invite = i.getString("code"))
          .compose(v -> noContent(alice.put("/guilds/" + g + "/bans/" + f.dave.userId(), new JsonObject().put("reason", "spam"))));
    });
  }

  /** A message: its reactions go; a reply to it stays, pointing at an original that is gone. */
  private Future<Void> deleteMessage(VertxTestContext ctx, Fixture f) {
    return noContent(f.alice.delete("/channels/" + f.general + "/messages/" + f.original))
        .compose(v -> db(db -> new Look(namesLeft(db, Set.of(f.original), "messages.reply_to"),
            List.of(count(db, "messages", "reply_to", f.original), count(db, "reactions", "message_id", f.kept)))))
        .compose(look -> messages(f.bob, f.general).compose(messages -> check(ctx, () -> {
          assertNothingNames(look);
          assertEquals(1, look.counts().get(0), "a reply survives its original (no foreign key on reply_to)");
          assertEquals(1, look.counts().get(1), "other messages keep their reactions");
          JsonObject replyNow = messages.stream().map(m -> (JsonObject) m)
              .filter(m -> m.getString("id").equals(f.reply)).findFirst().orElseThrow();
          assertEquals(f.original, replyNow.getJsonObject("message_reference").getString("message_id"));
          assertNull(replyNow.getValue("referenced_message"), "the original is gone: the reply says so as Discord does");
          assertFalse(messages.stream().anyMatch(m -> ((JsonObject) m).getString("id").equals(f.original)));
        })));
  }

  /** A role: members lose it, and so do the channels' overwrites. */
  private Future<Void> deleteRole(VertxTestContext ctx, Fixture f) {
    return noContent(f.alice.delete("/guilds/" + f.g + "/roles/" + f.mods))
        .compose(v -> db(db -> new Look(namesLeft(db, Set.of(f.mods)),
            List.of(count(db, "member_roles", "role_id", f.helpers), count(db, "members", "guild_id", f.g)))))
        .compose(look -> ok2(f.alice.get("/guilds/" + f.g + "/roles")).compose(roles -> ok2(f.alice.get("/guilds/" + f.g + "/members"))
            .compose(members -> check(ctx, () -> {
              assertNothingNames(look);
              assertEquals(1, look.counts().get(0), "other roles stay with their members");
              assertEquals(3, look.counts().get(1), "members stay");
              assertFalse(roles.array().stream().anyMatch(r -> ((JsonObject) r).getString("id").equals(f.mods)));
              for (Object m : members.array()) {
                assertFalse(((JsonObject) m).getJsonArray("roles").contains(f.mods), "no member still has the deleted role");
              }
            }))));
  }

  /** A text channel: its overwrites, messages and their reactions go. */
  private Future<Void> deleteChannel(VertxTestContext ctx, Fixture f) {
    return db(db -> ids(db, "SELECT id FROM messages WHERE channel_id = ?", f.doomed)).compose(doomedIds -> check(ctx, () -> {
          assertEquals(Set.of(f.inDoomed, f.replyInDoomed), doomedIds);
          doomedIds.add(f.doomed);
        })
        .compose(v -> Sse.using(f.bob.stream(null), stream -> noContent(f.alice.delete("/channels/" + f.doomed))
            .compose(v2 -> stream.next("CHANNEL_DELETE"))
            .compose(deleted -> check(ctx, () -> assertEquals(f.doomed, deleted.data().getString("id"))))))
        .compose(v -> db(db -> new Look(namesLeft(db, doomedIds), List.of())))
        .compose(look -> f.bob.get("/channels/" + f.doomed + "/messages").compose(read -> check(ctx, () -> {
          assertNothingNames(look);
          assertEquals(404, read.status(), "a deleted channel is gone from the API");
        }))));
  }

  /** A category: its child stays at the top level, and members hear of it before the delete. */
  private Future<Void> deleteCategory(VertxTestContext ctx, Fixture f) {
    return Sse.using(f.bob.stream(null), stream -> noContent(f.alice.delete("/channels/" + f.category))
            .compose(v -> stream.next("CHANNEL_UPDATE"))
            .compose(orphaned -> check(ctx, () -> {
              assertEquals(f.child, orphaned.data().getString("id"));
              assertNull(orphaned.data().getValue("parent_id"));
            }))
            .compose(v -> stream.next("CHANNEL_DELETE"))
            .compose(deleted -> check(ctx, () -> assertEquals(f.category, deleted.data().getString("id")))))
        .compose(v -> db(db -> new Look(namesLeft(db, Set.of(f.category)),
            List.of(count(db, "channels", "id", f.child), count(db, "overwrites", "channel_id", f.child)))))
        .compose(look -> ok2(f.bob.get("/guilds/" + f.g + "/channels")).compose(channels -> f.alice.delete("/channels/" + f.category)
            .compose(again -> check(ctx, () -> {
              assertNothingNames(look);
              assertEquals(1, look.counts().get(0), "a category's child is orphaned, not deleted");
              assertEquals(1, look.counts().get(1), "and keeps its own overwrites (bob's; the mods' went with the role)");
              JsonObject childNow = channels.array().stream().map(c -> (JsonObject) c)
                  .filter(c -> c.getString("id").equals(f.child)).findFirst().orElseThrow();
              assertNull(childNow.getValue("parent_id"));
              assertEquals(404, again.status());
            }))));
  }

  /** The guild: everything in it goes; every member hears GUILD_DELETE. */
  private Future<Void> deleteGuild(VertxTestContext ctx, Fixture f) {
    String g = f.g;
    return db(db -> {
      Set<String> guildIds = new TreeSet<>();
      guildIds.add(g);
      guildIds.addAll(ids(db, "SELECT id FROM roles WHERE guild_id = ?", g));
      guildIds.addAll(ids(db, "SELECT id FROM channels WHERE guild_id = ?", g));
      guildIds.addAll(ids(db, "SELECT m.id FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.guild_id = ?", g));
      return guildIds;
    }).compose(guildIds -> check(ctx, () -> {
          // the guild (also @everyone's id), helpers, general and the child channel, three messages
          assertEquals(7, guildIds.size(), "the guild still has roles, channels and messages: " + guildIds);
        })
        .compose(v -> Sse.using(f.bob.stream(null), bobStream -> Sse.using(f.carol.stream(null), carolStream ->
            noContent(f.alice.delete("/guilds/" + g))
                .compose(v2 -> bobStream.next("GUILD_DELETE"))
                .compose(gone -> check(ctx, () -> assertEquals(g, gone.data().getString("id"))))
                .compose(v2 -> carolStream.next("GUILD_DELETE"))
                .compose(gone -> check(ctx, () -> assertEquals(g, gone.data().getString("id")))))))
        .compose(v -> db(db -> {
          List<Integer> counts = new ArrayList<>();
          for (String table : TABLES_OF_A_GUILD) {
            counts.add(count(db, table, "guild_id", g));
          }
          counts.add(count(db, "events", "guild_id", g));
          counts.add(count(db, "users", "id", f.dave.userId()));
          return new Look(namesLeft(db, guildIds), counts);
        }))
        .compose(look -> inTurn(
                () -> f.alice.get("/guilds/" + g),
                () -> f.bob.get("/guilds/" + g + "/channels"),
                () -> f.dave.post("/invites/" + f.invite, null),
                () -> f.alice.get("/users/@me"))
            .compose(r -> check(ctx, () -> {
              assertNothingNames(look);
              for (int i = 0; i < TABLES_OF_A_GUILD.size(); i++) {
                assertEquals(0, look.counts().get(i), TABLES_OF_A_GUILD.get(i));
              }
              int n = TABLES_OF_A_GUILD.size();
              assertTrue(look.counts().get(n) > 0, "the event log keeps what it described");
              assertEquals(1, look.counts().get(n + 1), "users stay");
              assertEquals(404, r.get(0).status());
              assertEquals(404, r.get(1).status());
              assertEquals(404, r.get(2).status(), "the guild's invites are gone");
              assertEquals(200, r.get(3).status(), "and the owner is still a user");
            }))));
  }

  private static final List<String> TABLES_OF_A_GUILD = List.of("members", "bans", "invites", "member_roles");

  /** What one look at the database found: the rows that still name deleted ids, and some counts. */
  private record Look(List<String> left, List<Integer> counts) {}

  private static void assertNothingNames(Look look) {
    assertTrue(look.left().isEmpty(), "rows still name what was deleted: " + look.left());
  }

  /** JDBC work that may throw. */
  @FunctionalInterface
  private interface DbWork<T> {
    T on(Connection db) throws Exception;
  }

  /** {@code work} on a connection of its own, opened and closed off the event loop. */
  private <T> Future<T> db(DbWork<T> work) {
    return blocking(() -> {
      try (Connection db = open()) {
        return work.on(db);
      }
    });
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

  /** The rows of any table (events aside) that hold one of {@code ids}, except in the columns {@code allowed} ("table.column"). */
  private static List<String> namesLeft(Connection db, Set<String> ids, String... allowed) throws SQLException {
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
    return found;
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

  private static Future<JsonArray> messages(Api.Session user, String channel) {
    return ok2(user.get("/channels/" + channel + "/messages")).map(Api.Reply::array);
  }

  private static Future<Void> react(Api.Session user, String channel, String message, String emoji) {
    return noContent(user.put("/channels/" + channel + "/messages/" + message + "/reactions/" + emoji + "/@me", null));
  }

  /** Fails the step unless {@code reply} has that status (a precondition, with the reply in the message). */
  private static Future<Api.Reply> expectStatus(int status, Future<Api.Reply> reply) {
    return reply.compose(r -> r.status() == status ? Future.succeededFuture(r)
        : Future.failedFuture(new AssertionError("expected " + status + ": " + r)));
  }

  private static Future<JsonObject> created(Future<Api.Reply> reply) {
    return expectStatus(201, reply).map(Api.Reply::json);
  }

  private static Future<JsonObject> ok(Future<Api.Reply> reply) {
    return ok2(reply).map(Api.Reply::json);
  }

  private static Future<Api.Reply> ok2(Future<Api.Reply> reply) {
    return expectStatus(200, reply);
  }

  private static Future<Void> noContent(Future<Api.Reply> reply) {
    return expectStatus(204, reply).mapEmpty();
  }
}
