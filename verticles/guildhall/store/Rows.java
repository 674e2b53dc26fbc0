package guildhall.store;

import guildhall.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns rows into the API's JSON objects, with Discord's field names. */
final class Rows {
  private Rows() {}

  static String iso(Long epochMs) {
    return epochMs == null ? null : Instant.ofEpochMilli(epochMs).toString();
  }

  static boolean flag(Row row, String column) {
    Number n = (Number) row.getValue(column);
    return n != null && n.intValue() != 0;
  }

  /** Reads a BIGINT column whichever Java type the driver chose. */
  static Long longOrNull(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? null : ((Number) value).longValue();
  }

  static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(mapper.apply(row));
    }
    return out;
  }

  static Row first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? it.next() : null;
  }

  static JsonObject user(Row row) {
    return user(row.getLong("id"), row.getString("username"), row.getString("global_name"))
        .put("has_password", row.getString("password_hash") != null);
  }

  static JsonObject user(long id, String username, String globalName) {
    return new JsonObject().put("id", Ids.str(id)).put("username", username).put("global_name", globalName);
  }

  static JsonObject guild(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("id")))
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("owner_id", Ids.str(row.getLong("owner_id")))
        .put("public", flag(row, "is_public"));
  }

  static JsonObject role(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("id")))
        .put("guild_id", Ids.str(row.getLong("guild_id")))
        .put("name", row.getString("name"))
        .put("color", row.getInteger("color"))
        .put("permissions", Long.toString(longOrNull(row, "permissions")))
        .put("position", row.getInteger("position"))
        .put("hoist", flag(row, "hoist"))
        .put("mentionable", flag(row, "mentionable"));
  }

  static JsonObject member(Row row) {
    return new JsonObject()
        .put("guild_id", Ids.str(row.getLong("guild_id")))
        .put("user", user(row.getLong("user_id"), row.getString("username"), row.getString("global_name")))
        .put("nick", row.getString("nick"))
        .put("roles", new JsonArray())
        .put("joined_at", iso(longOrNull(row, "joined_at")))
        .put("communication_disabled_until", iso(longOrNull(row, "communication_disabled_until")));
  }

  static JsonObject channel(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("id")))
        .put("guild_id", Ids.strOrNull(longOrNull(row, "guild_id")))
        .put("type", row.getInteger("type"))
        .put("name", row.getString("name"))
        .put("topic", row.getString("topic"))
        .put("position", row.getInteger("position"))
        .put("parent_id", Ids.strOrNull(longOrNull(row, "parent_id")))
        .put("last_message_id", Ids.strOrNull(longOrNull(row, "last_message_id")))
        .put("permission_overwrites", new JsonArray());
  }

  static JsonObject overwrite(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("target_id")))
        .put("type", row.getInteger("type"))
        .put("allow", Long.toString(longOrNull(row, "allow_bits")))
        .put("deny", Long.toString(longOrNull(row, "deny_bits")));
  }

  static JsonObject message(Row row) {
    Long replyTo = longOrNull(row, "reply_to");
    Long refId = longOrNull(row, "ref_id");
    JsonObject referenced = null;
    if (refId != null) {
      referenced = new JsonObject()
          .put("id", Ids.str(refId))
          .put("channel_id", Ids.str(row.getLong("channel_id")))
          .put("author", user(row.getLong("ref_author_id"), row.getString("ref_author_username"), row.getString("ref_author_global_name")))
          .put("content", row.getString("ref_content"))
          .put("edited_timestamp", iso(longOrNull(row, "ref_edited_at")));
    }
    long id = row.getLong("id");
    return new JsonObject()
        .put("id", Ids.str(id))
        .put("channel_id", Ids.str(row.getLong("channel_id")))
        .put("guild_id", Ids.strOrNull(longOrNull(row, "guild_id")))
        .put("author", user(row.getLong("author_id"), row.getString("author_username"), row.getString("author_global_name")))
        .put("content", row.getString("content"))
        .put("timestamp", iso(guildhall.Snowflake.timestampMs(id)))
        .put("edited_timestamp", iso(longOrNull(row, "edited_at")))
        .put("nonce", row.getString("nonce"))
        .put("type", row.getInteger("type"))
        .put("mentions", new JsonArray())
        .put("mention_roles", new JsonArray())
        .put("mention_everyone", false)
        .put("message_reference", replyTo == null ? null : new JsonObject().put("message_id", Ids.str(replyTo)))
        .put("referenced_message", referenced)
        .put("reactions", new JsonArray())
        .put("pinned", flag(row, "pinned"));
  }

  static JsonObject event(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("type", row.getString("type"))
        .put("guild_id", longOrNull(row, "guild_id"))
        .put("channel_id", longOrNull(row, "channel_id"))
        .put("user_id", longOrNull(row, "user_id"))
        .put("reshapes", ((Number) row.getValue("reshapes")).intValue() == 1)
        .put("data", new JsonObject(row.getString("payload")));
  }
}
