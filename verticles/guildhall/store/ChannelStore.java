package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Guild channels and categories. */
final class ChannelStore {
  static final int TEXT = 0;
  static final int CATEGORY = 4;

  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  ChannelStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  /** Discord's text-channel names: lower case, spaces become dashes. Categories keep their case. */
  static String channelName(String name, int type) {
    String trimmed = name.trim();
    if (trimmed.isEmpty()) {
      throw ApiError.badRequest("name", "name must not be blank");
    }
    return type == CATEGORY ? trimmed : trimmed.toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
  }

  Future<JsonObject> create(JsonObject req) {
    long guildId = Ids.require(req, "guild_id");
    int type = req.getInteger("type", TEXT);
    String name = channelName(req.getString("name"), type);
    Long parentId = Ids.get(req, "parent_id");
    return writes.submit((tx, conn) -> checkParent(conn, guildId, type, parentId)
        .compose(v -> Sql.run(conn, sql.channelsOfGuild, guildId))
        .compose(existing -> {
          long id = tx.nextId();
          int position = req.getInteger("position", existing.size());
          return Sql.run(conn, sql.insertChannel, id, guildId, type, name, req.getString("topic"), position, parentId, tx.now)
              .compose(v -> parentId == null ? Future.succeededFuture() : copyOverwrites(conn, parentId, id))
              .compose(v -> channel(conn, id))
              .map(channel -> {
                tx.emit(EventType.CHANNEL_CREATE, guildId, id, null, channel);
                return channel;
              });
        }));
  }

  Future<JsonObject> update(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    return writes.submit((tx, conn) -> channel(conn, channelId).compose(current -> {
      long guildId = Long.parseLong(current.getString("guild_id"));
      int type = current.getInteger("type");
      String name = req.containsKey("name") ? channelName(req.getString("name"), type) : current.getString("name");
      String topic = req.containsKey("topic") ? req.getString("topic") : current.getString("topic");
      int position = req.getInteger("position", current.getInteger("position"));
      Long parentId = req.containsKey("parent_id") ? Ids.get(req, "parent_id") : Ids.get(current, "parent_id");
      if (parentId != null && parentId == channelId) {
        throw ApiError.badRequest("parent_id", "A channel cannot be its own parent");
      }
      return checkParent(conn, guildId, type, parentId)
          .compose(v -> Sql.run(conn, sql.updateChannel, name, topic, position, parentId, channelId))
          .compose(v -> channel(conn, channelId))
          .map(channel -> {
            // Moving into or out of a category can show or hide the channel.
            tx.emit(EventType.CHANNEL_UPDATE, guildId, channelId, null, channel, !java.util.Objects.equals(parentId, Ids.get(current, "parent_id")));
            return channel;
          });
    }));
  }

  Future<JsonObject> delete(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    return writes.submit((tx, conn) -> channel(conn, channelId).compose(current -> {
      long guildId = Long.parseLong(current.getString("guild_id"));
      // A deleted category's channels stay, at the top level, as Discord does: the schema's
      // ON DELETE SET NULL clears their parent_id; they are read first for their CHANNEL_UPDATE, each
      // as it is, overwrites included: what viewers keep of it, and what decides who they are.
      return Sql.run(conn, sql.childrenOf, channelId).compose(children -> {
        Future<Void> chain = Future.succeededFuture();
        for (Row child : children) {
          long childId = child.getLong("id");
          chain = chain.compose(w -> channel(conn, childId).map(orphan -> {
            tx.emit(EventType.CHANNEL_UPDATE, guildId, childId, null, orphan.putNull("parent_id"), true);
            return null;
          }));
        }
        return chain;
      }).compose(v -> Sql.run(conn, sql.threadIdsOfChannel, channelId)).compose(threadIds -> {
        // Its threads go with it (the schema cascades them); viewers drop them with the channel.
        for (Row thread : threadIds) {
          tx.forgetChannel(thread.getLong("id"));
        }
        tx.forgetChannel(channelId);
        // Only what identifies it: its name, topic and overwrites stay with those who saw it before.
        tx.emit(EventType.CHANNEL_DELETE, guildId, channelId, null,
            Payloads.json(new Payloads.ChannelDeleted(channelId, guildId, current.getInteger("type"), current.getString("parent_id"))));
        // Its overwrites, messages and their reactions cascade (V5__foreign_keys.sql).
        return Sql.run(conn, sql.deleteChannel, channelId);
      }).map(v -> new JsonObject());
    }));
  }

  /** Sets one role's or member's overwrite; the channel's CHANNEL_UPDATE carries the new overwrites. */
  Future<JsonObject> putOverwrite(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long targetId = Ids.require(req, "target_id");
    int type = req.getInteger("type");
    long allow = Long.parseLong(req.getString("allow", "0"));
    long deny = Long.parseLong(req.getString("deny", "0"));
    return writes.submit((tx, conn) -> channel(conn, channelId).compose(current -> {
      long guildId = Long.parseLong(current.getString("guild_id"));
      String check = type == 0 ? sql.roleById : sql.memberOfGuild;
      Future<Row> target = type == 0 ? Sql.one(conn, check, targetId, guildId) : Sql.one(conn, check, guildId, targetId);
      return target.compose(found -> {
        if (found == null) {
          throw ApiError.badRequest("target_id", type == 0 ? "target_id must be a role of this guild" : "target_id must be a member of this guild");
        }
        return Sql.run(conn, sql.deleteOverwrite, channelId, targetId);
      }).compose(v -> Sql.run(conn, sql.insertOverwrite, channelId, targetId, type, allow & ~deny, deny))
        .compose(v -> channel(conn, channelId))
        .map(channel -> {
          tx.emit(EventType.CHANNEL_UPDATE, guildId, channelId, null, channel, true);
          return channel;
        });
    }));
  }

  Future<JsonObject> deleteOverwrite(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long targetId = Ids.require(req, "target_id");
    return writes.submit((tx, conn) -> channel(conn, channelId).compose(current -> Sql.run(conn, sql.deleteOverwrite, channelId, targetId)
        .compose(deleted -> {
          if (deleted.rowCount() == 0) {
            throw ApiError.notFound("overwrite");
          }
          return channel(conn, channelId);
        })
        .map(channel -> {
          tx.emit(EventType.CHANNEL_UPDATE, Long.parseLong(current.getString("guild_id")), channelId, null, channel, true);
          return channel;
        })));
  }

  /** The channel with its overwrites; 404 when it does not exist. */
  Future<JsonObject> channel(SqlClient conn, long channelId) {
    return Sql.one(conn, sql.channelById, channelId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("channel");
      }
      JsonObject channel = Rows.channel(row);
      return Sql.run(conn, sql.overwritesOfChannel, channelId).map(rows -> {
        for (Row o : rows) {
          channel.getJsonArray("permission_overwrites").add(Rows.overwrite(o));
        }
        return channel;
      });
    });
  }

  private Future<Void> checkParent(SqlClient conn, long guildId, int type, Long parentId) {
    if (parentId == null) {
      return Future.succeededFuture();
    }
    if (type == CATEGORY) {
      return Future.failedFuture(ApiError.badRequest("parent_id", "A category cannot be inside another category"));
    }
    return Sql.one(conn, sql.channelById, parentId).map(parent -> {
      if (parent == null || Rows.longOrNull(parent, "guild_id") == null || parent.getLong("guild_id") != guildId
          || parent.getInteger("type") != CATEGORY) {
        throw ApiError.badRequest("parent_id", "parent_id must be a category of this guild");
      }
      return null;
    });
  }

  /** A new channel in a category starts with the category's overwrites (Discord's "synced"). */
  private Future<Void> copyOverwrites(SqlClient conn, long fromId, long toId) {
    return Sql.run(conn, sql.overwritesOfChannel, fromId).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row o : rows) {
        chain = chain.compose(v -> Sql.run(conn, sql.insertOverwrite, toId, o.getLong("target_id"), o.getInteger("type"),
            Rows.longOrNull(o, "allow_bits"), Rows.longOrNull(o, "deny_bits")).mapEmpty());
      }
      return chain;
    });
  }
}
