package guildhall.permissions;

import guildhall.EventType;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every guild's members, roles, channels and overwrites, kept current by applying committed events in
 * order. Owned by the permissions verticle alone. It also remembers the newest reshaping event it has
 * applied for each guild and user, so that a replay can tell when this state has moved past the page
 * it is judging.
 */
final class PermissionState {
  final Map<Long, GuildState> guilds = new HashMap<>();
  final Map<Long, GuildState> guildOfChannel = new HashMap<>();
  final Map<Long, Set<Long>> guildsOfUser = new HashMap<>();
  /** DMs, group DMs and blocks: channels without a guild. */
  PrivateChannels privates = new PrivateChannels();
  /** Which guild's member list each user shows: a large guild's presence goes to these (see Audiences). */
  final MemberListWatchers memberLists = new MemberListWatchers();
  /** guilds.large_threshold: a guild with more members is large. */
  int largeThreshold = 250;
  private final Map<Long, Long> lastReshapeOfGuild = new HashMap<>();
  private final Map<Long, Long> lastReshapeOfUser = new HashMap<>();

  /** Whether the guild has more members than guilds.large_threshold. */
  boolean isLarge(GuildState guild) {
    return guildhall.Config.isLarge(guild.members.size(), largeThreshold);
  }

  GuildState guild(Long guildId) {
    return guildId == null ? null : guilds.get(guildId);
  }

  /** The channel and its guild, or null when it does not exist (here). */
  GuildState.Channel channel(Long channelId) {
    GuildState guild = channelId == null ? null : guildOfChannel.get(channelId);
    return guild == null ? null : guild.channels.get(channelId);
  }

  GuildState guildOfChannel(Long channelId) {
    return channelId == null ? null : guildOfChannel.get(channelId);
  }

  Set<Long> guildsOf(long userId) {
    return guildsOfUser.getOrDefault(userId, Set.of());
  }

  /** The newest reshaping event applied that may have changed what this user sees. */
  long lastReshapeFor(long userId) {
    long last = lastReshapeOfUser.getOrDefault(userId, 0L);
    for (long guildId : guildsOf(userId)) {
      last = Math.max(last, lastReshapeOfGuild.getOrDefault(guildId, 0L));
    }
    return last;
  }

  void apply(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    EventType type = EventType.of(event);
    GuildState guild = guild(event.getLong("guild_id"));
    noteReshape(type, event);
    if (event.getLong("guild_id") == null && applyPrivate(type, event, data)) {
      return;
    }
    switch (type) {
      case GUILD_CREATE -> {
        // A join also sends GUILD_MEMBER_ADD, which updates a known guild: rebuilding the whole
        // guild for every join would cost as much as its member list, each time.
        if (!guilds.containsKey(Long.parseLong(data.getString("id")))) {
          putGuild(GuildState.from(data));
        }
      }
      case GUILD_UPDATE -> {
        if (guild != null) {
          guild.ownerId = Long.parseLong(data.getString("owner_id"));
          guild.viewers.clear();
        }
      }
      case GUILD_DELETE -> {
        // Scoped to one user: that user is no longer in the guild; the last one out closes it.
        Long userId = event.getLong("user_id");
        if (guild != null && userId != null) {
          removeMember(guild, userId);
          if (guild.members.isEmpty()) {
            removeGuild(guild);
          }
        }
      }
      case GUILD_MEMBER_ADD, GUILD_MEMBER_UPDATE -> {
        if (guild != null) {
          guild.putMember(data);
          guildsOfUser.computeIfAbsent(Long.parseLong(data.getJsonObject("user").getString("id")), k -> new HashSet<>()).add(guild.id);
        }
      }
      case GUILD_MEMBER_REMOVE -> {
        if (guild != null) {
          removeMember(guild, Long.parseLong(data.getJsonObject("user").getString("id")));
        }
      }
      case GUILD_ROLE_CREATE, GUILD_ROLE_UPDATE -> {
        if (guild != null) {
          guild.putRole(data.getJsonObject("role"));
        }
      }
      case GUILD_ROLE_DELETE -> {
        if (guild != null) {
          guild.removeRole(Long.parseLong(data.getString("role_id")));
        }
      }
      case CHANNEL_CREATE, CHANNEL_UPDATE -> {
        if (guild != null) {
          guild.putChannel(data);
          guildOfChannel.put(event.getLong("channel_id"), guild);
        }
      }
      case CHANNEL_DELETE -> {
        if (guild != null) {
          guild.removeChannel(event.getLong("channel_id")).forEach(guildOfChannel::remove);
        }
      }
      // A thread's events name its parent as their channel (their audience); the thread is the data.
      case THREAD_CREATE, THREAD_UPDATE -> {
        if (guild != null) {
          guild.putThread(data);
          guildOfChannel.put(Long.parseLong(data.getString("id")), guild);
        }
      }
      case THREAD_DELETE -> {
        if (guild != null) {
          guild.removeChannel(Long.parseLong(data.getString("id"))).forEach(guildOfChannel::remove);
        }
      }
      default -> { }
    }
  }

  /**
   * A private channel's event, or a relationship's: true when it was one. A CHANNEL_DELETE that names a
   * user takes that user out (the last one out closes the channel); without one, the channel goes.
   */
  private boolean applyPrivate(EventType type, JsonObject event, JsonObject data) {
    switch (type) {
      case CHANNEL_CREATE, CHANNEL_UPDATE -> {
        if (data.containsKey("recipients")) {
          privates.put(data);
          return true;
        }
        return false;
      }
      case CHANNEL_DELETE -> {
        PrivateChannels.Channel channel = privates.get(event.getLong("channel_id"));
        if (channel == null) {
          return false;
        }
        Long userId = event.getLong("user_id");
        if (userId == null) {
          privates.drop(channel);
        } else {
          privates.remove(channel, userId);
        }
        return true;
      }
      case CHANNEL_RECIPIENT_ADD, CHANNEL_RECIPIENT_REMOVE -> {
        PrivateChannels.Channel channel = privates.get(event.getLong("channel_id"));
        long userId = Long.parseLong(data.getJsonObject("user").getString("id"));
        if (channel != null) {
          if (type == EventType.CHANNEL_RECIPIENT_ADD) {
            privates.add(channel, userId);
          } else {
            privates.remove(channel, userId);
          }
        }
        return true;
      }
      case RELATIONSHIP_ADD, RELATIONSHIP_REMOVE -> {
        if (data.getInteger("type", 0) == PrivateChannels.BLOCKED) {
          privates.block(event.getLong("user_id"), Long.parseLong(data.getString("id")), type == EventType.RELATIONSHIP_ADD);
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void noteReshape(EventType type, JsonObject event) {
    if (!event.getBoolean("reshapes", false)) {
      return;
    }
    long id = event.getLong("id");
    switch (type.reshape) {
      case SUBJECT -> lastReshapeOfUser.merge(event.getLong("user_id"), id, Math::max);
      case GUILD -> lastReshapeOfGuild.merge(event.getLong("guild_id"), id, Math::max);
      case NONE -> { }
    }
  }

  void putGuild(GuildState guild) {
    GuildState previous = guilds.put(guild.id, guild);
    if (previous != null) {
      removeGuild(previous);
      guilds.put(guild.id, guild);
    }
    for (long channelId : guild.channels.keySet()) {
      guildOfChannel.put(channelId, guild);
    }
    for (long userId : guild.members.keySet()) {
      guildsOfUser.computeIfAbsent(userId, k -> new HashSet<>()).add(guild.id);
    }
  }

  private void removeGuild(GuildState guild) {
    guilds.remove(guild.id);
    memberLists.gone(guild.id);
    for (long channelId : guild.channels.keySet()) {
      guildOfChannel.remove(channelId);
    }
    for (long userId : guild.members.keySet()) {
      Set<Long> of = guildsOfUser.get(userId);
      if (of != null) {
        of.remove(guild.id);
      }
    }
  }

  private void removeMember(GuildState guild, long userId) {
    guild.removeMember(userId);
    memberLists.left(userId, guild.id);
    Set<Long> of = guildsOfUser.get(userId);
    if (of != null) {
      of.remove(guild.id);
    }
  }
}
