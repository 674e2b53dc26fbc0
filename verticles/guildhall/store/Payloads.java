package guildhall.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import guildhall.Ids;
import io.vertx.core.json.JsonObject;

/**
 * The fixed-shape event payloads, as typed records: each one's fields are declared once here (and in
 * its {@code <Type>Event} schema in openapi.yaml), and jackson-databind writes them. The payloads that
 * are whole objects (a message, a channel, a member, a guild) come from {@link Rows}.
 */
final class Payloads {
  private Payloads() {}

  /** MESSAGE_DELETE. */
  record MessageDeleted(String id, @JsonProperty("channel_id") String channelId, @JsonProperty("guild_id") String guildId) {
    MessageDeleted(long id, long channelId, Long guildId) {
      this(Ids.str(id), Ids.str(channelId), Ids.strOrNull(guildId));
    }
  }

  /** MESSAGE_REACTION_ADD and MESSAGE_REACTION_REMOVE: with the resulting count, so that clients set it rather than add to it. */
  record ReactionChanged(@JsonProperty("user_id") String userId, @JsonProperty("channel_id") String channelId,
                         @JsonProperty("message_id") String messageId, @JsonProperty("guild_id") String guildId,
                         Emoji emoji, int count) {
    ReactionChanged(long userId, long channelId, long messageId, Long guildId, String emoji, int count) {
      this(Ids.str(userId), Ids.str(channelId), Ids.str(messageId), Ids.strOrNull(guildId), new Emoji(emoji), count);
    }
  }

  record Emoji(String name) {}

  /** CHANNEL_DELETE: only what identifies the channel; its name, topic and overwrites stay with those who saw it. */
  record ChannelDeleted(String id, @JsonProperty("guild_id") String guildId, int type, @JsonProperty("parent_id") String parentId) {
    ChannelDeleted(long id, long guildId, int type, String parentId) {
      this(Ids.str(id), Ids.str(guildId), type, parentId);
    }
  }

  /**
   * GUILD_DELETE, to one user: their membership of the guild ended, and why, so that a client can tell
   * a kicked or banned user what happened instead of the guild just vanishing.
   */
  record GuildDeleted(String id, String reason) {
    static final String LEFT = "left";
    static final String KICKED = "kicked";
    static final String BANNED = "banned";
    static final String DELETED = "deleted";

    GuildDeleted(long id, String reason) {
      this(Ids.str(id), reason);
    }
  }

  /** GUILD_ROLE_DELETE. */
  record RoleDeleted(@JsonProperty("guild_id") String guildId, @JsonProperty("role_id") String roleId) {
    RoleDeleted(long guildId, long roleId) {
      this(Ids.str(guildId), Ids.str(roleId));
    }
  }

  /** GUILD_BAN_ADD, GUILD_BAN_REMOVE and GUILD_MEMBER_REMOVE: a guild and a user. */
  record GuildUser(@JsonProperty("guild_id") String guildId, JsonObject user) {
    GuildUser(long guildId, JsonObject user) {
      this(Ids.str(guildId), user);
    }
  }

  static JsonObject json(Record payload) {
    return JsonObject.mapFrom(payload);
  }
}
