package guildhall;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code bin/guildhall backup <file> [config]}: a consistent copy of the SQLite database while the server
 * runs, through SQLite's online backup (readers and the writer go on; the copy is one point in time).
 * PostgreSQL has its own tool for that: the command says so and which.
 */
public final class Backup {
  private Backup() {}

  /** Returns the process's exit status: 0 done, 2 nothing to do here (with a line saying why). */
  public static int run(JsonObject config, String target) throws SQLException {
    String url = config.getJsonObject("database", new JsonObject()).getString("url", "jdbc:sqlite:data/guildhall.db");
    if (!url.startsWith("jdbc:sqlite:")) {
      System.err.println("backup: the database is PostgreSQL (" + Config.masked(url) + "); use pg_dump --format=custom, see the README");
      return 2;
    }
    Path source = Path.of(url.substring("jdbc:sqlite:".length()));
    if (!Files.exists(source)) {
      System.err.println("backup: no database at " + source.toAbsolutePath());
      return 2;
    }
    if (Files.exists(Path.of(target))) {
      System.err.println("backup: " + target + " exists already; name a new file");
      return 2;
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.setQueryTimeout(0);
      s.executeUpdate("backup to " + target.replace(" ", "\\ "));
    }
    System.out.println("backup: " + source + " copied to " + target);
    return 0;
  }
}
