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
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
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
        return openSqlite(vertx, url, config.getInteger("readers", 2), config.getBoolean("check_on_start", true));
      }
      if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
        return openPostgres(vertx, url, config.getInteger("pg_pool", 8));
      }
      throw new IllegalArgumentException("database.url must be jdbc:sqlite:<file> or postgresql://user@host:port/db, was " + guildhall.Config.masked(url));
    });
  }

  private static Database openSqlite(Vertx vertx, String url, int readers, boolean checkOnStart) throws Exception {
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
    Path path = Path.of(file).toAbsolutePath();
    String where = "The SQLite database " + path;
    try {
      if (checkOnStart && Files.exists(path) && Files.size(path) > 0) {
        quickCheck(migrations, where);
      }
      if (migrate(Flyway.configure().dataSource(migrations), where) > 0) {
        checkForeignKeys(migrations);
      }
    } catch (SQLException | FlywayException e) {
      throw unusable(where, e);
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

  /**
   * Applies {@code schema/}, unless the database was migrated by a newer build: Flyway would skip the
   * unknown versions ("future" migrations) and let this build run on tables it does not know. Answers
   * how many migrations ran.
   */
  private static int migrate(FluentConfiguration configure, String where) {
    Flyway flyway = configure.locations("classpath:schema").load();
    MigrationInfo[] all = flyway.info().all();
    MigrationVersion newest = null;
    MigrationVersion known = null;
    for (MigrationInfo migration : all) {
      if (migration.getVersion() == null) {
        continue;
      }
      boolean future = migration.getState() == MigrationState.FUTURE_SUCCESS || migration.getState() == MigrationState.FUTURE_FAILED;
      if (future && (newest == null || migration.getVersion().compareTo(newest) > 0)) {
        newest = migration.getVersion();
      } else if (!future && (known == null || migration.getVersion().compareTo(known) > 0)) {
        known = migration.getVersion();
      }
    }
    if (newest != null) {
      throw new UnusableDatabase(where + " has schema version " + newest + ", newer than this build knows (" + known
          + "): run the newer Guildhall that migrated it, or restore a backup taken before that upgrade", false);
    }
    return flyway.migrate().migrationsExecuted;
  }

  /**
   * {@code PRAGMA quick_check}: a corrupt file stops the start here, not with a 500 on whichever page it
   * breaks. It reads the whole file (measured: 0.3 s for 200 MB from the page cache), so
   * {@code database.check_on_start: false} skips it for a very large one.
   */
  private static void quickCheck(SQLiteDataSource dataSource, String where) throws SQLException {
    try (Connection conn = dataSource.getConnection(); Statement check = conn.createStatement();
         ResultSet result = check.executeQuery("PRAGMA quick_check(3)")) {
      StringBuilder problems = new StringBuilder();
      while (result.next()) {
        String line = result.getString(1);
        if (!"ok".equals(line)) {
          problems.append(problems.length() == 0 ? "" : "; ").append(line);
        }
      }
      if (problems.length() > 0) {
        throw new UnusableDatabase(where + " is corrupt (quick_check: " + problems
            + "): restore it from a backup (bin/guildhall backup)", false);
      }
    }
  }

  /** What an SQLite failure at start means to the operator, in one line; anything else goes on as it was. */
  private static RuntimeException unusable(String where, Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(sqlite.getResultCode().code & 0xff);
        if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
          return new UnusableDatabase(where + " is corrupt or not an SQLite database (" + code.name()
              + "): restore it from a backup (bin/guildhall backup)", false);
        }
        // A disk not yet mounted, or a permission fixed meanwhile: a restart may well succeed, so no "do not restart" code.
        return new UnusableDatabase(where + " cannot be read or written (" + code.name() + ": " + code.message
            + "): check the file, its folder and their permissions", true);
      }
    }
    return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
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
    migrate(Flyway.configure().dataSource(jdbcUrl, options.getUser(), options.getPassword()),
        "The PostgreSQL database " + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase());
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
