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

  /**
   * A member as the snapshot lists it inside its guild: without the guild's id, which the guild around it
   * gives, and without a nick or timeout that is not set. Half the bytes of a member record, and members
   * are most of a snapshot (a large guild brings a page of a hundred).
   */
  static JsonObject listed(JsonObject member) {
    member.remove("guild_id");
    if (member.getValue("nick") == null) {
      member.remove("nick");
    }
    if (member.getValue("communication_disabled_until") == null) {
      member.remove("communication_disabled_until");
    }
    return member;
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

  /** A thread as Discord shapes it: a type 11 channel with its owner, counts and thread_metadata. */
  static JsonObject thread(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("id")))
        .put("guild_id", Ids.strOrNull(longOrNull(row, "guild_id")))
        .put("type", row.getInteger("type"))
        .put("name", row.getString("name"))
        .put("parent_id", Ids.strOrNull(longOrNull(row, "parent_id")))
        .put("owner_id", Ids.str(longOrNull(row, "owner_id")))
        .put("last_message_id", Ids.strOrNull(longOrNull(row, "last_message_id")))
        .put("message_count", ((Number) row.getValue("message_count")).intValue())
        .put("member_count", ((Number) row.getValue("member_count")).intValue())
        .put("thread_metadata", new JsonObject()
            .put("archived", flag(row, "archived"))
            .put("auto_archive_duration", row.getInteger("auto_archive_duration"))
            .put("archive_timestamp", iso(longOrNull(row, "archive_timestamp")))
            .put("locked", flag(row, "locked"))
            .put("create_timestamp", iso(longOrNull(row, "created_at"))));
  }

  static JsonObject overwrite(Row row) {
    return new JsonObject()
        .put("id", Ids.str(row.getLong("target_id")))
        .put("type", row.getInteger("type"))
        .put("allow", Long.toString(longOrNull(row, "allow_bits")))
        .put("deny", Long.toString(longOrNull(row, "deny_bits")));
  }

  /** A message as a row of {@code SqlQueries}' message queries has it (author and quoted message joined in). */
  static JsonObject message(Row row) {
    Long refId = longOrNull(row, "ref_id");
    JsonObject referenced = refId == null ? null : quote(refId, row.getLong("channel_id"),
        user(row.getLong("ref_author_id"), row.getString("ref_author_username"), row.getString("ref_author_global_name")),
        row.getString("ref_content"), iso(longOrNull(row, "ref_edited_at")));
    return message(row.getLong("id"), row.getLong("channel_id"), longOrNull(row, "guild_id"),
        user(row.getLong("author_id"), row.getString("author_username"), row.getString("author_global_name")),
        row.getString("content"), longOrNull(row, "edited_at"), row.getString("nonce"), row.getInteger("type"),
        longOrNull(row, "reply_to"), referenced, flag(row, "pinned"), MentionFields.of(row));
  }

  /**
   * A message's parsed mentions as Discord shows them: {@code mentions} (user objects), {@code mention_roles}
   * (ids) and {@code mention_everyone}. Stored as JSON text on the message's row, null when there are none.
   */
  record MentionFields(JsonArray users, JsonArray roles, boolean everyone) {
    static final MentionFields NONE = new MentionFields(new JsonArray(), new JsonArray(), false);

    static MentionFields of(Row row) {
      String users = row.getString("mentions_json");
      String roles = row.getString("mention_roles_json");
      boolean everyone = flag(row, "mention_everyone");
      return users == null && roles == null && !everyone ? NONE
          : new MentionFields(users == null ? new JsonArray() : new JsonArray(users), roles == null ? new JsonArray() : new JsonArray(roles), everyone);
    }

    boolean isEmpty() {
      return users.isEmpty() && roles.isEmpty() && !everyone;
    }

    /** The three columns as stored: nulls for a message that mentions no one. */
    String usersColumn() {
      return users.isEmpty() ? null : users.encode();
    }

    String rolesColumn() {
      return roles.isEmpty() ? null : roles.encode();
    }

    int everyoneColumn() {
      return everyone ? 1 : 0;
    }

    /** Writes them into a message's JSON (an edit's, whose mentions are parsed again). */
    JsonObject into(JsonObject message) {
      return message.put("mentions", users.copy()).put("mention_roles", roles.copy()).put("mention_everyone", everyone);
    }
  }

  /** The one place a message's JSON is built (Discord's fields); reactions are filled in by whoever reads them. */
  static JsonObject message(long id, long channelId, Long guildId, JsonObject author, String content, Long editedAt,
                            String nonce, int type, Long replyTo, JsonObject referenced, boolean pinned, MentionFields mentions) {
    return new JsonObject()
        .put("id", Ids.str(id))
        .put("channel_id", Ids.str(channelId))
        .put("guild_id", Ids.strOrNull(guildId))
        .put("author", author)
        .put("content", content)
        .put("timestamp", iso(guildhall.Snowflake.timestampMs(id)))
        .put("edited_timestamp", iso(editedAt))
        .put("nonce", nonce)
        .put("type", type)
        .put("mentions", mentions.users().copy())
        .put("mention_roles", mentions.roles().copy())
        .put("mention_everyone", mentions.everyone())
        .put("message_reference", replyTo == null ? null : new JsonObject().put("message_id", Ids.str(replyTo)))
        .put("referenced_message", referenced)
        .put("reactions", new JsonArray())
        .put("pinned", pinned);
  }

  /** The quoted message of a reply: enough to draw the quote. */
  static JsonObject quote(long id, long channelId, JsonObject author, String content, String editedTimestamp) {
    return new JsonObject().put("id", Ids.str(id)).put("channel_id", Ids.str(channelId)).put("author", author)
        .put("content", content).put("edited_timestamp", editedTimestamp);
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
