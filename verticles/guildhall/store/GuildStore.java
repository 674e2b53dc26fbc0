package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import guildhall.permissions.Permissions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.security.SecureRandom;

/** Guilds, their members and invites. */
final class GuildStore {
  private static final String INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final long DEFAULT_INVITE_AGE_S = 86_400; // 1 day

  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;
  private final SecureRandom random = new SecureRandom();

  /** guilds.large_threshold: above it, a guild shown to one member holds a page of members, not all. */
  private final int largeThreshold;

  GuildStore(Database db, SqlQueries sql, GroupCommit writes, int largeThreshold) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
    this.largeThreshold = largeThreshold;
  }

  /** A whole guild as the client draws it: roles, channels with overwrites, members with roles. */
  Future<JsonObject> full(SqlClient client, long guildId) {
    return full(client, guildId, null);
  }

  /**
   * As {@link #full(SqlClient, long)}, shown to {@code viewerId}: a large guild (see guilds.large_threshold)
   * then holds, as in the snapshot, the first page of its members and the viewer's own record, with
   * {@code member_count} and {@code large}; a join of a 20,000-member guild must not read and send all of them.
   */
  Future<JsonObject> full(SqlClient client, long guildId, Long viewerId) {
    return full(client, guildId, viewerId, true);
  }

  /**
   * The guild a join answers with (and sends its joiner as GUILD_CREATE): as {@link #full(SqlClient, long, Long)},
   * but a large guild holds only the joiner's own record, not the first page. Nothing of the list is on
   * screen yet, and the client pages it in when it shows it; the page made each join of a busy guild
   * read a hundred members and log them in its event (~25 KB a join, 220,000 joins in the community benchmark).
   */
  private Future<JsonObject> joined(SqlClient client, long guildId, long userId) {
    return full(client, guildId, userId, false);
  }

  private Future<JsonObject> full(SqlClient client, long guildId, Long viewerId, boolean firstPage) {
    GuildAssembler assembler = new GuildAssembler();
    // Sent together, not one after another: none depends on another, and a connection runs its
    // statements in the order sent (PostgreSQL's pipeline, or the JDBC client's ordered worker queue), so
    // they wait for one round trip through the event loop instead of seven. A join does this in the write
    // transaction, where every round trip holds up the whole batch.
    Future<io.vertx.sqlclient.RowSet<Row>> guild = Sql.run(client, sql.guildById, guildId);
    Future<io.vertx.sqlclient.RowSet<Row>> roles = Sql.run(client, sql.rolesOfGuild, guildId);
    Future<io.vertx.sqlclient.RowSet<Row>> channels = Sql.run(client, sql.channelsOfGuild, guildId);
    Future<io.vertx.sqlclient.RowSet<Row>> threads = Sql.run(client, sql.threadsOfGuild, guildId);
    Future<io.vertx.sqlclient.RowSet<Row>> threadMembers = Sql.run(client, sql.threadMembersOfGuild, guildId);
    Future<io.vertx.sqlclient.RowSet<Row>> overwrites = Sql.run(client, sql.overwritesOfGuild, guildId);
    Future<io.vertx.sqlclient.RowSet<Row>> memberCounts = viewerId == null ? Future.succeededFuture(null)
        : Sql.run(client, sql.memberCountOfGuild, guildId);
    // join, not all: every statement has ended, whatever failed, before the transaction may move on.
    return Future.join(java.util.List.of(guild, roles, channels, threads, threadMembers, overwrites, memberCounts)).compose(all -> {
      assembler.guilds(guild.result()).roles(roles.result()).channels(channels.result()).threads(threads.result())
          .threadMembers(threadMembers.result()).overwrites(overwrites.result());
      if (memberCounts.result() != null) {
        assembler.memberCounts(memberCounts.result(), largeThreshold);
      }
      if (!assembler.largeGuildIds().isEmpty()) {
        Future<JsonArray> page = firstPage ? MemberPages.page(sql, client, guildId, 0, MemberPages.FIRST_PAGE)
            : Future.succeededFuture(new JsonArray());
        Future<JsonObject> self = MemberPages.one(sql, client, guildId, viewerId);
        return Future.join(page, self).map(both -> {
          assembler.addMembers(guildId, page.result());
          return self.result() == null ? assembler : assembler.addMembers(guildId, new JsonArray().add(self.result()));
        });
      }
      Future<io.vertx.sqlclient.RowSet<Row>> members = Sql.run(client, sql.membersOfGuild, guildId);
      Future<io.vertx.sqlclient.RowSet<Row>> memberRoles = Sql.run(client, sql.memberRolesOfGuild, guildId);
      return Future.join(members, memberRoles).map(both -> assembler.members(members.result()).memberRoles(memberRoles.result()));
    }).map(done -> {
      var guilds = assembler.build();
      if (guilds.isEmpty()) {
        throw ApiError.notFound("guild");
      }
      return guilds.get(0);
    });
  }

  Future<JsonObject> get(JsonObject req) {
    return full(db.reader, Ids.require(req, "guild_id"), Ids.get(req, "user_id"));
  }

  Future<JsonObject> create(JsonObject req) {
    long ownerId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> {
      long guildId = tx.nextId();
      return Sql.run(conn, sql.insertGuild, guildId, req.getString("name"), req.getString("description"), ownerId,
              req.getBoolean("public", false) ? 1 : 0, tx.now)
          .compose(v -> Sql.run(conn, sql.insertRole, guildId, guildId, "@everyone", 0, Permissions.DEFAULT_EVERYONE, 0, 0, 0))
          .compose(v -> Sql.run(conn, sql.insertMember, guildId, ownerId, tx.now))
          .compose(v -> Sql.run(conn, sql.insertChannel, tx.nextId(), guildId, 0, "general", null, 0, null, tx.now))
          .compose(v -> full(conn, guildId))
          .map(guild -> {
            tx.emit(EventType.GUILD_CREATE, guildId, null, ownerId, guild);
            return guild;
          });
    });
  }

  Future<JsonObject> update(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.guildById, guildId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("guild");
      }
      JsonObject guild = Rows.guild(row);
      String name = req.getString("name", guild.getString("name"));
      String description = req.containsKey("description") ? req.getString("description") : guild.getString("description");
      boolean isPublic = req.getBoolean("public", guild.getBoolean("public"));
      long ownerId = req.containsKey("owner_id") ? Ids.require(req, "owner_id") : row.getLong("owner_id");
      Future<Void> ownerIsMember = ownerId == row.getLong("owner_id") ? Future.succeededFuture()
          : Sql.one(conn, sql.memberOfGuild, guildId, ownerId).map(member -> {
              if (member == null) {
                throw ApiError.badRequest("owner_id", "The new owner must be a member of the guild");
              }
              return null;
            });
      return ownerIsMember.compose(v -> Sql.run(conn, sql.updateGuild, name, description, isPublic ? 1 : 0, ownerId, guildId)).map(done -> {
        JsonObject updated = guild.put("name", name).put("description", description).put("public", isPublic)
            .put("owner_id", Ids.str(ownerId));
        tx.emit(EventType.GUILD_UPDATE, guildId, null, null, updated.copy(), ownerId != row.getLong("owner_id"));
        return updated;
      });
    }));
  }

  Future<JsonObject> delete(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.guildById, guildId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("guild");
      }
      // One GUILD_DELETE per member, scoped to that user: a member who is offline now still gets it on replay.
      return Sql.run(conn, sql.membersOfGuild, guildId).compose(members -> {
        tx.forgetGuild(guildId);
        for (Row member : members) {
          tx.emit(EventType.GUILD_DELETE, guildId, null, member.getLong("user_id"), Payloads.json(new Payloads.GuildDeleted(guildId, Payloads.GuildDeleted.DELETED)));
        }
        // Roles, members and their roles, channels with their overwrites, messages and reactions, invites
        // and bans go with it: the schema's foreign keys cascade (V5__foreign_keys.sql).
        return Sql.run(conn, sql.deleteGuild, guildId);
      }).map(v -> new JsonObject());
    }));
  }

  Future<JsonArray> directory(JsonObject req) {
    return Sql.run(db.reader, sql.publicGuilds).map(rows -> new JsonArray(Rows.map(rows, row -> new JsonObject()
        .put("id", Ids.str(row.getLong("id")))
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("member_count", ((Number) row.getValue("member_count")).intValue()))));
  }

  Future<JsonArray> members(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    return MemberPages.page(sql, db.reader, guildId, req.getLong("after", 0L), req.getInteger("limit", MemberPages.FIRST_PAGE));
  }

  /** Joins a public guild; {@code require_public} is false when the caller holds an invite. */
  Future<JsonObject> join(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long guildId = Ids.require(req, "guild_id");
    // Independent of the batch's other joins and posts: it reads the guild and the ban list, which
    // neither changes, and its one insert settles a second join of the same user by itself (ON CONFLICT DO
    // NOTHING, in the order sent). The guild it answers with may count a neighbour's join of the same
    // batch, as it would a moment later. A busy guild's joins then cost a few round trips per batch, not
    // a few per join (the community benchmark seeds 220,000).
    return writes.submitIndependent((tx, conn) -> Sql.one(conn, sql.guildById, guildId).compose(row -> {
      if (row == null || !Rows.flag(row, "is_public")) {
        throw ApiError.notFound("guild"); // a private guild is not in the directory: as if absent
      }
      return joinIn(tx, conn, userId, guildId);
    }));
  }

  private Future<JsonObject> joinIn(Tx tx, SqlClient conn, long userId, long guildId) {
    return notBanned(conn, guildId, userId).compose(v -> addMember(tx, conn, userId, guildId));
  }

  private Future<Void> notBanned(SqlClient conn, long guildId, long userId) {
    return Sql.one(conn, sql.banOf, guildId, userId).map(ban -> {
      if (ban != null) {
        throw ApiError.forbidden("You are banned from this guild");
      }
      return null;
    });
  }

  private Future<JsonObject> addMember(Tx tx, SqlClient conn, long userId, long guildId) {
    return Sql.run(conn, sql.insertMember, guildId, userId, tx.now).compose(inserted -> {
      if (inserted.rowCount() == 0) {
        return joined(conn, guildId, userId); // already a member: joining again changes nothing
      }
      return Sql.one(conn, sql.memberOfGuild, guildId, userId).compose(memberRow -> joined(conn, guildId, userId).map(guild -> {
        // The guild first, so that the newcomer's membership has begun by the time their own GUILD_MEMBER_ADD goes out.
        tx.emit(EventType.GUILD_CREATE, guildId, null, userId, guild);
        tx.emit(EventType.GUILD_MEMBER_ADD, guildId, null, userId, Rows.member(memberRow));
        return guild;
      }));
    });
  }

  Future<JsonObject> createInvite(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    long userId = Ids.require(req, "user_id");
    long maxAge = req.getLong("max_age", DEFAULT_INVITE_AGE_S);
    int maxUses = req.getInteger("max_uses", 0);
    String code = inviteCode();
    return writes.submit((tx, conn) -> {
      Long expiresAt = maxAge == 0 ? null : tx.now + maxAge * 1000;
      return Sql.run(conn, sql.insertInvite, code, guildId, userId, tx.now, expiresAt, maxUses)
          .compose(v -> Sql.one(conn, sql.inviteByCode, code))
          .map(GuildStore::invite);
    });
  }

  Future<JsonObject> acceptInvite(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    String code = req.getString("code");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.inviteByCode, code).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("invite");
      }
      long guildId = row.getLong("guild_id");
      return Sql.one(conn, sql.memberOfGuild, guildId, userId).compose(existing -> {
        if (existing != null) {
          return joined(conn, guildId, userId); // already in: the invite is not used up by this
        }
        if (isSpent(row, tx.now)) {
          throw ApiError.notFound("invite");
        }
        // Refused before the invite is used: a banned user's attempt costs the invite nothing.
        return notBanned(conn, guildId, userId)
            .compose(v -> Sql.run(conn, sql.useInvite, code))
            .compose(v -> addMember(tx, conn, userId, guildId));
      });
    }));
  }

  private static boolean isSpent(Row invite, long now) {
    Long expiresAt = Rows.longOrNull(invite, "expires_at");
    int maxUses = invite.getInteger("max_uses");
    return (expiresAt != null && expiresAt <= now) || (maxUses > 0 && invite.getInteger("uses") >= maxUses);
  }

  private static JsonObject invite(Row row) {
    return new JsonObject()
        .put("code", row.getString("code"))
        .put("guild_id", Ids.str(row.getLong("guild_id")))
        .put("guild_name", row.getString("guild_name"))
        .put("expires_at", Rows.iso(Rows.longOrNull(row, "expires_at")))
        .put("max_uses", row.getInteger("max_uses"))
        .put("uses", row.getInteger("uses"));
  }

  private String inviteCode() {
    StringBuilder code = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      code.append(INVITE_ALPHABET.charAt(random.nextInt(INVITE_ALPHABET.length())));
    }
    return code.toString();
  }
}
