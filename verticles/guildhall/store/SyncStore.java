package guildhall.store;

import guildhall.ApiError;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The reads that keep clients in sync: the snapshot, the event log replay, and the permission state. */
final class SyncStore {
  private final Database db;
  private final SqlQueries sql;

  SyncStore(Database db, SqlQueries sql) {
    this.db = db;
    this.sql = sql;
  }

  /**
   * Everything a user's client draws from, and the id of the last event it reflects, read in one
   * transaction so that no event falls between the content and the cursor.
   */
  Future<JsonObject> snapshot(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    return db.readConsistent(conn -> Future.succeededFuture().compose(v -> {
      GuildAssembler assembler = new GuildAssembler();
      JsonObject snapshot = new JsonObject();
      return Sql.one(conn, sql.newestEventId).compose(cursor -> {
        Long newest = Rows.longOrNull(cursor, "id");
        snapshot.put("cursor", Long.toString(newest == null ? 0 : newest));
        return Sql.one(conn, sql.userById, userId);
      }).compose(user -> {
        if (user == null) {
          throw ApiError.unauthorized("Unknown user");
        }
        snapshot.put("user", Rows.user(user));
        return Sql.run(conn, sql.guildsOfUser, userId);
      }).compose(rows -> {
        assembler.guilds(rows);
        return Sql.run(conn, sql.rolesOfUserGuilds, userId);
      }).compose(rows -> {
        assembler.roles(rows);
        return Sql.run(conn, sql.channelsOfUserGuilds, userId);
      }).compose(rows -> {
        assembler.channels(rows);
        return Sql.run(conn, sql.overwritesOfUserGuilds, userId);
      }).compose(rows -> {
        assembler.overwrites(rows);
        return Sql.run(conn, sql.membersOfUserGuilds, userId);
      }).compose(rows -> {
        assembler.members(rows);
        return Sql.run(conn, sql.memberRolesOfUserGuilds, userId);
      }).map(rows -> snapshot.put("guilds", new JsonArray(assembler.memberRoles(rows).build())));
    }));
  }

  /**
   * Events after a cursor, oldest first, at most {@code limit}. {@code resync} is true when the cursor
   * is older than the retained log: what came between is gone, and only a new snapshot can help.
   */
  Future<JsonObject> eventsSince(JsonObject req) {
    long after = Ids.require(req, "after");
    int limit = req.getInteger("limit", 1000);
    return db.readConsistent(conn -> Sql.one(conn, sql.oldestEventId).compose(oldestRow -> {
      Long oldest = Rows.longOrNull(oldestRow, "id");
      if (oldest != null && after < oldest && isTrimmedPast(after)) {
        return Future.succeededFuture(new JsonObject().put("resync", true).put("events", new JsonArray()));
      }
      return Sql.run(conn, sql.eventsAfter, after, limit).map(rows -> new JsonObject()
          .put("resync", false)
          .put("events", new JsonArray(Rows.map(rows, Rows::event))));
    }));
  }

  /** Whether the log was compacted past a cursor. Until compaction exists nothing is ever trimmed. */
  private boolean isTrimmedPast(long after) {
    return false;
  }

  /** Every guild with roles, channels, overwrites and members: what the permissions verticle decides from. */
  Future<JsonObject> permissionState(JsonObject req) {
    return db.readConsistent(conn -> Future.succeededFuture().compose(v -> {
      GuildAssembler assembler = new GuildAssembler();
      JsonObject state = new JsonObject();
      return Sql.one(conn, sql.newestEventId).compose(cursor -> {
        state.put("cursor", Rows.longOrNull(cursor, "id"));
        return Sql.run(conn, sql.allGuilds);
      }).compose(rows -> {
        assembler.guilds(rows);
        return Sql.run(conn, sql.allRoles);
      }).compose(rows -> {
        assembler.roles(rows);
        return Sql.run(conn, sql.allChannels);
      }).compose(rows -> {
        assembler.channels(rows);
        return Sql.run(conn, sql.allOverwrites);
      }).compose(rows -> {
        assembler.overwrites(rows);
        return Sql.run(conn, sql.allMembers);
      }).compose(rows -> {
        assembler.members(rows);
        return Sql.run(conn, sql.allMemberRoles);
      }).map(rows -> state.put("guilds", new JsonArray(assembler.memberRoles(rows).build())));
    }));
  }
}
