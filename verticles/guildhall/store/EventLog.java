package guildhall.store;

import guildhall.EventType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends a committed batch's events to the log, in the batch's transaction, after taking out of the
 * log what must no longer be told: a deleted message's text and reactions, an edited message's old
 * text (its earlier events carry the new one, and so do replies quoting it), and everything a deleted
 * channel or guild said. A replay therefore never yields content its reader could not see now, while
 * live streams got each event as it happened.
 */
final class EventLog {
  /** A redaction a write asked for; it applies to events logged before it, in this batch or earlier ones. */
  record Redaction(Kind kind, long targetId, long position, JsonObject replacement) {
    enum Kind { FORGET_MESSAGE, REWRITE_MESSAGE, FORGET_CHANNEL, FORGET_GUILD }
  }

  private final SqlQueries sql;

  EventLog(SqlQueries sql) {
    this.sql = sql;
  }

  Future<Void> append(SqlConnection conn, List<JsonObject> events, List<Redaction> redactions) {
    if (redactions.isEmpty()) {
      return insert(conn, events);
    }
    List<JsonObject> kept = new ArrayList<>(events.size());
    for (JsonObject event : events) {
      kept.add(event.copy()); // what was published live stays as it was
    }
    Future<Void> chain = Future.succeededFuture();
    for (Redaction redaction : redactions) {
      redactPending(kept, redaction);
      chain = chain.compose(v -> redactLogged(conn, redaction));
    }
    return chain.compose(v -> insert(conn, kept));
  }

  /** The message an event is about, or null. */
  static Long messageOf(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    return switch (EventType.of(event)) {
      case MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE -> Long.parseLong(data.getString("id"));
      case MESSAGE_REACTION_ADD, MESSAGE_REACTION_REMOVE -> Long.parseLong(data.getString("message_id"));
      default -> null;
    };
  }

  /** The same redaction, on this batch's events that are not logged yet. */
  private static void redactPending(List<JsonObject> events, Redaction redaction) {
    Long target = redaction.targetId();
    events.removeIf(event -> event.getLong("id") < redaction.position() && switch (redaction.kind()) {
      case FORGET_MESSAGE -> target.equals(messageOf(event));
      case FORGET_CHANNEL -> target.equals(event.getLong("channel_id"));
      case FORGET_GUILD -> target.equals(event.getLong("guild_id")) && EventType.of(event) != EventType.GUILD_DELETE;
      case REWRITE_MESSAGE -> false;
    });
    if (redaction.kind() != Redaction.Kind.FORGET_MESSAGE && redaction.kind() != Redaction.Kind.REWRITE_MESSAGE) {
      return;
    }
    for (JsonObject event : events) {
      EventType type = EventType.of(event);
      if (event.getLong("id") >= redaction.position()) {
        continue;
      }
      if (redaction.kind() == Redaction.Kind.REWRITE_MESSAGE && target.equals(messageOf(event))
          && (type == EventType.MESSAGE_CREATE || type == EventType.MESSAGE_UPDATE)) {
        event.put("data", rewritten(type, event.getJsonObject("data"), redaction));
      }
      boolean aMessage = type == EventType.MESSAGE_CREATE || type == EventType.MESSAGE_UPDATE;
      JsonObject quoted = aMessage ? event.getJsonObject("data").getJsonObject("referenced_message") : null;
      if (quoted != null && target.toString().equals(quoted.getString("id"))) {
        event.put("data", requoted(event.getJsonObject("data"), redaction));
      }
    }
  }

  private Future<Void> redactLogged(SqlConnection conn, Redaction redaction) {
    long target = redaction.targetId();
    return switch (redaction.kind()) {
      case FORGET_MESSAGE -> Sql.run(conn, sql.forgetMessageEvents, target)
          .compose(v -> requoteReplies(conn, redaction));
      case REWRITE_MESSAGE -> Sql.run(conn, sql.eventsOfMessage, target).compose(rows -> {
        Future<Void> chain = Future.succeededFuture();
        for (Row row : rows) {
          EventType type = EventType.valueOf(row.getString("type"));
          if (type == EventType.MESSAGE_CREATE || type == EventType.MESSAGE_UPDATE) {
            JsonObject data = rewritten(type, new JsonObject(row.getString("payload")), redaction);
            chain = chain.compose(v -> Sql.run(conn, sql.setEventPayload, data.encode(), row.getLong("id")).mapEmpty());
          }
        }
        return chain;
      }).compose(v -> requoteReplies(conn, redaction));
      case FORGET_CHANNEL -> Sql.run(conn, sql.forgetChannelEvents, target).mapEmpty();
      case FORGET_GUILD -> Sql.run(conn, sql.forgetGuildEvents, target, EventType.GUILD_DELETE.name()).mapEmpty();
    };
  }

  /** Replies (created or edited) quote the message they answer: they follow its edit, and lose the quote when it is deleted. */
  private Future<Void> requoteReplies(SqlConnection conn, Redaction redaction) {
    return Sql.run(conn, sql.eventsOfRepliesTo, redaction.targetId(), EventType.MESSAGE_CREATE.name(), EventType.MESSAGE_UPDATE.name()).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        JsonObject data = requoted(new JsonObject(row.getString("payload")), redaction);
        chain = chain.compose(v -> Sql.run(conn, sql.setEventPayload, data.encode(), row.getLong("id")).mapEmpty());
      }
      return chain;
    });
  }

  /** An earlier event of an edited message, carrying its text as it is now. */
  private static JsonObject rewritten(EventType type, JsonObject data, Redaction redaction) {
    JsonObject now = redaction.replacement();
    if (type == EventType.MESSAGE_UPDATE) {
      return now.copy();
    }
    return data.copy().put("content", now.getString("content")).put("edited_timestamp", now.getString("edited_timestamp"))
        .put("mentions", now.getJsonArray("mentions")).put("mention_roles", now.getJsonArray("mention_roles"))
        .put("mention_everyone", now.getBoolean("mention_everyone")); // an edit parses its mentions again
  }

  private static JsonObject requoted(JsonObject reply, Redaction redaction) {
    if (reply.getJsonObject("referenced_message") == null) {
      return reply; // its quote is gone already
    }
    if (redaction.kind() == Redaction.Kind.FORGET_MESSAGE) {
      return reply.copy().putNull("referenced_message");
    }
    JsonObject quote = reply.getJsonObject("referenced_message").copy()
        .put("content", redaction.replacement().getString("content"))
        .put("edited_timestamp", redaction.replacement().getString("edited_timestamp"));
    return reply.copy().put("referenced_message", quote);
  }

  private Future<Void> insert(SqlConnection conn, List<JsonObject> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(events.size());
    for (JsonObject e : events) {
      EventType type = EventType.of(e);
      rows.add(Tuple.of(e.getLong("id"), type.name(), e.getLong("guild_id"), e.getLong("channel_id"),
          e.getLong("user_id"), e.getJsonObject("data").encode(), type.audience.name(),
          e.getBoolean("reshapes", false) ? 1 : 0, messageOf(e)));
    }
    return conn.preparedQuery(sql.insertEvent).executeBatch(rows).mapEmpty();
  }
}
