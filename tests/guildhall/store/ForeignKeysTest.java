package guildhall.store;

import guildhall.support.Backend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foreign keys of V5__foreign_keys.sql as the application's own {@link Database} opens them: enforced
 * on every SQLite connection it makes, and reached from an old database whose rows V5 must keep (or drop,
 * where their parent is already gone).
 */
class ForeignKeysTest {
  private Vertx vertx;
  private Database db;
  private String url;

  @AfterEach
  void close() {
    if (db != null) {
      db.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (url != null) {
      Backend.dropIfPostgres(url);
    }
  }

  private Database open(String url) {
    vertx = Vertx.vertx();
    db = Database.open(vertx, new JsonObject().put("url", url).put("readers", 2).put("pg_pool", 2)).await();
    return db;
  }

  @Test
  @DisplayName("SQLite: the writer and every reader connection have PRAGMA foreign_keys on; an orphan insert fails")
  void sqliteEnforcesOnEveryConnection() throws Exception {
    open(Backend.SQLITE.freshDatabaseUrl(Files.createTempDirectory("guildhall-fk")));
    assertEquals(1L, foreignKeys(db.writer.getConnection().await()), "the writer");
    // Two readers held at once: two distinct connections of the reader pool.
    SqlConnection first = db.reader.getConnection().await();
    SqlConnection second = db.reader.getConnection().await();
    assertEquals(1L, foreignKeys(first), "reader 1");
    assertEquals(1L, foreignKeys(second), "reader 2"); // (each closed, back to the pool, once asked)
    Throwable orphan = assertThrows(Throwable.class, () -> db.writer
        .query("INSERT INTO messages (id, channel_id, author_id, content) VALUES (1, 424242, 1, 'nowhere')").execute().await());
    assertTrue(String.valueOf(orphan.getMessage()).contains("FOREIGN KEY"), orphan.toString());
  }

  private static long foreignKeys(SqlConnection conn) {
    try {
      return ((Number) conn.query("PRAGMA foreign_keys").execute().await().iterator().next().getValue(0)).longValue();
    } finally {
      conn.close().await();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  @DisplayName("An old database (V1 to V3) with orphans migrates: rows kept, orphans dropped, keys and indexes in place")
  void oldDatabaseMigrates(Backend backend) throws Exception {
    url = backend.freshDatabaseUrl(Files.createTempDirectory("guildhall-fk-old"));
    String jdbc = jdbcUrl(url);
    Flyway.configure().dataSource(jdbc, backend == Backend.POSTGRES ? "postgres" : null, null)
        .locations("classpath:schema").target("3").load().migrate();
    try (Connection c = connect(jdbc); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, username, username_key, created_at) VALUES (1, 'a', 'a', 0), (2, 'b', 'b', 0)");
      s.executeUpdate("INSERT INTO tokens (token_hash, user_id, created_at) VALUES ('t1', 1, 0), ('t7', 7, 0)");
      s.executeUpdate("INSERT INTO guilds (id, name, owner_id, created_at) VALUES (10, 'g', 1, 0)");
      s.executeUpdate("INSERT INTO roles (id, guild_id, name) VALUES (10, 10, '@everyone'), (11, 10, 'mods'), (98, 99, 'gone')");
      s.executeUpdate("INSERT INTO members (guild_id, user_id, joined_at) VALUES (10, 1, 0), (10, 2, 0), (99, 1, 0), (10, 7, 0)");
      s.executeUpdate("INSERT INTO member_roles (guild_id, user_id, role_id) VALUES (10, 2, 11), (10, 3, 11), (10, 2, 55)");
      s.executeUpdate("INSERT INTO channels (id, guild_id, type, name, position, parent_id, created_at) VALUES "
          + "(20, 10, 4, 'cat', 0, NULL, 0), (21, 10, 0, 'child', 0, 20, 0), (22, 99, 0, 'gone', 0, NULL, 0), "
          + "(23, 10, 0, 'lost-parent', 0, 22, 0), (24, NULL, 1, NULL, 0, NULL, 0)");
      s.executeUpdate("INSERT INTO overwrites (channel_id, target_id, type) VALUES (20, 11, 0), (22, 11, 0)");
      s.executeUpdate("INSERT INTO messages (id, channel_id, guild_id, author_id, content, reply_to) VALUES "
          + "(30, 21, 10, 1, 'hi', NULL), (31, 21, 10, 2, 're', 30), (32, 22, 99, 1, 'gone', NULL), (33, 24, NULL, 1, 'dm', NULL), "
          + "(34, 21, 10, 2, 're to a deleted one', 29)");
      s.executeUpdate("INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (30, 1, 'x', 0), (32, 1, 'x', 0)");
      s.executeUpdate("INSERT INTO invites (code, guild_id, inviter_id, created_at) VALUES ('live', 10, 1, 0), ('dead', 99, 1, 0)");
      s.executeUpdate("INSERT INTO bans (guild_id, user_id, created_at) VALUES (10, 5, 0), (99, 2, 0)");
      s.executeUpdate("INSERT INTO events (id, type, guild_id, payload) VALUES (1, 'GUILD_DELETE', 99, '{}')");
    }

    open(url); // applies V5 (and, on SQLite, checks every key afterwards)

    try (Connection c = connect(jdbc); Statement s = c.createStatement()) {
      assertEquals(List.of("t1"), column(s, "SELECT token_hash FROM tokens ORDER BY token_hash"));
      assertEquals(List.of("10", "11"), column(s, "SELECT id FROM roles ORDER BY id"));
      assertEquals(List.of("10:1", "10:2"), column(s, "SELECT guild_id || ':' || user_id FROM members ORDER BY user_id"));
      assertEquals(List.of("10:2:11"), column(s, "SELECT guild_id || ':' || user_id || ':' || role_id FROM member_roles"));
      assertEquals(List.of("20:", "21:20", "23:", "24:"),
          column(s, "SELECT id || ':' || COALESCE(CAST(parent_id AS TEXT), '') FROM channels ORDER BY id"), "a lost parent is cleared");
      assertEquals(List.of("20"), column(s, "SELECT channel_id FROM overwrites"));
      assertEquals(List.of("30:", "31:30", "33:", "34:29"),
          column(s, "SELECT id || ':' || COALESCE(CAST(reply_to AS TEXT), '') FROM messages ORDER BY id"), "replies keep reply_to");
      assertEquals(List.of("30"), column(s, "SELECT message_id FROM reactions"));
      assertEquals(List.of("live"), column(s, "SELECT code FROM invites"));
      assertEquals(List.of("10:5"), column(s, "SELECT guild_id || ':' || user_id FROM bans"));
      assertEquals(List.of("1"), column(s, "SELECT id FROM events"), "the event log is not touched");

      Set<String> indexes = new TreeSet<>(column(s, backend == Backend.SQLITE
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
          : "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey'"));
      assertTrue(indexes.containsAll(Set.of("tokens_user", "roles_guild", "members_user", "member_roles_role", "channels_guild",
          "channels_parent", "messages_channel", "messages_nonce", "invites_guild", "reactions_message")), indexes.toString());
      assertTrue(column(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '5' AND success = "
          + (backend == Backend.SQLITE ? "1" : "TRUE")).equals(List.of("1")));
    }

    // The keys work through the application's own pool: the guild takes everything with it, the DM stays.
    db.writer.query("DELETE FROM guilds WHERE id = 10").execute().await();
    try (Connection c = connect(jdbc); Statement s = c.createStatement()) {
      for (String table : List.of("roles", "members", "member_roles", "overwrites", "reactions", "invites", "bans")) {
        assertEquals(List.of("0"), column(s, "SELECT COUNT(*) FROM " + table), table);
      }
      assertEquals(List.of("24"), column(s, "SELECT id FROM channels"));
      assertEquals(List.of("33"), column(s, "SELECT id FROM messages"));
      assertEquals(List.of("1", "2"), column(s, "SELECT id FROM users ORDER BY id"));
    }
  }

  private static String jdbcUrl(String url) {
    return url.startsWith("jdbc:") ? url : "jdbc:postgresql://" + url.substring(url.indexOf('@') + 1);
  }

  private static Connection connect(String jdbc) throws SQLException {
    return jdbc.startsWith("jdbc:sqlite:") ? DriverManager.getConnection(jdbc) : DriverManager.getConnection(jdbc, "postgres", "");
  }

  private static List<String> column(Statement s, String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
