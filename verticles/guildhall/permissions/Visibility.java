package guildhall.permissions;

import guildhall.EventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Trims a whole guild (as the store assembles it) to what one member may see: the channels they
 * cannot view are left out. Decides from the guild's own data, so a snapshot stays consistent with
 * itself, by the same rules as everything else ({@link Permissions}).
 */
public final class Visibility {
  private Visibility() {}

  public static JsonObject visibleGuild(JsonObject guild, long userId) {
    GuildState state = GuildState.from(guild);
    GuildState.Member member = state.members.get(userId);
    long now = System.currentTimeMillis();
    JsonArray visible = new JsonArray();
    for (Object c : guild.getJsonArray("channels", new JsonArray())) {
      JsonObject channel = (JsonObject) c;
      GuildState.Channel ch = state.channels.get(Long.parseLong(channel.getString("id")));
      if (state.mayView(member, ch, now)) {
        visible.add(channel);
      }
    }
    JsonObject trimmed = guild.copy().put("channels", visible);
    // The moderation queue's size is moderators' business, as its events are (REPORT_*: MANAGE_MESSAGES).
    if (trimmed.containsKey("open_report_count") && !state.holds(member, EventType.REPORT_CREATE.permission)) {
      trimmed.remove("open_report_count");
    }
    return trimmed;
  }
}
