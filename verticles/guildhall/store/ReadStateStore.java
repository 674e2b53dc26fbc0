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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read states (Discord's): per user and channel, the newest message read and how many mentions of the user
 * came after it. The count is the rows of {@code unread_mentions} past the read message: written at the
 * send for whom it pinged, removed by the ack that reads past them.
 */
final class ReadStateStore {
  private final SqlQueries sql;
  private final GroupCommit writes;

  ReadStateStore(SqlQueries sql, GroupCommit writes) {
    this.sql = sql;
    this.writes = writes;
  }

  /**
   * The user read the channel up to a message. Forward only: an older (or the same) message changes nothing
   * and sends nothing, and the reply is the read state as it stands. The caller has checked the channel is visible.
   */
  Future<JsonObject> ack(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long channelId = Ids.require(req, "channel_id");
    long messageId = Ids.require(req, "message_id");
    Long guildId = Ids.get(req, "guild_id");
    return writes.submit((tx, conn) -> Sql.one(conn, sql.messageInChannel, messageId, channelId).compose(message -> {
      if (message == null) {
        throw ApiError.notFound("message");
      }
      return Sql.run(conn, sql.advanceReadState, userId, channelId, messageId).compose(advanced -> {
        if (advanced.rowCount() == 0) {
          return Sql.one(conn, sql.readState, userId, channelId).compose(row -> {
            long last = Rows.longOrNull(row, "last_message_id");
            return mentionCount(conn, userId, channelId, last).map(count -> state(channelId, last, count));
          });
        }
        return Sql.run(conn, sql.forgetReadMentions, userId, channelId, messageId)
            .compose(v -> mentionCount(conn, userId, channelId, messageId))
            .map(count -> {
              tx.emit(EventType.MESSAGE_ACK, guildId, channelId, userId, new JsonObject()
                  .put("channel_id", Ids.str(channelId)).put("message_id", Ids.str(messageId)).put("mention_count", count));
              return state(channelId, messageId, count);
            });
      });
    }));
  }

  private Future<Integer> mentionCount(SqlClient conn, long userId, long channelId, long after) {
    return Sql.one(conn, sql.mentionCount, userId, channelId, after).map(row -> ((Number) row.getValue("count")).intValue());
  }

  private static JsonObject state(long channelId, Long lastMessageId, int mentionCount) {
    return new JsonObject().put("channel_id", Ids.str(channelId)).put("last_message_id", Ids.strOrNull(lastMessageId))
        .put("mention_count", mentionCount);
  }

  /**
   * Every read state of one user, in the snapshot's read: each channel read in, or with a mention not read
   * past (last_message_id null: never read). Which of them the user may see now is for the caller to keep.
   */
  static Future<JsonArray> ofUser(SqlQueries sql, SqlClient conn, long userId) {
    Map<Long, JsonObject> byChannel = new LinkedHashMap<>();
    return Sql.run(conn, sql.readStatesOfUser, userId).compose(rows -> {
      for (Row row : rows) {
        long channelId = row.getLong("channel_id");
        byChannel.put(channelId, state(channelId, Rows.longOrNull(row, "last_message_id"), 0));
      }
      return Sql.run(conn, sql.mentionCountsOfUser, userId);
    }).map((RowSet<Row> rows) -> {
      for (Row row : rows) {
        long channelId = row.getLong("channel_id");
        int count = ((Number) row.getValue("count")).intValue();
        byChannel.computeIfAbsent(channelId, id -> state(id, null, 0)).put("mention_count", count);
      }
      return new JsonArray(new java.util.ArrayList<>(byChannel.values()));
    });
  }
}
