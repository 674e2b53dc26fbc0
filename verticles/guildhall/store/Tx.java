package guildhall.store;

import guildhall.EventType;
import guildhall.Snowflake;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * One write's view of the group-commit transaction it runs in: the connection, the clock, ids, and
 * the events the write emits. Events are inserted in the same transaction as the change they describe.
 */
final class Tx {
  final SqlConnection conn;
  final long now;
  private final Snowflake ids;
  final List<JsonObject> events = new ArrayList<>();
  final List<EventLog.Redaction> redactions = new ArrayList<>();

  Tx(SqlConnection conn, Snowflake ids) {
    this.conn = conn;
    this.ids = ids;
    this.now = System.currentTimeMillis();
  }

  long nextId() {
    return ids.next();
  }

  /**
   * Records an event of a type that always or never reshapes what its receivers see (see
   * {@link EventType.Reshape}). Scope: the guild, channel and user it concerns; the catalogue says which
   * of them decides its audience.
   */
  JsonObject emit(EventType type, Long guildId, Long channelId, Long userId, JsonObject data) {
    return emit(type, guildId, channelId, userId, data, type.reshape != EventType.Reshape.NONE);
  }

  /** Records an event whose type reshapes only sometimes: the writer, who knows what changed, says whether this one does. */
  JsonObject emit(EventType type, Long guildId, Long channelId, Long userId, JsonObject data, boolean reshapes) {
    JsonObject event = new JsonObject()
        .put("id", ids.next())
        .put("type", type.name())
        .put("guild_id", guildId)
        .put("channel_id", channelId)
        .put("user_id", userId)
        .put("reshapes", reshapes && type.reshape != EventType.Reshape.NONE)
        .put("data", data);
    events.add(event);
    return event;
  }

  /** The log forgets a deleted message: its text, its edits, its reactions, and replies' quotes of it. */
  void forgetMessage(long messageId) {
    redact(EventLog.Redaction.Kind.FORGET_MESSAGE, messageId, null);
  }

  /** The log's earlier events of an edited message carry its new text, never the old. */
  void rewriteMessage(long messageId, JsonObject update) {
    redact(EventLog.Redaction.Kind.REWRITE_MESSAGE, messageId, update);
  }

  /** Nothing a deleted channel said stays in the log (a replay across its deletion answers RESYNC anyway). */
  void forgetChannel(long channelId) {
    redact(EventLog.Redaction.Kind.FORGET_CHANNEL, channelId, null);
  }

  /** Nothing a deleted guild said stays in the log, except who left it. */
  void forgetGuild(long guildId) {
    redact(EventLog.Redaction.Kind.FORGET_GUILD, guildId, null);
  }

  private void redact(EventLog.Redaction.Kind kind, long targetId, JsonObject replacement) {
    redactions.add(new EventLog.Redaction(kind, targetId, ids.next(), replacement));
  }
}
