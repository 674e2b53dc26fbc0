package guildhall.store;

import guildhall.ApiError;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.Collections;
import java.util.List;

/** Messages: create (idempotent by nonce), edit, delete, page. */
final class MessageStore {
  private final Database db;
  private final SqlQueries sql;
  private final GroupCommit writes;
  private final UserStore users;
  private final ThreadStore threads;

  MessageStore(Database db, SqlQueries sql, GroupCommit writes, UserStore users, ThreadStore threads) {
    this.db = db;
    this.sql = sql;
    this.writes = writes;
    this.users = users;
    this.threads = threads;
  }

  /**
   * Sends a message. A nonce the same author already used in this channel returns the first message,
   * with no new event: a retried send never makes a second message.
   */
  Future<JsonObject> create(JsonObject req) {
    long authorId = Ids.require(req, "user_id");
    long channelId = Ids.require(req, "channel_id");
    Long guildId = Ids.get(req, "guild_id");
    Long replyTo = Ids.get(req, "reply_to");
    String content = req.getString("content");
    String nonce = req.getString("nonce");
    boolean inThread = req.getBoolean("thread", false);
    JsonObject asked = req.getJsonObject("mentions"); // null for the many messages that mention no one (and are no DM)
    // In a guild, the author's partial member as the permissions verticle knows it: the reply and the
    // MESSAGE_CREATE carry it (as a page's messages do), so a client that never paged the author in can draw them.
    JsonObject member = req.getJsonObject("member");
    // Independent of the batch's other posts: one insert, whose nonce clash the insert itself settles. A
    // post in a thread is not: it counts the thread's messages, which its neighbours change.
    GroupCommit.Write<JsonObject> write = (tx, conn) -> {
      Future<JsonObject> referenced = replyTo == null ? Future.succeededFuture(null)
          : Sql.one(conn, sql.messageById, replyTo, channelId).map(row -> {
              if (row == null) {
                throw ApiError.badRequest("reply_to", "reply_to must be a message in this channel");
              }
              return Rows.message(row);
            });
      return referenced.compose(ref -> users.author(conn, authorId).compose(author -> mentionFields(conn, asked).compose(mentions -> {
        long id = tx.nextId();
        return Sql.run(conn, sql.insertMessage, id, channelId, guildId, authorId, content, nonce, replyTo,
            mentions.usersColumn(), mentions.rolesColumn(), mentions.everyoneColumn()).compose(inserted -> {
          if (inserted.rowCount() == 0) {
            return Sql.one(conn, sql.messageByNonce, channelId, authorId, nonce).map(row -> withMember(Rows.message(row), member));
          }
          JsonObject message = withMember(newMessage(id, channelId, guildId, author, content, nonce, replyTo, ref, mentions), member);
          tx.emit(EventType.MESSAGE_CREATE, guildId, channelId, null, message);
          return ping(conn, asked, channelId, id)
              .compose(v -> inThread ? threads.afterPost(tx, conn, channelId, authorId).map(message) : Future.succeededFuture(message));
        });
      })));
    };
    return inThread ? writes.submit(write) : writes.submitIndependent(write);
  }

  private static JsonObject withMember(JsonObject message, JsonObject member) {
    return member == null ? message : message.put("member", member);
  }

  private static JsonObject newMessage(long id, long channelId, Long guildId, JsonObject author, String content,
                                       String nonce, Long replyTo, JsonObject referenced, Rows.MentionFields mentions) {
    JsonObject quote = referenced == null ? null : Rows.quote(Long.parseLong(referenced.getString("id")), channelId,
        referenced.getJsonObject("author"), referenced.getString("content"), referenced.getString("edited_timestamp"));
    return Rows.message(id, channelId, guildId, author, content, null, nonce, 0, replyTo, quote, false, mentions);
  }

  /**
   * The fields of what the permissions verticle made of a message's mentions ({user_ids, role_ids, everyone}):
   * of the users, those who exist, as user objects; the roles and @everyone as it judged them.
   */
  private Future<Rows.MentionFields> mentionFields(io.vertx.sqlclient.SqlClient conn, JsonObject asked) {
    if (asked == null) {
      return Future.succeededFuture(Rows.MentionFields.NONE);
    }
    JsonArray found = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (Object id : asked.getJsonArray("user_ids", new JsonArray())) {
      chain = chain.compose(v -> users.mentioned(conn, Long.parseLong((String) id)).map(user -> {
        if (user != null) {
          found.add(user);
        }
        return null;
      }));
    }
    return chain.map(v -> {
      Rows.MentionFields fields = new Rows.MentionFields(found, asked.getJsonArray("role_ids", new JsonArray()).copy(),
          asked.getBoolean("everyone", false));
      return fields.isEmpty() ? Rows.MentionFields.NONE : fields;
    });
  }

  /** Counts the message as an unread mention for each user it pings (chosen by the permissions verticle). */
  private Future<Void> ping(io.vertx.sqlclient.SqlClient conn, JsonObject asked, long channelId, long messageId) {
    JsonArray pinged = asked == null ? null : asked.getJsonArray("pinged");
    if (pinged == null || pinged.isEmpty()) {
      return Future.succeededFuture();
    }
    List<io.vertx.sqlclient.Tuple> rows = new java.util.ArrayList<>(pinged.size());
    for (Object userId : pinged) {
      rows.add(io.vertx.sqlclient.Tuple.of(Long.parseLong((String) userId), channelId, messageId));
    }
    return conn.preparedQuery(sql.insertUnreadMention).executeBatch(rows).mapEmpty();
  }

  /** One message by id, in its channel; 404 when it is not there. Who may act on it is not the store's to say. */
  Future<JsonObject> get(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long messageId = Ids.require(req, "message_id");
    return Sql.one(db.reader, sql.messageById, messageId, channelId).map(row -> {
      if (row == null) {
        throw ApiError.notFound("message");
      }
      return Rows.message(row);
    });
  }

  /** Rewrites a message's content. The caller has been allowed (message.edit: its author, not timed out). */
  Future<JsonObject> edit(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long messageId = Ids.require(req, "message_id");
    String content = req.getString("content");
    JsonObject asked = req.getJsonObject("mentions");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.messageById, messageId, channelId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("message");
      }
      // Parsed again; as in Discord, a mention added by an edit shows but pings no one.
      return mentionFields(conn, asked).compose(mentions -> Sql.run(conn, sql.updateMessageContent, content, tx.now,
          mentions.usersColumn(), mentions.rolesColumn(), mentions.everyoneColumn(), messageId).map(v -> {
        JsonObject message = mentions.into(Rows.message(row).put("content", content).put("edited_timestamp", Rows.iso(tx.now)));
        message.remove("reactions"); // whose "me"? Reactions travel as their own events; clients keep theirs.
        tx.rewriteMessage(messageId, message);
        tx.emit(EventType.MESSAGE_UPDATE, Rows.longOrNull(row, "guild_id"), channelId, null, message);
        return message;
      }));
    }));
  }

  /** Deletes a message. The caller has been allowed (message.delete: its author, or MANAGE_MESSAGES). */
  Future<JsonObject> delete(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    long messageId = Ids.require(req, "message_id");
    return writes.submit((tx, conn) -> deleteIn(tx, conn, channelId, messageId, req.getBoolean("thread", false)));
  }

  /** A deletion inside a transaction a caller already holds (a report resolved by deleting its message). */
  Future<JsonObject> deleteIn(Tx tx, io.vertx.sqlclient.SqlClient conn, long channelId, long messageId, boolean inThread) {
    return Sql.one(conn, sql.messageById, messageId, channelId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("message");
      }
      Long guildId = Rows.longOrNull(row, "guild_id");
      // Its reactions cascade; replies to it keep their reply_to, and lose only their referenced_message.
      return Sql.run(conn, sql.deleteMessage, messageId).compose(v -> {
        tx.forgetMessage(messageId);
        tx.emit(EventType.MESSAGE_DELETE, guildId, channelId, null, Payloads.json(new Payloads.MessageDeleted(messageId, channelId, guildId)));
        return inThread ? threads.afterDelete(tx, conn, channelId).map(new JsonObject())
            : Future.succeededFuture(new JsonObject());
      });
    });
  }

  /** A page of messages, newest first. */
  Future<JsonArray> list(JsonObject req) {
    long channelId = Ids.require(req, "channel_id");
    Long before = Ids.get(req, "before");
    Long after = Ids.get(req, "after");
    int limit = req.getInteger("limit", 50);
    Future<RowSet<Row>> rows;
    boolean ascending = after != null;
    if (after != null && before != null) {
      rows = Sql.run(db.reader, sql.messagesBetween, channelId, after, before, limit);
    } else if (after != null) {
      rows = Sql.run(db.reader, sql.messagesAfter, channelId, after, limit);
    } else if (before != null) {
      rows = Sql.run(db.reader, sql.messagesBefore, channelId, before, limit);
    } else {
      rows = Sql.run(db.reader, sql.messagesLatest, channelId, limit);
    }
    long viewer = Ids.require(req, "user_id");
    return rows.compose(set -> {
      List<JsonObject> messages = Rows.map(set, Rows::message);
      if (ascending) {
        Collections.reverse(messages);
      }
      return withReactions(channelId, viewer, messages).compose(m -> withAuthorMembers(channelId, m))
          .compose(m -> threads.withThreads(channelId, m)).map(JsonArray::new);
    });
  }

  /**
   * In a guild, each message's {@code member}: its author's {nick, roles, joined_at} there (as Discord
   * puts a partial member on a message), absent when the author has left. A large guild's client holds
   * only part of the member list; this is what it draws the authors' names and colours from.
   */
  private Future<List<JsonObject>> withAuthorMembers(long channelId, List<JsonObject> messages) {
    if (messages.isEmpty() || messages.get(0).getString("guild_id") == null) {
      return Future.succeededFuture(messages);
    }
    long newest = Long.parseLong(messages.get(0).getString("id"));
    long oldest = Long.parseLong(messages.get(messages.size() - 1).getString("id"));
    java.util.Map<String, JsonObject> members = new java.util.HashMap<>();
    return Sql.run(db.reader, sql.authorMembersOfPage, channelId, channelId, oldest, newest).compose(rows -> {
      for (Row row : rows) {
        members.put(Ids.str(row.getLong("user_id")), new JsonObject().put("nick", row.getString("nick"))
            .put("roles", new JsonArray()).put("joined_at", Rows.iso(Rows.longOrNull(row, "joined_at"))));
      }
      return Sql.run(db.reader, sql.authorRolesOfPage, channelId, channelId, oldest, newest);
    }).map(rows -> {
      for (Row row : rows) {
        JsonObject member = members.get(Ids.str(row.getLong("user_id")));
        if (member != null) {
          member.getJsonArray("roles").add(Ids.str(row.getLong("role_id")));
        }
      }
      for (JsonObject message : messages) {
        JsonObject member = members.get(message.getJsonObject("author").getString("id"));
        if (member != null) {
          message.put("member", member.copy());
        }
      }
      return messages;
    });
  }

  /** Fills in each message's reactions: [{emoji: {name}, count, me}], in the order they were first added. */
  private Future<List<JsonObject>> withReactions(long channelId, long viewer, List<JsonObject> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture(messages);
    }
    long newest = Long.parseLong(messages.get(0).getString("id"));
    long oldest = Long.parseLong(messages.get(messages.size() - 1).getString("id"));
    return Sql.run(db.reader, sql.reactionsOfPage, viewer, channelId, oldest, newest).map(rows -> {
      java.util.Map<String, JsonObject> byId = new java.util.HashMap<>();
      for (JsonObject m : messages) {
        byId.put(m.getString("id"), m);
      }
      for (Row row : rows) {
        JsonObject message = byId.get(Long.toString(row.getLong("message_id")));
        if (message != null) {
          message.getJsonArray("reactions").add(new JsonObject()
              .put("emoji", new JsonObject().put("name", row.getString("emoji")))
              .put("count", ((Number) row.getValue("count")).intValue())
              .put("me", ((Number) row.getValue("me")).intValue() == 1));
        }
      }
      return messages;
    });
  }

  Future<JsonObject> addReaction(JsonObject req) {
    return react(req, true);
  }

  Future<JsonObject> removeReaction(JsonObject req) {
    return react(req, false);
  }

  /** Adding twice or removing what is not there changes nothing and sends no event. */
  private Future<JsonObject> react(JsonObject req, boolean add) {
    long userId = Ids.require(req, "user_id");
    long channelId = Ids.require(req, "channel_id");
    long messageId = Ids.require(req, "message_id");
    String emoji = req.getString("emoji");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.messageById, messageId, channelId).compose(row -> {
      if (row == null) {
        throw ApiError.notFound("message");
      }
      Future<io.vertx.sqlclient.RowSet<Row>> change = add
          ? Sql.run(conn, sql.insertReaction, messageId, userId, emoji, tx.now)
          : Sql.run(conn, sql.deleteReaction, messageId, userId, emoji);
      return change.compose(done -> {
        if (done.rowCount() == 0) {
          return Future.succeededFuture(new JsonObject());
        }
        // The resulting count travels with the event, so that clients set it rather than add to it.
        return Sql.one(conn, sql.reactionCount, messageId, emoji).map(countRow -> {
          Long guildId = Rows.longOrNull(row, "guild_id");
          tx.emit(add ? EventType.MESSAGE_REACTION_ADD : EventType.MESSAGE_REACTION_REMOVE, guildId, channelId, null,
              Payloads.json(new Payloads.ReactionChanged(userId, channelId, messageId, guildId, emoji,
                  ((Number) countRow.getValue("count")).intValue())));
          return new JsonObject();
        });
      });
    }));
  }
}
