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
    JsonObject out = guild.copy().put("channels", visible);
    if (guild.containsKey("threads")) {
      // Discord's guild `threads`: the active threads of channels they may see, and archived ones they joined.
      JsonArray threads = new JsonArray();
      for (Object t : guild.getJsonArray("threads")) {
        JsonObject thread = (JsonObject) t;
        GuildState.Channel ch = state.channels.get(Long.parseLong(thread.getString("id")));
        boolean archived = thread.getJsonObject("thread_metadata").getBoolean("archived", false);
        JsonArray joined = thread.getJsonArray("member_ids", new JsonArray());
        boolean isMember = joined.contains(Long.toString(userId));
        if (state.mayView(member, ch, now) && (!archived || isMember)) {
          JsonObject shown = thread.copy();
          shown.remove("member_ids");
          threads.add(shown.put("joined", isMember));
        }
      }
      out.put("threads", threads);
    }
    // The moderation queue's size is moderators' business, as its events are (REPORT_*: MANAGE_MESSAGES).
    if (out.containsKey("open_report_count") && !state.holds(member, EventType.REPORT_CREATE.permission)) {
      out.remove("open_report_count");
    }
    return out;
  }
}
