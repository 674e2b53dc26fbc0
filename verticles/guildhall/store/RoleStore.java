package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;

/** A guild's roles. Positions: @everyone is 0; a higher position outranks a lower one. */
final class RoleStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  RoleStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  Future<JsonArray> list(JsonObject req) {
    return Sql.run(db.reader, sql.rolesOfGuild, Ids.require(req, "guild_id"))
        .map(rows -> new JsonArray(sorted(Rows.map(rows, Rows::role))));
  }

  private static List<JsonObject> sorted(List<JsonObject> roles) {
    roles.sort((a, b) -> a.getInteger("position").equals(b.getInteger("position"))
        ? a.getString("id").compareTo(b.getString("id")) : Integer.compare(a.getInteger("position"), b.getInteger("position")));
    return roles;
  }

  /** A new role starts just above @everyone (position 1, as Discord does); the others move up one. */
  Future<JsonObject> create(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    return writes.submit((tx, conn) -> Sql.run(conn, sql.rolesOfGuild, guildId).compose(rows -> {
      long id = tx.nextId();
      Future<Void> shifted = Future.succeededFuture();
      for (Row row : rows) {
        if (row.getLong("id") != guildId) {
          JsonObject role = Rows.role(row);
          int position = role.getInteger("position") + 1;
          shifted = shifted.compose(v -> Sql.run(conn, sql.setRolePosition, position, row.getLong("id")).map(done -> {
            tx.emit(EventType.GUILD_ROLE_UPDATE, guildId, null, null, roleEvent(guildId, role.put("position", position)), false);
            return null;
          }));
        }
      }
      return shifted.compose(v -> Sql.run(conn, sql.insertRole, id, guildId, req.getString("name", "new role"),
              req.getInteger("color", 0), Long.parseLong(req.getString("permissions", "0")), 1,
              req.getBoolean("hoist", false) ? 1 : 0, req.getBoolean("mentionable", false) ? 1 : 0))
          .compose(v -> role(conn, guildId, id))
          .map(role -> {
            tx.emit(EventType.GUILD_ROLE_CREATE, guildId, null, null, roleEvent(guildId, role));
            return role;
          });
    }));
  }

  Future<JsonObject> update(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long roleId = Ids.require(req, "role_id");
    return writes.submit((tx, conn) -> role(conn, guildId, roleId).compose(current -> {
      String name = roleId == guildId ? "@everyone" : req.getString("name", current.getString("name"));
      int color = req.getInteger("color", current.getInteger("color"));
      long permissions = Long.parseLong(req.getString("permissions", current.getString("permissions")));
      boolean hoist = req.getBoolean("hoist", current.getBoolean("hoist"));
      boolean mentionable = req.getBoolean("mentionable", current.getBoolean("mentionable"));
      return Sql.run(conn, sql.updateRole, name, color, permissions, current.getInteger("position"),
              hoist ? 1 : 0, mentionable ? 1 : 0, roleId)
          .compose(v -> role(conn, guildId, roleId))
          .map(role -> {
            tx.emit(EventType.GUILD_ROLE_UPDATE, guildId, null, null, roleEvent(guildId, role),
                permissions != Long.parseLong(current.getString("permissions")));
            return role;
          });
    }));
  }

  /**
   * Request {guild_id, positions: [{id, position}]}; replies with every role, in order. Every move is
   * checked before the first is saved: one unknown role fails the whole request and changes nothing.
   */
  Future<JsonArray> reorder(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    JsonArray moves = req.getJsonArray("positions");
    return writes.submit((tx, conn) -> Sql.run(conn, sql.rolesOfGuild, guildId).compose(rows -> {
      java.util.Map<Long, JsonObject> roles = new java.util.HashMap<>();
      for (Row row : rows) {
        roles.put(row.getLong("id"), Rows.role(row));
      }
      for (Object m : moves) {
        long roleId = Ids.require((JsonObject) m, "id");
        if (roleId == guildId) {
          throw ApiError.badRequest("id", "@everyone always stays at the bottom");
        }
        if (!roles.containsKey(roleId)) {
          throw ApiError.notFound("role");
        }
      }
      Future<Void> chain = Future.succeededFuture();
      for (Object m : moves) {
        JsonObject move = (JsonObject) m;
        long roleId = Ids.require(move, "id");
        JsonObject role = roles.get(roleId).put("position", move.getInteger("position"));
        chain = chain.compose(v -> Sql.run(conn, sql.setRolePosition, move.getInteger("position"), roleId).map(done -> {
          // A move changes who outranks whom, never what anyone may see.
          tx.emit(EventType.GUILD_ROLE_UPDATE, guildId, null, null, roleEvent(guildId, role), false);
          return null;
        }));
      }
      return chain.compose(v -> Sql.run(conn, sql.rolesOfGuild, guildId)).map(all -> new JsonArray(sorted(Rows.map(all, Rows::role))));
    }));
  }

  Future<JsonObject> delete(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long roleId = Ids.require(req, "role_id");
    if (roleId == guildId) {
      return Future.failedFuture(ApiError.badRequest("role_id", "@everyone cannot be deleted"));
    }
    return writes.submit((tx, conn) -> role(conn, guildId, roleId)
        // Members lose the role by the schema's cascade; overwrites name a role or a member by type, which
        // no foreign key can express, so the role's are deleted here.
        .compose(role -> Sql.run(conn, sql.deleteRoleOverwrites, roleId))
        .compose(v -> Sql.run(conn, sql.deleteRole, roleId))
        .map(v -> {
          tx.emit(EventType.GUILD_ROLE_DELETE, guildId, null, null, Payloads.json(new Payloads.RoleDeleted(guildId, roleId)));
          return new JsonObject();
        }));
  }

  private Future<JsonObject> role(SqlClient conn, long guildId, long roleId) {
    return Sql.one(conn, sql.roleById, roleId, guildId).map(row -> {
      if (row == null) {
        throw ApiError.notFound("role");
      }
      return Rows.role(row);
    });
  }

  static JsonObject roleEvent(long guildId, JsonObject role) {
    return new JsonObject().put("guild_id", Ids.str(guildId)).put("role", role.copy());
  }

  static List<Long> ids(JsonArray array) {
    List<Long> ids = new ArrayList<>();
    for (Object o : array) {
      ids.add(Ids.parse(o, "roles"));
    }
    return ids;
  }
}
