package guildhall.store;

import guildhall.ApiError;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * Session tokens as the rows a user sees and ends. Only a token's SHA-256 is stored; a session is
 * named to the client by its opaque {@code session_id}, never by that hash. Whatever ends sessions
 * answers the hashes it removed ({@code revoked}), for the HTTP layer to publish: each node then
 * forgets them and ends the streams they opened.
 */
final class SessionStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  SessionStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  /** {token_hash, user_id, device} → {session_id}. */
  Future<JsonObject> create(JsonObject req) {
    return writes.submit((tx, conn) -> {
      long sessionId = tx.nextId();
      return Sql.run(conn, sql.insertToken, req.getString("token_hash"), Ids.require(req, "user_id"), tx.now, sessionId, tx.now,
              req.getString("device"))
          .map(rows -> new JsonObject().put("session_id", Ids.str(sessionId)));
    });
  }

  /** {token_hash} → {user_id, last_used_at}, or 401. */
  Future<JsonObject> resolve(JsonObject req) {
    return Sql.one(db.reader, sql.tokenUser, req.getString("token_hash")).map(row -> {
      if (row == null) {
        throw ApiError.unauthorized("Invalid token");
      }
      Long lastUsed = row.getLong("last_used_at");
      return new JsonObject().put("user_id", row.getLong("user_id")).put("last_used_at", lastUsed == null ? 0L : lastUsed);
    });
  }

  /** {token_hash, at}: the session was used; a write that finds a fresher last use changes nothing. */
  Future<JsonObject> touch(JsonObject req) {
    long at = req.getLong("at");
    return writes.submit((tx, conn) -> Sql.run(conn, sql.touchToken, at, req.getString("token_hash"), at - 60_000)
        .map(rows -> new JsonObject()));
  }

  /** {token_hash}: this token's session ends (logout). */
  Future<JsonObject> delete(JsonObject req) {
    String hash = req.getString("token_hash");
    return writes.submit((tx, conn) -> Sql.run(conn, sql.deleteToken, hash)
        .map(rows -> new JsonObject().put("revoked", new JsonArray().add(hash))));
  }

  /**
   * {user_id, token_hash} → {sessions}: the user's sessions, oldest first, {@code current} for the
   * caller's. A token from before sessions had ids gets one now (a write, hence through the commit queue).
   */
  Future<JsonObject> list(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    String current = req.getString("token_hash");
    return writes.submit((tx, conn) -> Sql.run(conn, sql.sessionsOfUser, userId).compose(rows -> {
      JsonArray sessions = new JsonArray();
      Future<Void> named = Future.succeededFuture();
      for (Row row : rows) {
        Long sessionId = row.getLong("session_id");
        String hash = row.getString("token_hash");
        if (sessionId == null) {
          long id = tx.nextId();
          sessionId = id;
          named = named.compose(v -> Sql.run(conn, sql.nameSession, id, hash).mapEmpty());
        }
        Long lastUsed = row.getLong("last_used_at");
        sessions.add(new JsonObject()
            .put("id", Ids.str(sessionId))
            .put("device", row.getString("device") == null ? "Unknown device" : row.getString("device"))
            .put("created_at", Rows.iso(row.getLong("created_at")))
            .put("last_used_at", Rows.iso(lastUsed == null ? row.getLong("created_at") : lastUsed))
            .put("current", hash.equals(current)));
      }
      return named.map(v -> new JsonObject().put("sessions", sessions));
    }));
  }

  /** {user_id, session_id} → {revoked}; 404 when the user has no such session (another's is no such session). */
  Future<JsonObject> end(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long sessionId = Ids.require(req, "session_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.sessionToken, userId, sessionId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("session");
      }
      String hash = row.getString("token_hash");
      return Sql.run(conn, sql.deleteToken, hash).map(rows -> new JsonObject().put("revoked", new JsonArray().add(hash)));
    }));
  }

  /** {user_id} → {revoked}: every session of the user ends, the caller's too. */
  Future<JsonObject> endAll(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> endAll(sql, conn, userId, null));
  }

  /**
   * Ends the user's sessions but {@code keep}'s (all when null), in the caller's transaction: a password
   * change ends the other sessions in the same commit as the new hash.
   */
  static Future<JsonObject> endAll(SqlQueries sql, SqlConnection conn, long userId, String keep) {
    return Sql.run(conn, sql.tokensOfUser, userId).compose(rows -> {
      List<String> revoked = new ArrayList<>();
      for (Row row : rows) {
        if (!row.getString("token_hash").equals(keep)) {
          revoked.add(row.getString("token_hash"));
        }
      }
      Future<?> deleted = keep == null ? Sql.run(conn, sql.deleteTokensOfUser, userId) : Sql.run(conn, sql.deleteOtherTokens, userId, keep);
      return deleted.map(done -> new JsonObject().put("revoked", new JsonArray(revoked)));
    });
  }
}
