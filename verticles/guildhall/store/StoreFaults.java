package guildhall.store;

import guildhall.ApiError;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.util.Set;

/**
 * Tells a fault of the database itself (disk full, I/O error, connection lost) from a fault of one
 * write. A database fault is no request's doing and passes once the cause is gone: its requests get
 * 503, to be retried, and the store keeps going. Anything else stays a 500, logged as a bug.
 */
final class StoreFaults {
  /** SQLite's primary result codes that say the file or its disk, not the statement, is the problem. */
  private static final Set<SQLiteErrorCode> SQLITE_UNAVAILABLE = Set.of(SQLiteErrorCode.SQLITE_FULL,
      SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_CANTOPEN, SQLiteErrorCode.SQLITE_READONLY,
      SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_LOCKED, SQLiteErrorCode.SQLITE_NOMEM,
      SQLiteErrorCode.SQLITE_PROTOCOL, SQLiteErrorCode.SQLITE_CORRUPT, SQLiteErrorCode.SQLITE_NOTADB);

  private StoreFaults() {}

  /** What a client is told: nothing about the server's insides, only that retrying later is the remedy. */
  static ApiError unavailable() {
    return ApiError.unavailable("The database cannot take this request right now; try again shortly");
  }

  static boolean isUnavailable(Throwable failure) {
    return reason(failure) != null;
  }

  /** A short reason for the log and {@code /ready} when {@code failure} is a database fault; null otherwise. */
  static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(sqlite.getResultCode().code & 0xff);
        if (SQLITE_UNAVAILABLE.contains(code)) {
          return code == SQLiteErrorCode.SQLITE_FULL ? "disk or database full (" + code.name() + ")" : code.name() + ": " + code.message;
        }
        return null;
      }
      if (t instanceof io.vertx.pgclient.PgException pg && ("FATAL".equals(pg.getSeverity()) || "PANIC".equals(pg.getSeverity()))) {
        // FATAL ends the session, whatever its SQLSTATE (55000: the database does not take connections now).
        return "PostgreSQL " + pg.getSqlState() + ": " + pg.getErrorMessage();
      }
      if (t instanceof DatabaseException pg && pg.getSqlState() != null) {
        return pgUnavailable(pg.getSqlState()) ? "PostgreSQL " + pg.getSqlState() + ": " + pg.getMessage() : null;
      }
      if (t instanceof ClosedConnectionException) {
        return "connection to the database lost";
      }
      if (t instanceof java.net.ConnectException) {
        return "cannot connect to the database: " + t.getMessage();
      }
      if (t instanceof java.io.IOException) { // the PostgreSQL client's socket (reset, closed); SQLite's errors are SQLExceptions
        return "connection to the database failed: " + t;
      }
      if (t instanceof java.util.concurrent.TimeoutException) {
        return "no database connection within the pool's timeout";
      }
    }
    return null;
  }

  /**
   * SQLSTATE classes that mean the server, not the statement: 08 connection, 53 insufficient resources
   * (53100 disk full), 57P01-57P03 shutting down or starting, 58 system (I/O) errors, 25006 a read-only
   * transaction (a standby after failover).
   */
  private static boolean pgUnavailable(String state) {
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("58")
        || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("25006");
  }
}
