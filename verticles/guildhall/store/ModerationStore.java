package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/** Members' roles, nicknames and timeouts; kicks and bans. Who may do what is decided before this. */
final class ModerationStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  ModerationStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  Future<JsonObject> patchMember(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long userId = Ids.require(req, "user_id");
    Long timeoutUntil = req.containsKey("communication_disabled_until") ? parseTime(req.getString("communication_disabled_until")) : null;
    return writes.submit((tx, conn) -> patchIn(tx, conn, guildId, userId, req, timeoutUntil));
  }

  /** The same change, inside a transaction a caller already holds (a report's resolution times a member out with it). */
  Future<JsonObject> patchIn(Tx tx, SqlClient conn, long guildId, long userId, JsonObject req, Long timeoutUntil) {
    return member(conn, guildId, userId).compose(current -> {
      String nick = req.containsKey("nick") ? blankToNull(req.getString("nick")) : current.getString("nick");
      Long until = req.containsKey("communication_disabled_until") ? timeoutUntil : Rows.longOrNull(current, "communication_disabled_until");
      Future<Void> roles = req.containsKey("roles") ? replaceRoles(conn, guildId, userId, req.getJsonArray("roles")) : Future.succeededFuture();
      return roles
          .compose(v -> Sql.run(conn, sql.updateMember, nick, until, guildId, userId))
          .compose(v -> memberJson(conn, guildId, userId))
          .map(member -> {
            // New roles or a timeout change what the member may see or do; a nickname does not.
            boolean reshapes = req.containsKey("roles") || req.containsKey("communication_disabled_until");
            tx.emit(EventType.GUILD_MEMBER_UPDATE, guildId, null, userId, member, reshapes);
            return member;
          });
    });
  }

  private Future<Void> replaceRoles(SqlClient conn, long guildId, long userId, JsonArray roleIds) {
    return Sql.run(conn, sql.rolesOfGuild, guildId).compose(rows -> {
      Set<Long> known = new HashSet<>();
      for (Row row : rows) {
        known.add(row.getLong("id"));
      }
      Set<Long> wanted = new HashSet<>(RoleStore.ids(roleIds));
      for (long roleId : wanted) {
        if (!known.contains(roleId) || roleId == guildId) {
          return Future.failedFuture(ApiError.badRequest("roles", "roles must be roles of this guild, other than @everyone"));
        }
      }
      Future<Void> chain = Sql.run(conn, sql.deleteMemberRoles, guildId, userId).mapEmpty();
      for (long roleId : wanted) {
        chain = chain.compose(v -> Sql.run(conn, sql.insertMemberRole, guildId, userId, roleId).mapEmpty());
      }
      return chain;
    });
  }

  /** A member leaves of their own accord; the owner cannot (they transfer ownership or delete the guild). */
  Future<JsonObject> leave(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long guildId = Ids.require(req, "guild_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.guildById, guildId).compose(guild -> {
      if (guild == null) {
        throw ApiError.notFound("guild");
      }
      if (guild.getLong("owner_id") == userId) {
        throw ApiError.badRequest("guild_id", "The owner cannot leave; transfer ownership or delete the guild");
      }
      return member(conn, guildId, userId);
    }).compose(member -> remove(tx, conn, guildId, member, Payloads.GuildDeleted.LEFT)));
  }

  Future<JsonObject> kick(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long userId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> kickIn(tx, conn, guildId, userId));
  }

  /** A kick inside a transaction a caller already holds. */
  Future<JsonObject> kickIn(Tx tx, SqlClient conn, long guildId, long userId) {
    return member(conn, guildId, userId).compose(row -> remove(tx, conn, guildId, row, Payloads.GuildDeleted.KICKED));
  }

  /**
   * Removes a member: they get GUILD_DELETE saying why ({@code why}: left, kicked or banned), and nothing
   * more from the guild; the others GUILD_MEMBER_REMOVE.
   */
  private Future<JsonObject> remove(Tx tx, SqlClient conn, long guildId, Row member, String why) {
    long userId = member.getLong("user_id");
    JsonObject user = Rows.member(member).getJsonObject("user");
    return Sql.run(conn, sql.deleteMember, guildId, userId) // their member_roles cascade
        .map(v -> {
          tx.emit(EventType.GUILD_MEMBER_REMOVE, guildId, null, userId, Payloads.json(new Payloads.GuildUser(guildId, user)));
          tx.emit(EventType.GUILD_DELETE, guildId, null, userId, Payloads.json(new Payloads.GuildDeleted(guildId, why)));
          return new JsonObject();
        });
  }

  Future<JsonObject> ban(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long userId = Ids.require(req, "user_id");
    String reason = req.getString("reason");
    return writes.submit((tx, conn) -> banIn(tx, conn, guildId, userId, reason));
  }

  /** A ban inside a transaction a caller already holds. */
  Future<JsonObject> banIn(Tx tx, SqlClient conn, long guildId, long userId, String reason) {
    return Sql.one(conn, sql.userById, userId).compose(user -> {
      if (user == null) {
        throw ApiError.notFound("user");
      }
      return Sql.run(conn, sql.insertBan, guildId, userId, reason, tx.now).compose(inserted -> {
        if (inserted.rowCount() > 0) {
          tx.emit(EventType.GUILD_BAN_ADD, guildId, null, null, Payloads.json(new Payloads.GuildUser(guildId,
              Rows.user(userId, user.getString("username"), user.getString("global_name")))));
        }
        return Sql.one(conn, sql.memberOfGuild, guildId, userId);
      }).compose(member -> member == null ? Future.succeededFuture(new JsonObject()) : remove(tx, conn, guildId, member, Payloads.GuildDeleted.BANNED));
    });
  }

  Future<JsonObject> unban(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long userId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.userById, userId).compose(user -> {
      if (user == null) {
        throw ApiError.notFound("ban");
      }
      return Sql.run(conn, sql.deleteBan, guildId, userId).map(deleted -> {
        if (deleted.rowCount() == 0) {
          throw ApiError.notFound("ban");
        }
        tx.emit(EventType.GUILD_BAN_REMOVE, guildId, null, null, Payloads.json(new Payloads.GuildUser(guildId,
            Rows.user(userId, user.getString("username"), user.getString("global_name")))));
        return new JsonObject();
      });
    }));
  }

  Future<JsonArray> bans(JsonObject req) {
    return Sql.run(db.reader, sql.bansOfGuild, Ids.require(req, "guild_id")).map(rows -> new JsonArray(Rows.map(rows, row ->
        new JsonObject().put("user", Rows.user(row.getLong("user_id"), row.getString("username"), row.getString("global_name")))
            .put("reason", row.getString("reason")))));
  }

  private Future<Row> member(SqlClient conn, long guildId, long userId) {
    return Sql.one(conn, sql.memberOfGuild, guildId, userId).map(row -> {
      if (row == null) {
        throw ApiError.notFound("member");
      }
      return row;
    });
  }

  private Future<JsonObject> memberJson(SqlClient conn, long guildId, long userId) {
    return member(conn, guildId, userId).compose(row -> Sql.run(conn, sql.memberRolesOf, guildId, userId).map(roles -> {
      JsonObject member = Rows.member(row);
      for (Row role : roles) {
        member.getJsonArray("roles").add(Ids.str(role.getLong("role_id")));
      }
      return member;
    }));
  }

  private static Long parseTime(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("communication_disabled_until", "communication_disabled_until must be an ISO 8601 time");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
