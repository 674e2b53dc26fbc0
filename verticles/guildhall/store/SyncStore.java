package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reads that keep clients in sync: the snapshot, the event log replay, and the permission state. */
final class SyncStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  /** guilds.large_threshold: above it, a guild's snapshot holds a page of its members, not all. */
  private final int largeThreshold;

  SyncStore(Database db, SqlQueries sql, GroupCommit writes, int largeThreshold) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
    this.largeThreshold = largeThreshold;
  }

  /**
   * The cluster's commit order has handed on every event through {@code until} (absent when alone: one
   * node commits in id order). Past it, a committed event may still have a smaller id coming before it.
   */
  private static long until(JsonObject req) {
    Long until = Ids.get(req, "until");
    return until == null ? Long.MAX_VALUE : until;
  }

  /**
   * Everything a user's client draws from, and the id of the last event it reflects, read in one
   * transaction so that no event falls between the content and the cursor. In a cluster the cursor is
   * no later than the commit order's {@code until}, read before: an event after it that the snapshot
   * already shows is replayed again (clients apply events idempotently), but none before it is missing.
   */
  Future<JsonObject> snapshot(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    // Every read sent at once, not one after another: none depends on another (the large guilds' pages
    // wait only for the member counts), and the connection runs them in the order sent, within the one
    // transaction, so the snapshot waits for about two round trips through the event loop instead of ~25.
    return db.readConsistent(conn -> {
      Future<Row> cursor = Sql.one(conn, sql.newestEventId);
      Future<Row> user = Sql.one(conn, sql.userById, userId);
      Future<Row> presence = Sql.one(conn, sql.presenceOfUser, userId);
      Future<RowSet<Row>> guilds = Sql.run(conn, sql.guildsOfUser, userId);
      Future<RowSet<Row>> roles = Sql.run(conn, sql.rolesOfUserGuilds, userId);
      Future<RowSet<Row>> channels = Sql.run(conn, sql.channelsOfUserGuilds, userId);
      Future<RowSet<Row>> threads = Sql.run(conn, sql.threadsOfUserGuilds, userId);
      Future<RowSet<Row>> threadMembers = Sql.run(conn, sql.threadMembershipsOfUser, userId);
      Future<RowSet<Row>> overwrites = Sql.run(conn, sql.overwritesOfUserGuilds, userId);
      Future<RowSet<Row>> memberCounts = Sql.run(conn, sql.memberCountsOfUserGuilds, userId);
      // Small guilds whole; a large one as its first page and the user's own record (see largeGuildMembers).
      Future<RowSet<Row>> members = Sql.run(conn, sql.membersOfUserSmallGuilds, userId, (long) largeThreshold);
      Future<RowSet<Row>> memberRoles = Sql.run(conn, sql.memberRolesOfUserSmallGuilds, userId, (long) largeThreshold);
      Future<RowSet<Row>> openReports = Sql.run(conn, sql.openReportCountsOfUserGuilds, userId);
      Future<JsonArray> privateChannels = PrivateChannelStore.ofUser(sql, conn, userId);
      Future<RowSet<Row>> relationships = Sql.run(conn, sql.relationshipsOfUser, userId);
      Future<JsonArray> settings = NotificationSettingsStore.ofUser(sql, conn, userId);
      Future<JsonArray> readStates = ReadStateStore.ofUser(sql, conn, userId);
      // The large guilds' pages go out as soon as the counts say which guilds are large.
      Future<Map<Long, JsonArray>> large = memberCounts.compose(counts -> {
        List<Long> largeIds = new ArrayList<>();
        for (Row row : counts) {
          if (guildhall.Config.isLarge(((Number) row.getValue("count")).intValue(), largeThreshold)) {
            largeIds.add(row.getLong("guild_id"));
          }
        }
        return largeGuildMembers(conn, largeIds, userId);
      });
      // join, not all: every statement has ended, whatever failed, before the transaction ends.
      return Future.join(List.of(cursor, user, presence, guilds, roles, channels, threads, threadMembers, overwrites,
          memberCounts, members, memberRoles, openReports, privateChannels, relationships, settings, readStates, large)).map(all -> {
        if (user.result() == null) {
          throw ApiError.unauthorized("Unknown user");
        }
        JsonObject snapshot = new JsonObject();
        Long newest = Rows.longOrNull(cursor.result(), "id");
        snapshot.put("cursor", Long.toString(Math.min(newest == null ? 0 : newest, until(req))));
        snapshot.put("user", Rows.user(user.result()));
        snapshot.put("presence", PresenceStore.chosen(presence.result()));
        // In the order the assembler builds on: the guilds first, their members' roles after their members.
        GuildAssembler assembler = new GuildAssembler();
        assembler.guilds(guilds.result()).roles(roles.result()).channels(channels.result()).threads(threads.result())
            .threadMembers(threadMembers.result()).overwrites(overwrites.result())
            .memberCounts(memberCounts.result(), largeThreshold)
            .members(members.result()).memberRoles(memberRoles.result());
        large.result().forEach(assembler::addMembers);
        List<JsonObject> built = assembler.build();
        // Every guild's count, in the same read; Visibility keeps it for moderators (MANAGE_MESSAGES) only.
        Map<String, Integer> open = new HashMap<>();
        for (Row row : openReports.result()) {
          open.put(Ids.str(row.getLong("guild_id")), ((Number) row.getValue("count")).intValue());
        }
        for (JsonObject guild : built) {
          guild.put("open_report_count", open.getOrDefault(guild.getString("id"), 0));
          for (Object member : guild.getJsonArray("members")) {
            Rows.listed((JsonObject) member);
          }
        }
        snapshot.put("guilds", new JsonArray(built));
        snapshot.put("private_channels", privateChannels.result());
        snapshot.put("relationships", PrivateChannelStore.relationships(relationships.result()));
        snapshot.put("user_guild_settings", settings.result());
        return snapshot.put("read_states", readStates.result());
      });
    });
  }

  /**
   * A large guild's members in the snapshot: the first page of its member list (what the client's list
   * draws first, the same page {@code GET /guilds/{id}/members} answers) and the user's own record. The
   * rest the client pages in as it scrolls; everyone else's presence follows who is included.
   */
  private Future<Map<Long, JsonArray>> largeGuildMembers(io.vertx.sqlclient.SqlConnection conn,
                                                                   Collection<Long> largeGuildIds, long userId) {
    Map<Long, Future<JsonArray>> pages = new LinkedHashMap<>();
    Map<Long, Future<JsonObject>> selves = new LinkedHashMap<>();
    for (long guildId : largeGuildIds) {
      pages.put(guildId, MemberPages.page(sql, conn, guildId, 0, MemberPages.FIRST_PAGE));
      selves.put(guildId, MemberPages.one(sql, conn, guildId, userId));
    }
    List<Future<?>> all = new ArrayList<>(pages.values());
    all.addAll(selves.values());
    return Future.join(all).map(done -> {
      Map<Long, JsonArray> members = new LinkedHashMap<>();
      pages.forEach((guildId, page) -> {
        JsonObject self = selves.get(guildId).result();
        members.put(guildId, self == null ? page.result() : page.result().add(self));
      });
      return members;
    });
  }

  /**
   * Events after a cursor, oldest first, at most {@code limit}. {@code resync} is true when what came
   * after the cursor may be gone (the log was compacted past it) or the cursor is not one of ours (from
   * the future): only a new snapshot can help then. Never past {@code until} (see there): what comes
   * after it reaches the stream live, in order.
   */
  Future<JsonObject> eventsSince(JsonObject req) {
    long after = Ids.require(req, "after");
    boolean firstPage = req.getBoolean("first_page", true);
    int limit = req.getInteger("limit", 1000);
    long from = after;
    long until = until(req);
    return db.readConsistent(conn -> Sql.one(conn, sql.trimmedThrough).compose(state -> {
      long trimmed = state == null ? 0 : Rows.longOrNull(state, "trimmed_through");
      boolean fromTheFuture = guildhall.Snowflake.timestampMs(after) > System.currentTimeMillis() + 60_000;
      if (after < trimmed || fromTheFuture) {
        return Future.succeededFuture(new JsonObject().put("resync", true).put("events", new JsonArray()));
      }
      JsonObject page = new JsonObject().put("resync", false);
      return memberships(conn, req, from, firstPage, page)
          .compose(v -> Sql.run(conn, sql.eventsBetween, from, until, limit))
          .map(rows -> page.put("events", new JsonArray(Rows.map(rows, Rows::event))));
    }));
  }

  /**
   * On a replay's first page, the replaying user's membership changes after the cursor: {@code
   * memberships_begun} {guild id: id of the GUILD_CREATE that began their first membership since}, and
   * {@code memberships_ended}, the guilds whose membership ended since. A guild's events before its
   * reader joined are not theirs to replay; across an ended membership, only a snapshot can say what was.
   */
  private Future<Void> memberships(io.vertx.sqlclient.SqlConnection conn, JsonObject req, long from, boolean firstPage, JsonObject page) {
    Long userId = Ids.get(req, "user_id");
    if (!firstPage || userId == null) {
      return Future.succeededFuture();
    }
    return Sql.run(conn, sql.membershipChangesAfter, userId, from, EventType.GUILD_CREATE.name(), EventType.GUILD_DELETE.name()).map(rows -> {
      JsonObject begun = new JsonObject();
      JsonArray ended = new JsonArray();
      for (Row row : rows) {
        String guildId = Long.toString(row.getLong("guild_id"));
        if (EventType.valueOf(row.getString("type")) == EventType.GUILD_DELETE) {
          ended.add(guildId);
        } else if (!begun.containsKey(guildId)) {
          begun.put(guildId, row.getLong("id"));
        }
      }
      page.put("memberships_begun", begun).put("memberships_ended", ended);
      return null;
    });
  }

  /**
   * Trims the event log to its retention: at most {@code retentionCount} events and none older than
   * {@code retentionMs}, and remembers how far it trimmed, so that older cursors get RESYNC.
   */
  Future<Long> compact(int retentionCount, long retentionMs) {
    long byAge = guildhall.Snowflake.firstAt(System.currentTimeMillis() - retentionMs) - 1;
    return Sql.one(db.reader, sql.eventAtDepth, retentionCount).compose(row -> {
      long byCount = row == null ? 0 : row.getLong("id");
      long cutoff = Math.max(byAge, byCount);
      if (cutoff <= 0) {
        return Future.succeededFuture(0L);
      }
      return writes.submit((tx, conn) -> Sql.run(conn, sql.setTrimmedThrough, cutoff, cutoff)
          .compose(v -> Sql.run(conn, sql.deleteEventsThrough, cutoff))
          .map(deleted -> (long) deleted.rowCount()));
    });
  }

  /**
   * Every guild with roles, channels, overwrites and members, every DM and group DM with its recipients,
   * and every block: what the permissions verticle decides from.
   */
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
        return Sql.run(conn, sql.allThreads);
      }).compose(rows -> {
        assembler.threads(rows);
        return Sql.run(conn, sql.allOverwrites);
      }).compose(rows -> {
        assembler.overwrites(rows);
        return Sql.run(conn, sql.allMembers);
      }).compose(rows -> {
        assembler.members(rows);
        return Sql.run(conn, sql.allMemberRoles);
      }).compose(rows -> {
        state.put("guilds", new JsonArray(assembler.memberRoles(rows).build()));
        return Sql.run(conn, sql.allPrivateChannels);
      }).compose(channels -> Sql.run(conn, sql.allRecipients).map(recipients -> PrivateChannelStore.assemble(channels, recipients)))
      .compose(privateChannels -> {
        state.put("private_channels", new JsonArray(privateChannels));
        return Sql.run(conn, sql.allRelationships);
      }).map(rows -> {
        JsonArray relationships = new JsonArray();
        for (Row row : rows) {
          relationships.add(new JsonObject().put("user_id", Ids.str(row.getLong("user_id")))
              .put("target_id", Ids.str(row.getLong("target_id"))).put("type", row.getInteger("type")));
        }
        return state.put("relationships", relationships);
      });
    }));
  }
}
