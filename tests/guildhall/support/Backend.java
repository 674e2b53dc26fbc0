package guildhall.support;

import org.junit.jupiter.api.Assumptions;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** Which database a test server runs on: a fresh SQLite file, or a fresh PostgreSQL database. */
public enum Backend {
  SQLITE, POSTGRES;

  static final String PG_HOST = "127.0.0.1";
  static final int PG_PORT = 5432;

  /** A database URL nobody else uses. PostgreSQL absent: skip, except under CI=true, where it fails. */
  public String freshDatabaseUrl(java.nio.file.Path dir) throws Exception {
    if (this == SQLITE) {
      return "jdbc:sqlite:" + dir.resolve("guildhall.db");
    }
    requirePostgres();
    String name = "gh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return "postgresql://postgres@" + PG_HOST + ":" + PG_PORT + "/" + name;
  }

  /** Drops a test's PostgreSQL database once its server is gone, so runs do not pile them up. Best effort. */
  public static void dropIfPostgres(String url) {
    if (!url.startsWith("postgresql://")) {
      return;
    }
    String name = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (Exception e) {
      // left behind: harmless, and named gh_test_* for anyone cleaning up
    }
  }

  static void requirePostgres() {
    boolean reachable;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(PG_HOST, PG_PORT), 1000);
      reachable = true;
    } catch (Exception e) {
      reachable = false;
    }
    if (!reachable) {
      String why = "PostgreSQL is not reachable at " + PG_HOST + ":" + PG_PORT;
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + " (CI=true: PostgreSQL tests must run)");
      }
      Assumptions.abort(why + ": skipping the PostgreSQL run of this test");
    }
  }
}
