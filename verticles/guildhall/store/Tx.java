package guildhall.store;

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

  Tx(SqlConnection conn, Snowflake ids) {
    this.conn = conn;
    this.ids = ids;
    this.now = System.currentTimeMillis();
  }

  long nextId() {
    return ids.next();
  }

  /**
   * Records an event. Scope decides its audience: {@code userId} alone means that user; a channel
   * means whoever may view it; a guild alone means its members.
   */
  void emit(String type, Long guildId, Long channelId, Long userId, JsonObject data) {
    events.add(new JsonObject()
        .put("id", ids.next())
        .put("type", type)
        .put("guild_id", guildId)
        .put("channel_id", channelId)
        .put("user_id", userId)
        .put("data", data));
  }
}
