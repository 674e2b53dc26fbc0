package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

import java.util.List;
import java.util.Set;

/**
 * Threads: Discord's type 11 channels, started in a text channel from one of its messages (then the
 * thread has the message's id) or from nothing. Their events name the parent as their channel: its
 * viewers are the thread's (see {@link EventType#THREAD_CREATE}).
 */
final class ThreadStore {
  static final int THREAD = 11;
  /** Discord's choices, in minutes: an hour, a day, three days, a week. */
  static final Set<Integer> ARCHIVE_DURATIONS = Set.of(60, 1440, 4320, 10080);

  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;

  ThreadStore(Database db, SqlQueries sql, GroupCommit writes) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
  }

  /** Discord keeps a thread's name as written (case and spaces), trimmed; the contract bounds its length. */
  static String threadName(String name) {
    String trimmed = name == null ? "" : name.trim();
    if (trimmed.isEmpty()) {
      throw ApiError.badRequest("name", "name must not be blank");
    }
    return trimmed;
  }

  static int archiveDuration(Integer minutes) {
    if (minutes == null) {
      return 1440;
    }
    if (!ARCHIVE_DURATIONS.contains(minutes)) {
      throw ApiError.badRequest("auto_archive_duration", "auto_archive_duration must be one of 60, 1440, 4320, 10080");
    }
    return minutes;
  }

  /** Starts a thread in {@code channel_id}, from {@code message_id} when given; its starter is its first member. */
  Future<JsonObject> create(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long parentId = Ids.require(req, "channel_id");
    Long messageId = Ids.get(req, "message_id");
    String name = threadName(req.getString("name"));
    int duration = archiveDuration(req.getInteger("auto_archive_duration"));
    return writes.submit((tx, conn) -> Sql.one(conn, sql.channelById, parentId).compose(parent -> {
      if (parent == null) {
        throw ApiError.notFound("channel");
      }
      if (parent.getInteger("type") != ChannelStore.TEXT || Rows.longOrNull(parent, "guild_id") == null) {
        throw ApiError.badRequest("channel_id", "Threads start in a guild's text channels");
      }
      long guildId = parent.getLong("guild_id");
      Future<Long> id = messageId == null ? Future.succeededFuture(tx.nextId())
          : Sql.one(conn, sql.messageById, messageId, parentId).compose(message -> {
              if (message == null) {
                throw ApiError.notFound("message");
              }
              return Sql.one(conn, sql.channelById, messageId);
            }).map(existing -> {
              if (existing != null) {
                throw ApiError.conflict("message_id", "A thread has already been started from this message");
              }
              return messageId;
            });
      return id.compose(threadId -> Sql.run(conn, sql.insertThreadChannel, threadId, guildId, name, parentId, tx.now)
          .compose(v -> Sql.run(conn, sql.insertThread, threadId, userId, duration, tx.now, tx.now))
          .compose(v -> Sql.run(conn, sql.insertThreadMember, threadId, userId, tx.now))
          .compose(v -> thread(conn, threadId))
          .map(thread -> {
            tx.emit(EventType.THREAD_CREATE, guildId, parentId, null, thread);
            return thread;
          }));
    }));
  }

  /** A channel's threads, active first, newest first, each with whether the reader joined it. */
  Future<JsonObject> list(JsonObject req) {
    long parentId = Ids.require(req, "channel_id");
    long userId = Ids.require(req, "user_id");
    return Sql.run(db.reader, sql.threadsOfChannel, parentId).compose(rows -> Sql.run(db.reader, sql.threadMembershipsOfUser, userId)
        .map(mine -> {
          Set<Long> joined = new java.util.HashSet<>();
          for (Row row : mine) {
            joined.add(row.getLong("thread_id"));
          }
          JsonArray threads = new JsonArray();
          for (Row row : rows) {
            threads.add(Rows.thread(row).put("joined", joined.contains(row.getLong("id"))));
          }
          return new JsonObject().put("threads", threads).put("has_more", false);
        }));
  }

  /** The reader's thread member record: Discord's {id, user_id, join_timestamp, flags}; 404 when not joined. */
  Future<JsonObject> member(JsonObject req) {
    long threadId = Ids.require(req, "channel_id");
    long userId = Ids.require(req, "user_id");
    return requireThread(db.reader, threadId).compose(t -> Sql.one(db.reader, sql.threadMember, threadId, userId)).map(row -> {
      if (row == null) {
        throw ApiError.notFound("thread member");
      }
      return new JsonObject().put("id", Ids.str(threadId)).put("user_id", Ids.str(userId))
          .put("join_timestamp", Rows.iso(Rows.longOrNull(row, "join_timestamp"))).put("flags", 0);
    });
  }

  Future<JsonObject> join(JsonObject req) {
    return membership(req, true);
  }

  Future<JsonObject> leave(JsonObject req) {
    return membership(req, false);
  }

  /** Joining twice or leaving what one is not in changes nothing and sends no event. */
  private Future<JsonObject> membership(JsonObject req, boolean join) {
    long threadId = Ids.require(req, "channel_id");
    long userId = Ids.require(req, "user_id");
    return writes.submit((tx, conn) -> requireThread(conn, threadId).compose(current -> (join
        ? Sql.run(conn, sql.insertThreadMember, threadId, userId, tx.now)
        : Sql.run(conn, sql.deleteThreadMember, threadId, userId)).compose(done -> done.rowCount() == 0
            ? Future.succeededFuture(new JsonObject())
            : emitUpdate(tx, conn, threadId).map(t -> new JsonObject()))));
  }

  /**
   * PATCH on a thread: name, archived, locked, auto_archive_duration. Who may is the permissions verticle's
   * (thread.update); here only what the values must be.
   */
  Future<JsonObject> update(JsonObject req) {
    long threadId = Ids.require(req, "channel_id");
    for (String field : List.of("topic", "position", "parent_id")) {
      if (req.containsKey(field)) {
        throw ApiError.badRequest(field, field + " cannot be set on a thread");
      }
    }
    return writes.submit((tx, conn) -> requireThread(conn, threadId).compose(current -> {
      JsonObject meta = current.getJsonObject("thread_metadata");
      String name = req.containsKey("name") ? threadName(req.getString("name")) : current.getString("name");
      int duration = req.containsKey("auto_archive_duration") ? archiveDuration(req.getInteger("auto_archive_duration"))
          : meta.getInteger("auto_archive_duration");
      boolean archived = req.getBoolean("archived", meta.getBoolean("archived"));
      boolean locked = req.getBoolean("locked", meta.getBoolean("locked"));
      long archiveTimestamp = archived != meta.getBoolean("archived") ? tx.now
          : java.time.Instant.parse(meta.getString("archive_timestamp")).toEpochMilli();
      return Sql.run(conn, sql.renameThread, name, threadId)
          .compose(v -> Sql.run(conn, sql.updateThread, duration, archived ? 1 : 0, locked ? 1 : 0, archiveTimestamp, threadId))
          // Reopening starts the archive clock again, as a message would.
          .compose(v -> !archived && meta.getBoolean("archived") ? Sql.run(conn, sql.touchThread, tx.now, tx.now, threadId).mapEmpty()
              : Future.succeededFuture())
          .compose(v -> emitUpdate(tx, conn, threadId));
    }));
  }

  Future<JsonObject> delete(JsonObject req) {
    long threadId = Ids.require(req, "channel_id");
    return writes.submit((tx, conn) -> requireThread(conn, threadId).compose(current -> {
      long parentId = Long.parseLong(current.getString("parent_id"));
      long guildId = Long.parseLong(current.getString("guild_id"));
      tx.forgetChannel(threadId);
      tx.emit(EventType.THREAD_DELETE, guildId, parentId, null, deleted(current));
      // Its messages, reactions, metadata and members cascade (V6__threads.sql).
      return Sql.run(conn, sql.deleteChannel, threadId).map(v -> new JsonObject());
    }));
  }

  /** Discord's THREAD_DELETE: only what identifies the thread. */
  static JsonObject deleted(JsonObject thread) {
    return new JsonObject().put("id", thread.getString("id")).put("guild_id", thread.getString("guild_id"))
        .put("parent_id", thread.getString("parent_id")).put("type", THREAD);
  }

  /**
   * In the transaction of a message posted in a thread: the poster joins it, its archive clock starts
   * again, an archived thread reopens (the permissions verticle has refused the post if it is locked),
   * and its viewers learn the new counts.
   */
  Future<JsonObject> afterPost(Tx tx, SqlClient conn, long threadId, long userId) {
    return Sql.run(conn, sql.insertThreadMember, threadId, userId, tx.now)
        .compose(v -> Sql.run(conn, sql.touchThread, tx.now, tx.now, threadId))
        .compose(v -> emitUpdate(tx, conn, threadId));
  }

  /** In the transaction of a message deleted from a thread: the new message_count. */
  Future<JsonObject> afterDelete(Tx tx, SqlClient conn, long threadId) {
    return emitUpdate(tx, conn, threadId);
  }

  /**
   * Archives the threads that have had no message for their auto_archive_duration, each "minute" lasting
   * {@code minuteMs}. Several nodes may run this at once: the update only archives what is still open,
   * and only a thread it archived gets a THREAD_UPDATE.
   */
  Future<Integer> archiveIdle(long minuteMs) {
    long now = System.currentTimeMillis();
    return Sql.run(db.reader, sql.idleThreads, minuteMs, now).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Long> ids = Rows.map(rows, row -> row.getLong("channel_id"));
      return writes.submit((tx, conn) -> {
        Future<Integer> chain = Future.succeededFuture(0);
        for (long threadId : ids) {
          chain = chain.compose(n -> Sql.run(conn, sql.archiveIfIdle, tx.now, threadId, minuteMs, tx.now).compose(done -> done.rowCount() == 0
              ? Future.succeededFuture(n) : emitUpdate(tx, conn, threadId).map(t -> n + 1)));
        }
        return chain;
      });
    });
  }

  private Future<JsonObject> emitUpdate(Tx tx, SqlClient conn, long threadId) {
    return thread(conn, threadId).map(thread -> {
      tx.emit(EventType.THREAD_UPDATE, Long.parseLong(thread.getString("guild_id")), Long.parseLong(thread.getString("parent_id")), null, thread);
      return thread;
    });
  }

  Future<JsonObject> thread(SqlClient conn, long threadId) {
    return Sql.one(conn, sql.threadById, threadId).map(row -> {
      if (row == null) {
        throw ApiError.notFound("thread");
      }
      return Rows.thread(row);
    });
  }

  private Future<JsonObject> requireThread(SqlClient conn, long threadId) {
    return thread(conn, threadId);
  }

  /** Fills in {@code thread} on the messages of a page that started one (Discord's starter message). */
  Future<List<JsonObject>> withThreads(long channelId, List<JsonObject> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture(messages);
    }
    long newest = Long.parseLong(messages.get(0).getString("id"));
    long oldest = Long.parseLong(messages.get(messages.size() - 1).getString("id"));
    return Sql.run(db.reader, sql.threadsOfPage, channelId, Math.min(oldest, newest), Math.max(oldest, newest)).map(rows -> {
      if (rows.size() == 0) {
        return messages;
      }
      java.util.Map<String, JsonObject> byId = new java.util.HashMap<>();
      for (Row row : rows) {
        JsonObject thread = Rows.thread(row);
        byId.put(thread.getString("id"), thread);
      }
      for (JsonObject message : messages) {
        JsonObject thread = byId.get(message.getString("id"));
        if (thread != null) {
          message.put("thread", thread);
        }
      }
      return messages;
    });
  }
}
