package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DMs (type 1) and group DMs (type 3): channels without a guild, seen by their recipients alone; and
 * blocks (relationship type 2). Who may open, add or remove is the permissions verticle's to say; this
 * keeps the channel and its recipients, and the limits only a transaction can keep (at most 10 people).
 *
 * <p>A private channel travels with every recipient, {@code recipients} as user objects; the permissions
 * verticle leaves out the receiver (Discord's shape) as it hands the event to each.
 */
final class PrivateChannelStore {
  static final int DM = 1;
  static final int GROUP_DM = 3;
  static final int BLOCKED = 2;
  /** Discord's limit: a group DM holds ten people, its owner included. */
  static final int MAX_RECIPIENTS = 10;

  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  PrivateChannelStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  /** {id, type, name, owner_id, last_message_id} of a row, recipients to follow. */
  static JsonObject channel(Row row) {
    int type = row.getInteger("type");
    JsonObject out = new JsonObject().put("id", Ids.str(row.getLong("id"))).put("type", type);
    if (type == GROUP_DM) {
      out.put("name", row.getString("name")).put("owner_id", Ids.strOrNull(Rows.longOrNull(row, "owner_id")));
    }
    return out.put("last_message_id", Ids.strOrNull(Rows.longOrNull(row, "last_message_id"))).put("recipients", new JsonArray());
  }

  /** Private channels with their recipients (all of them, in the order they joined), from two row sets. */
  static List<JsonObject> assemble(RowSet<Row> channels, RowSet<Row> recipients) {
    Map<Long, JsonObject> byId = new LinkedHashMap<>();
    for (Row row : channels) {
      byId.put(row.getLong("id"), channel(row));
    }
    for (Row row : recipients) {
      JsonObject channel = byId.get(row.getLong("channel_id"));
      if (channel != null) {
        channel.getJsonArray("recipients").add(Rows.user(row.getLong("user_id"), row.getString("username"), row.getString("global_name")));
      }
    }
    return new ArrayList<>(byId.values());
  }

  /** A channel as one recipient sees it: the others. */
  static JsonObject forViewer(JsonObject channel, long viewer) {
    JsonArray others = new JsonArray();
    String me = Ids.str(viewer);
    for (Object r : channel.getJsonArray("recipients")) {
      if (!me.equals(((JsonObject) r).getString("id"))) {
        others.add(r);
      }
    }
    return channel.copy().put("recipients", others);
  }

  private Future<JsonObject> load(SqlClient conn, long channelId) {
    return Sql.one(conn, sql.privateChannelById, channelId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("channel");
      }
      return Sql.run(conn, sql.recipientsOf, channelId).map(recipients -> {
        JsonObject channel = channel(row);
        for (Row r : recipients) {
          channel.getJsonArray("recipients").add(Rows.user(r.getLong("user_id"), r.getString("username"), r.getString("global_name")));
        }
        return channel;
      });
    });
  }

  /** The one DM between two people: the same channel every time; the first open makes it (CHANNEL_CREATE to both). */
  Future<JsonObject> openDm(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long otherId = Ids.require(req, "recipient_id");
    String key = Math.min(userId, otherId) + ":" + Math.max(userId, otherId);
    return writes.submit((tx, conn) -> Sql.one(conn, sql.dmByKey, key).compose(found -> {
      if (found != null) {
        return load(conn, found.getLong("id")).map(channel -> forViewer(channel, userId));
      }
      long id = tx.nextId();
      return Sql.run(conn, sql.insertPrivateChannel, id, DM, null, tx.now, null, key)
          .compose(v -> Sql.run(conn, sql.insertRecipient, id, userId, tx.nextId()))
          .compose(v -> Sql.run(conn, sql.insertRecipient, id, otherId, tx.nextId()))
          .compose(v -> load(conn, id))
          .map(channel -> {
            tx.emit(EventType.CHANNEL_CREATE, null, id, null, channel);
            return forViewer(channel, userId);
          });
    }));
  }

  /** A new group DM: its maker (the owner) and {@code recipient_ids}; CHANNEL_CREATE to all. */
  Future<JsonObject> createGroup(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    List<Long> others = new ArrayList<>();
    for (Object r : req.getJsonArray("recipient_ids")) {
      others.add(Ids.parse(r, "recipient_ids"));
    }
    if (others.size() + 1 > MAX_RECIPIENTS) {
      throw ApiError.badRequest("recipient_ids", "A group DM has at most " + MAX_RECIPIENTS + " people, you included");
    }
    String name = req.getString("name");
    String trimmed = name == null || name.isBlank() ? null : name.trim();
    return writes.submit((tx, conn) -> {
      long id = tx.nextId();
      Future<?> chain = Sql.run(conn, sql.insertPrivateChannel, id, GROUP_DM, trimmed, tx.now, userId, null)
          .compose(v -> Sql.run(conn, sql.insertRecipient, id, userId, tx.nextId()));
      for (long other : others) {
        chain = chain.compose(v -> Sql.run(conn, sql.insertRecipient, id, other, tx.nextId()));
      }
      return chain.compose(v -> load(conn, id)).map(channel -> {
        tx.emit(EventType.CHANNEL_CREATE, null, id, null, channel);
        return forViewer(channel, userId);
      });
    });
  }

  /** The caller's DMs and group DMs, as they see them. */
  Future<JsonArray> list(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    return db.readConsistent(conn -> ofUser(sql, conn, userId));
  }

  static Future<JsonArray> ofUser(SqlQueries sql, SqlClient conn, long userId) {
    return Sql.run(conn, sql.privateChannelsOfUser, userId).compose(channels -> Sql.run(conn, sql.recipientsOfUserChannels, userId)
        .map(recipients -> {
          JsonArray out = new JsonArray();
          for (JsonObject channel : assemble(channels, recipients)) {
            out.add(forViewer(channel, userId));
          }
          return out;
        }));
  }

  /**
   * Adds someone to a group DM (the owner has been allowed). They get CHANNEL_CREATE, everyone
   * CHANNEL_RECIPIENT_ADD. Already there: nothing happens. An eleventh person: 400.
   */
  Future<JsonObject> addRecipient(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long targetId = Ids.require(req, "target_user_id");
    return writes.submit((tx, conn) -> load(conn, channelId).compose(channel -> {
      JsonArray recipients = channel.getJsonArray("recipients");
      if (contains(recipients, targetId)) {
        return Future.succeededFuture(new JsonObject());
      }
      if (recipients.size() >= MAX_RECIPIENTS) {
        throw ApiError.badRequest("user_id", "A group DM has at most " + MAX_RECIPIENTS + " people");
      }
      return Sql.run(conn, sql.insertRecipient, channelId, targetId, tx.nextId()).compose(v -> load(conn, channelId)).map(now -> {
        JsonObject user = find(now.getJsonArray("recipients"), targetId);
        tx.emit(EventType.CHANNEL_CREATE, null, channelId, targetId, now);
        tx.emit(EventType.CHANNEL_RECIPIENT_ADD, null, channelId, targetId,
            new JsonObject().put("channel_id", Ids.str(channelId)).put("user", user));
        return new JsonObject();
      });
    }));
  }

  /**
   * Someone leaves a group DM, or its owner removes them. They get CHANNEL_DELETE, the rest
   * CHANNEL_RECIPIENT_REMOVE; when the owner leaves, the next to have joined owns it (CHANNEL_UPDATE);
   * the last one out closes it, and the log forgets what it said.
   */
  Future<JsonObject> removeRecipient(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long targetId = Ids.require(req, "target_user_id");
    return writes.submit((tx, conn) -> load(conn, channelId).compose(channel -> {
      JsonArray recipients = channel.getJsonArray("recipients");
      JsonObject user = find(recipients, targetId);
      if (user == null) {
        throw ApiError.notFound("recipient");
      }
      boolean last = recipients.size() == 1;
      Future<?> change = last ? Sql.run(conn, sql.deleteChannel, channelId) : Sql.run(conn, sql.deleteRecipient, channelId, targetId);
      return change.compose(v -> {
        if (last) {
          tx.forgetChannel(channelId);
        }
        JsonObject gone = new JsonObject().put("id", Ids.str(channelId)).putNull("guild_id").put("type", channel.getInteger("type")).putNull("parent_id");
        tx.emit(EventType.CHANNEL_DELETE, null, channelId, targetId, gone, false);
        tx.emit(EventType.CHANNEL_RECIPIENT_REMOVE, null, channelId, targetId,
            new JsonObject().put("channel_id", Ids.str(channelId)).put("user", user));
        if (last || !Ids.str(targetId).equals(channel.getString("owner_id"))) {
          return Future.succeededFuture(new JsonObject());
        }
        long heir = Long.parseLong(recipients.stream().map(r -> ((JsonObject) r).getString("id"))
            .filter(id -> !id.equals(Ids.str(targetId))).findFirst().orElseThrow());
        return Sql.run(conn, sql.setPrivateChannelOwner, heir, channelId).compose(set -> load(conn, channelId)).map(now -> {
          tx.emit(EventType.CHANNEL_UPDATE, null, channelId, null, now, false);
          return new JsonObject();
        });
      });
    }));
  }

  /** {user_ids, field}: 400 naming the field when one of them is no user. */
  Future<JsonObject> usersExist(JsonObject req) {
    String field = req.getString("field", "user_id");
    Future<?> chain = Future.succeededFuture();
    for (Object id : req.getJsonArray("user_ids")) {
      long userId = Ids.parse(id, field);
      chain = chain.compose(v -> Sql.one(db.reader, sql.userById, userId).map(row -> {
        if (row == null) {
          throw ApiError.badRequest(field, "Unknown user " + userId);
        }
        return null;
      }));
    }
    return chain.map(v -> new JsonObject());
  }

  /** Blocks a user: RELATIONSHIP_ADD to the blocker alone. Blocking twice changes nothing. */
  Future<JsonObject> block(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long targetId = Ids.require(req, "target_user_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.userById, targetId).compose(target -> {
      if (target == null) {
        throw ApiError.notFound("user");
      }
      return Sql.run(conn, sql.insertRelationship, userId, targetId, BLOCKED, tx.now).map(done -> {
        if (done.rowCount() > 0) {
          JsonObject user = Rows.user(targetId, target.getString("username"), target.getString("global_name"));
          tx.emit(EventType.RELATIONSHIP_ADD, null, null, userId,
              new JsonObject().put("id", Ids.str(targetId)).put("type", BLOCKED).put("user", user));
        }
        return new JsonObject();
      });
    }));
  }

  /** Unblocks: RELATIONSHIP_REMOVE to the one who had blocked. Not blocked: nothing happens. */
  Future<JsonObject> unblock(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long targetId = Ids.require(req, "target_user_id");
    return writes.submit((tx, conn) -> Sql.run(conn, sql.deleteRelationship, userId, targetId, BLOCKED).map(done -> {
      if (done.rowCount() > 0) {
        tx.emit(EventType.RELATIONSHIP_REMOVE, null, null, userId, new JsonObject().put("id", Ids.str(targetId)).put("type", BLOCKED));
      }
      return new JsonObject();
    }));
  }

  /** A user's relationships as the snapshot lists them: [{id, type, user}]. */
  static JsonArray relationships(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row row : rows) {
      out.add(new JsonObject().put("id", Ids.str(row.getLong("target_id"))).put("type", row.getInteger("type"))
          .put("user", Rows.user(row.getLong("target_id"), row.getString("username"), row.getString("global_name"))));
    }
    return out;
  }

  private static boolean contains(JsonArray users, long userId) {
    return find(users, userId) != null;
  }

  private static JsonObject find(JsonArray users, long userId) {
    String id = Ids.str(userId);
    for (Object u : users) {
      if (id.equals(((JsonObject) u).getString("id"))) {
        return (JsonObject) u;
      }
    }
    return null;
  }
}
