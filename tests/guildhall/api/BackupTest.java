package guildhall.api;

import guildhall.Backup;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/guildhall backup}: a copy of the live SQLite database, made while the server runs, holds what was acknowledged. */
class BackupTest extends AsyncApiTestBase {

  @Test
  @DisplayName("a backup taken while the server runs holds an acknowledged message; a second backup to the same file is refused")
  void backupWhileRunning(VertxTestContext ctx) {
    Path target = app.dir.resolve("backup-" + System.nanoTime() + ".db");
    JsonObject config = new JsonObject().put("database", new JsonObject().put("url", app.databaseUrl));
    twoInAGuild(api, "keeper", "reader")
        .compose(t -> t.owner().post("/channels/" + t.channel() + "/messages", new JsonObject().put("content", "keep me safe")))
        .compose(sent -> blocking(() -> {
          assertEquals(200, sent.status(), sent.toString());
          assertEquals(0, Backup.run(config, target.toString()));
          assertTrue(Files.size(target) > 0);
          try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
               PreparedStatement q = c.prepareStatement("SELECT content FROM messages WHERE id = ?")) {
            q.setLong(1, Long.parseLong(sent.json().getString("id")));
            try (ResultSet r = q.executeQuery()) {
              assertTrue(r.next(), "the acknowledged message is in the copy");
              assertEquals("keep me safe", r.getString(1));
            }
          }
          assertEquals(2, Backup.run(config, target.toString()), "an existing file is never overwritten");
          assertEquals(2, Backup.run(new JsonObject().put("database", new JsonObject().put("url", "postgresql://u:secret@h/db")), target + "x"),
              "PostgreSQL backups are pg_dump's job");
          return null;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
