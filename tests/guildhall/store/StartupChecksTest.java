package guildhall.store;

import guildhall.support.Backend;
import guildhall.support.GuildhallProcess;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database this build cannot use stops the start: the process exits non-zero (3: restarting will not
 * help, so systemd does not) after one log line that says what is wrong and what to do. Each case starts
 * Guildhall as its own JVM, as an operator would; the databases are real ones a server wrote and closed.
 * (No Vert.x in the test itself: it only watches a process and reads its log.)
 */
class StartupChecksTest {

  @Test
  @DisplayName("A database file with overwritten pages stops the start with one line naming the file as corrupt, exit 3")
  void corruptPages() throws Exception {
    Path db = realSqliteDatabase();
    long size = Files.size(db);
    byte[] garbage = new byte[8192];
    new Random(42).nextBytes(garbage);
    try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
      file.seek(Math.min(4096 * 2, size - garbage.length)); // past the header: pages of tables, as a bad disk would spoil them
      file.write(garbage);
    }
    refusesToStart("jdbc:sqlite:" + db, "is corrupt");
  }

  @Test
  @DisplayName("A file that is not an SQLite database (its header overwritten) stops the start the same way")
  void overwrittenHeader() throws Exception {
    Path db = realSqliteDatabase();
    try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
      file.write("this is no database at all".getBytes());
    }
    refusesToStart("jdbc:sqlite:" + db, "is corrupt or not an SQLite database");
  }

  @Test
  @DisplayName("An SQLite database migrated by a newer build (a schema version this one lacks) stops the start, exit 3")
  void newerSchemaSqlite() throws Exception {
    Path db = realSqliteDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      addFutureMigration(c);
    }
    refusesToStart("jdbc:sqlite:" + db, "has schema version 999, newer than this build knows");
  }

  @Test
  @DisplayName("A PostgreSQL database migrated by a newer build stops the start the same way")
  void newerSchemaPostgres() throws Exception {
    String url = Backend.POSTGRES.freshDatabaseUrl(Files.createTempDirectory("guildhall-startup"));
    String name = url.substring(url.lastIndexOf('/') + 1);
    startOn(url).close(); // migrated by this build, as a running node leaves it
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "")) {
      addFutureMigration(c);
    }
    try {
      refusesToStart(url, "has schema version 999, newer than this build knows");
    } finally {
      Backend.dropIfPostgres(url);
    }
  }

  @Test
  @DisplayName("A database an older build left (its last migration not yet applied) is migrated on start, its data kept")
  void olderSchemaIsMigrated() throws Exception {
    Path db = realSqliteDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      // As the build before V13 left it: no session columns on tokens, and no V13 in the history.
      s.execute("DROP INDEX tokens_session");
      for (String column : List.of("session_id", "last_used_at", "device")) {
        s.execute("ALTER TABLE tokens DROP COLUMN " + column);
      }
      s.execute("DELETE FROM flyway_schema_history WHERE version = '13'");
    }
    try (TestApp app = startOn("jdbc:sqlite:" + db)) {
      var keeper = app.client().login("keeper");
      var snapshot = keeper.get("/snapshot");
      assertEquals(200, snapshot.status(), snapshot.toString());
      assertEquals(1, snapshot.json().getJsonArray("guilds").size(), "the guild made before the upgrade");
      // The sessions list reads the columns V13 adds, so it answers only if the start applied it: the
      // sign-in from before the upgrade and this one.
      var sessions = keeper.get("/users/@me/sessions");
      assertEquals(200, sessions.status(), sessions.toString());
      assertEquals(2, sessions.array().size(), sessions.toString());
    }
  }

  /** A server ran on it, wrote to it, and closed it cleanly (its WAL checkpointed into the file). */
  private static Path realSqliteDatabase() throws Exception {
    Path db;
    try (TestApp app = TestApp.start()) {
      var owner = app.client().login("keeper");
      var guild = owner.post("/guilds", new JsonObject().put("name", "g")).json();
      String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
      for (int i = 0; i < 50; i++) {
        assertEquals(200, owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "message " + i + " " + "x".repeat(200))).status());
      }
      db = app.dir.resolve("guildhall.db");
    }
    Path copy = Files.createTempDirectory("guildhall-startup").resolve("copy.db");
    Files.copy(db, copy);
    return copy;
  }

  /** A server on {@code url}, which it leaves in place when it closes (TestApp drops only the database it made). */
  private static TestApp startOn(String url) {
    return TestApp.start(Backend.SQLITE, new JsonObject().put("database", new JsonObject().put("url", url)));
  }

  private static void addFutureMigration(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, "
          + "installed_on, execution_time, success) SELECT MAX(installed_rank) + 1, '999', 'from a newer build', 'SQL', "
          + "'V999__from_a_newer_build.sql', 0, 'test', CURRENT_TIMESTAMP, 1, " + (c.getMetaData().getURL().contains("sqlite") ? "1" : "true")
          + " FROM flyway_schema_history");
    }
  }

  private static void refusesToStart(String databaseUrl, String expected) throws Exception {
    try (GuildhallProcess node = GuildhallProcess.start(databaseUrl)) {
      int exit = node.awaitExit(60_000);
      String output = node.output();
      assertEquals(3, exit, "exit status; output:\n" + output);
      List<String> errors = output.lines().filter(line -> line.contains("ERROR")).toList();
      assertEquals(1, errors.size(), "one error line; output:\n" + output);
      assertTrue(errors.get(0).contains("Guildhall cannot start: ") && errors.get(0).contains(expected), errors.get(0));
      assertTrue(output.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace; output:\n" + output);
    }
  }
}
