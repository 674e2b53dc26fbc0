package guildhall.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens the database named by {@code database.url}: an SQLite file (the default) or PostgreSQL,
 * after applying the migrations in {@code schema/} with Flyway.
 */
final class Database {
  final Pool writer;
  final Pool reader;
  final boolean sqlite;
  final String description;

  private Database(Pool writer, Pool reader, boolean sqlite, String description) {
    this.writer = writer;
    this.reader = reader;
    this.sqlite = sqlite;
    this.description = description;
  }

  static Future<Database> open(Vertx vertx, JsonObject config) {
    String url = config.getString("url", "jdbc:sqlite:data/guildhall.db");
    return vertx.executeBlocking(() -> {
      if (url.startsWith("jdbc:sqlite:")) {
        return openSqlite(vertx, url, config.getInteger("readers", 2));
      }
      if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
        return openPostgres(vertx, url, config.getInteger("pg_pool", 8));
      }
      throw new IllegalArgumentException("database.url must be jdbc:sqlite:<file> or postgresql://user@host:port/db, was " + guildhall.Config.masked(url));
    });
  }

  private static Database openSqlite(Vertx vertx, String url, int readers) throws Exception {
    String file = url.substring("jdbc:sqlite:".length());
    Path parent = Path.of(file).toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Migrations run with foreign keys off, as SQLite advises for rebuilding tables (and PRAGMA
    // foreign_keys cannot change inside the transaction Flyway runs each migration in): a DROP TABLE
    // with them on would delete, or cascade into, rows a later statement of the same migration still needs.
    SQLiteDataSource migrations = new SQLiteDataSource(sqliteConfig(false));
    migrations.setUrl(url);
    MigrateResult migrated = Flyway.configure().dataSource(migrations).locations("classpath:schema").load().migrate();
    if (migrated.migrationsExecuted > 0) {
      checkForeignKeys(migrations);
    }
    // Every connection the application opens, writer and readers, enforces the keys: SQLite does so only
    // on connections that ask (PRAGMA foreign_keys=ON, which sqlite-jdbc runs as each connection opens).
    SQLiteDataSource dataSource = new SQLiteDataSource(sqliteConfig(true));
    dataSource.setUrl(url);
    // One writer: SQLite has a single write lock, and a pool of writers only fails with SQLITE_BUSY.
    // Readers see a consistent WAL snapshot per transaction, beside the writer.
    Pool writer = JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(1).setName("sqlite-writer"));
    Pool reader = JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(Math.max(1, readers)).setName("sqlite-reader"));
    return new Database(writer, reader, true, "SQLite " + Path.of(file).toAbsolutePath());
  }

  private static SQLiteConfig sqliteConfig(boolean foreignKeys) {
    SQLiteConfig sqliteConfig = new SQLiteConfig();
    sqliteConfig.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // NORMAL in WAL mode: a committed transaction survives the process being killed (it is in the OS's
    // cache); only a power cut may lose the last ones. FULL would fsync every group commit.
    sqliteConfig.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqliteConfig.setBusyTimeout(10_000);
    sqliteConfig.enforceForeignKeys(foreignKeys);
    return sqliteConfig;
  }

  /** After migrations ran with the keys off: every row must satisfy them, or the start fails here rather than on some later delete. */
  private static void checkForeignKeys(SQLiteDataSource dataSource) throws SQLException {
    try (Connection conn = dataSource.getConnection(); Statement check = conn.createStatement();
         ResultSet violations = check.executeQuery("PRAGMA foreign_key_check")) {
      StringBuilder found = new StringBuilder();
      int count = 0;
      while (violations.next()) {
        if (count++ < 10) {
          found.append(' ').append(violations.getString("table")).append(" rowid ").append(violations.getLong("rowid"))
              .append(" -> ").append(violations.getString("parent")).append(';');
        }
      }
      if (count > 0) {
        throw new IllegalStateException("After migrating, " + count + " rows break a foreign key:" + found);
      }
    }
  }

  private static Database openPostgres(Vertx vertx, String url, int poolSize) {
    PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
    String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Flyway.configure().dataSource(jdbcUrl, options.getUser(), options.getPassword())
        .locations("classpath:schema").load().migrate();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(poolSize)).connectingTo(options).using(vertx).build();
    return new Database(pool, pool, false, "PostgreSQL " + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase());
  }

  /**
   * Runs reads in one read transaction: they all see the database as of one moment. Explicit BEGIN and
   * COMMIT rather than the pool's withTransaction, which leaves a JDBC connection out of autocommit
   * afterwards, so that later plain reads on it keep seeing that old moment.
   */
  <T> Future<T> readConsistent(java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<T>> reads) {
    String begin = sqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    return reader.withConnection(conn -> conn.query(begin).execute()
        .compose(v -> reads.apply(conn))
        .transform(outcome -> conn.query(outcome.succeeded() ? "COMMIT" : "ROLLBACK").execute()
            .transform(ended -> outcome.succeeded() ? Future.succeededFuture(outcome.result()) : Future.failedFuture(outcome.cause()))));
  }

  Future<Void> close() {
    return writer == reader ? writer.close() : Future.join(writer.close(), reader.close()).mapEmpty();
  }
}
