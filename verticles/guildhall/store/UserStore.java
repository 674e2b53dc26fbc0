package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Users; their session tokens are {@link SessionStore}'s. */
final class UserStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;
  /** id → {id, username, global_name}: message authors without a query per message. Kept current by USER_UPDATE. */
  private final Map<Long, JsonObject> authors = new HashMap<>();

  UserStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /** {user, password_hash} or {} when nobody has that name. */
  Future<JsonObject> byName(JsonObject req) {
    return Sql.one(db.reader, sql.userByName, key(req.getString("username"))).map(row -> row == null
        ? new JsonObject()
        : new JsonObject().put("user", Rows.user(row)).put("password_hash", row.getString("password_hash")));
  }

  Future<JsonObject> get(JsonObject req) {
    return Sql.one(db.reader, sql.userById, Ids.require(req, "user_id")).map(row -> {
      if (row == null) {
        throw ApiError.unauthorized("Unknown user");
      }
      return Rows.user(row);
    });
  }

  Future<JsonObject> create(JsonObject req) {
    String username = req.getString("username");
    String hash = req.getString("password_hash");
    return writes.submit((tx, conn) -> {
      long id = tx.nextId();
      return Sql.run(conn, sql.insertUser, id, username, key(username), null, hash, tx.now).map(rows -> {
        if (rows.rowCount() == 0) {
          throw ApiError.conflict("username", "That username is taken");
        }
        return Rows.user(id, username, null).put("has_password", hash != null);
      });
    });
  }

  Future<JsonObject> update(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.userById, userId).compose(current -> {
      if (current == null) {
        throw ApiError.unauthorized("Unknown user");
      }
      String username = req.getString("username", current.getString("username"));
      String globalName = req.containsKey("global_name") ? req.getString("global_name") : current.getString("global_name");
      String hash = req.getString("password_hash", current.getString("password_hash"));
      Future<Void> nameFree = username.equals(current.getString("username"))
          ? Future.succeededFuture()
          : Sql.one(conn, sql.userByName, key(username)).map(other -> {
              if (other != null && other.getLong("id") != userId) {
                throw ApiError.conflict("username", "That username is taken");
              }
              return null;
            });
      // A new password ends every other session in the same commit (the one that changed it stays):
      // whoever knew the old one is signed out. The route publishes the hashes in `revoked`.
      boolean newPassword = req.getString("password_hash") != null;
      return nameFree.compose(v -> Sql.run(conn, sql.updateUser, username, key(username), globalName, hash, userId))
          .compose(done -> profileSeenInGuilds(tx, conn, userId))
          .compose(done -> newPassword
              ? SessionStore.endAll(sql, conn, userId, req.getString("keep_token_hash", ""))
              : Future.succeededFuture(new JsonObject()))
          .map(ended -> {
            JsonObject user = Rows.user(userId, username, globalName);
            tx.emit(EventType.USER_UPDATE, null, null, userId, user.copy());
            JsonObject reply = user.copy().put("has_password", hash != null);
            if (ended.containsKey("revoked")) {
              reply.put("revoked", ended.getJsonArray("revoked"));
            }
            return reply;
          });
    }));
  }

  /**
   * Each guild the user is in hears of the new profile as a GUILD_MEMBER_UPDATE, as in Discord: an
   * audience of that guild's members at that moment, which replay can judge exactly.
   */
  private Future<Void> profileSeenInGuilds(Tx tx, SqlConnection conn, long userId) {
    return Sql.run(conn, sql.memberRolesOfUser, userId).compose(roleRows -> Sql.run(conn, sql.membershipsOfUser, userId).map(rows -> {
      java.util.Map<Long, JsonArray> roles = new java.util.HashMap<>();
      for (Row role : roleRows) {
        roles.computeIfAbsent(role.getLong("guild_id"), k -> new JsonArray()).add(Ids.str(role.getLong("role_id")));
      }
      for (Row row : rows) {
        long guildId = row.getLong("guild_id");
        JsonObject member = Rows.member(row).put("roles", roles.getOrDefault(guildId, new JsonArray()));
        tx.emit(EventType.GUILD_MEMBER_UPDATE, guildId, null, userId, member, false);
      }
      return null;
    }));
  }

  /** The author object of a message, from memory when possible. */
  Future<JsonObject> author(io.vertx.sqlclient.SqlClient conn, long userId) {
    JsonObject cached = authors.get(userId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return Sql.one(conn, sql.userById, userId).map(row -> {
      if (row == null) {
        throw ApiError.unauthorized("Unknown user");
      }
      JsonObject author = Rows.user(userId, row.getString("username"), row.getString("global_name"));
      authors.put(userId, author);
      return author;
    });
  }

  /** A mentioned user as a message's {@code mentions} holds them, from memory when possible; null when there is no such user. */
  Future<JsonObject> mentioned(io.vertx.sqlclient.SqlClient conn, long userId) {
    JsonObject cached = authors.get(userId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return Sql.one(conn, sql.mentionedUser, userId).map(row -> {
      if (row == null) {
        return null;
      }
      JsonObject user = Rows.user(userId, row.getString("username"), row.getString("global_name"));
      authors.put(userId, user);
      return user;
    });
  }

  /** A rename committed on any node: the cached author must follow. */
  void onUserUpdated(JsonObject user) {
    authors.put(Long.parseLong(user.getString("id")),
        Rows.user(Long.parseLong(user.getString("id")), user.getString("username"), user.getString("global_name")));
  }

}
