package guildhall.permissions;

import guildhall.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * What a message's mentions come to, from the state at its sending: the roles that are the guild's,
 * whether its {@code @everyone}/{@code @here} counts (the author holds MENTION_EVERYONE in the channel),
 * and whom it pings. A user is pinged when they may view the channel (they receive the message: the same
 * rule as its audience) and are not its author, and it names them, a role of theirs, or everyone; in a
 * DM or group DM every message pings its other recipients, as in Discord.
 */
final class MentionTargets {
  private MentionTargets() {}

  /** {channel_id, user_id (the author), user_ids, role_ids, everyone} → {role_ids, everyone, pinged}. */
  static JsonObject resolve(PermissionState state, JsonObject req, long now) {
    long channelId = Ids.require(req, "channel_id");
    long authorId = Ids.require(req, "user_id");
    JsonArray pinged = new JsonArray();
    JsonArray roleIds = new JsonArray();
    PrivateChannels.Channel dm = state.privates.get(channelId);
    if (dm != null) {
      for (long recipient : dm.recipients) {
        if (recipient != authorId) {
          pinged.add(Ids.str(recipient));
        }
      }
      return new JsonObject().put("role_ids", roleIds).put("everyone", false).put("pinged", pinged);
    }
    GuildState guild = state.guildOfChannel(channelId);
    GuildState.Channel channel = state.channel(channelId);
    if (guild == null || channel == null) {
      return new JsonObject().put("role_ids", roleIds).put("everyone", false).put("pinged", pinged);
    }
    Set<Long> users = ids(req.getJsonArray("user_ids"));
    Set<Long> roles = new HashSet<>();
    for (long roleId : ids(req.getJsonArray("role_ids"))) {
      if (roleId != guild.id && guild.roles.containsKey(roleId)) { // the guild's id is @everyone's role: not a role mention
        roles.add(roleId);
        roleIds.add(Ids.str(roleId));
      }
    }
    GuildState.Member author = guild.members.get(authorId);
    boolean everyone = req.getBoolean("everyone", false) && author != null
        && Permissions.has(guild.channelPermissions(author, channel, now), Permissions.MENTION_EVERYONE);
    for (long viewer : guild.viewersOf(channel, now)) {
      if (viewer == authorId) {
        continue;
      }
      if (everyone || users.contains(viewer) || holdsAny(guild.members.get(viewer), roles)) {
        pinged.add(Ids.str(viewer));
      }
    }
    return new JsonObject().put("role_ids", roleIds).put("everyone", everyone).put("pinged", pinged);
  }

  private static boolean holdsAny(GuildState.Member member, Set<Long> roles) {
    if (member == null || roles.isEmpty()) {
      return false;
    }
    for (long roleId : roles) {
      if (member.roleIds.contains(roleId)) {
        return true;
      }
    }
    return false;
  }

  private static Set<Long> ids(JsonArray array) {
    Set<Long> out = new HashSet<>();
    if (array != null) {
      for (Object o : array) {
        out.add(Long.parseLong((String) o));
      }
    }
    return out;
  }
}
