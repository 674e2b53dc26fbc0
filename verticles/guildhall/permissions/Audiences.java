package guildhall.permissions;

import guildhall.EventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * Who may receive an event: the one rule, from the catalogue ({@link EventType#audience}) and the
 * state at the event's time. Live delivery asks {@link #of} after applying the event (before, for a
 * deletion); replay asks {@link #judge}, which serves exactly what {@link #of} gave or answers RESYNC.
 * See {@code fanout/README.md} for why this is exact.
 */
final class Audiences {
  private static final long[] NOBODY = new long[0];
  private final PermissionState state;

  Audiences(PermissionState state) {
    this.state = state;
  }

  /** Everyone who receives the event live. An ephemeral event may be addressed to one user ({@code to_user_id}). */
  long[] of(JsonObject event, long now) {
    Long onlyTo = event.getLong("to_user_id");
    if (onlyTo != null) {
      return new long[] {onlyTo};
    }
    EventType type = EventType.of(event);
    return switch (type.audience) {
      case ONE_USER -> event.getLong("user_id") == null ? NOBODY : new long[] {event.getLong("user_id")};
      case GUILD_MEMBERS -> {
        GuildState guild = state.guild(event.getLong("guild_id"));
        yield guild == null ? NOBODY : guild.memberIds();
      }
      case CHANNEL_VIEWERS, CHANNEL_VIEWERS_SHOWING -> {
        PrivateChannels.Channel dm = state.privates.get(event.getLong("channel_id"));
        if (dm != null) {
          Long named = namedUser(type, event);
          yield named != null ? new long[] {named} : dm.recipientIds();
        }
        GuildState guild = state.guildOfChannel(event.getLong("channel_id"));
        GuildState.Channel channel = state.channel(event.getLong("channel_id"));
        if (channel == null) {
          yield NOBODY;
        }
        yield type.audience == EventType.Audience.CHANNEL_VIEWERS_SHOWING && state.isLarge(guild)
            ? showingAndViewing(guild, channel, now) : guild.viewersOf(channel, now);
      }
      case PERMISSION_HOLDERS -> {
        GuildState guild = state.guild(event.getLong("guild_id"));
        yield guild == null ? NOBODY : guild.holdersOf(type.permission);
      }
      case SHARED_GUILDS -> withSharedGuilds(event.getLong("user_id"));
      case ONE_STREAM -> NOBODY;
    };
  }

  /** Whether one user is in {@link #of}: the same cases, asked of one member instead of all. */
  boolean includes(JsonObject event, long userId, long now) {
    EventType type = EventType.of(event);
    return switch (type.audience) {
      case ONE_USER -> Long.valueOf(userId).equals(event.getLong("user_id"));
      case GUILD_MEMBERS -> {
        GuildState guild = state.guild(event.getLong("guild_id"));
        yield guild != null && guild.members.containsKey(userId);
      }
      case CHANNEL_VIEWERS -> {
        PrivateChannels.Channel dm = state.privates.get(event.getLong("channel_id"));
        if (dm != null) {
          Long named = namedUser(type, event);
          yield named != null ? named == userId : dm.recipients.contains(userId);
        }
        GuildState guild = state.guildOfChannel(event.getLong("channel_id"));
        GuildState.Channel channel = state.channel(event.getLong("channel_id"));
        yield channel != null && guild.mayView(guild.members.get(userId), channel, now);
      }
      case PERMISSION_HOLDERS -> {
        GuildState guild = state.guild(event.getLong("guild_id"));
        yield guild != null && guild.holds(guild.members.get(userId), type.permission);
      }
      case SHARED_GUILDS, CHANNEL_VIEWERS_SHOWING, ONE_STREAM -> false; // ephemeral or stream control: never in the log
    };
  }

  /**
   * A private channel's CHANNEL_CREATE or CHANNEL_DELETE that names a user (the one added, or the one who
   * left or was removed) concerns that user alone; the others hear of it as CHANNEL_RECIPIENT_ADD/REMOVE.
   */
  private static Long namedUser(EventType type, JsonObject event) {
    return type == EventType.CHANNEL_CREATE || type == EventType.CHANNEL_DELETE ? event.getLong("user_id") : null;
  }

  /** What an event looks like to one receiver: a GUILD_CREATE carries only the channels they may see. */
  static JsonObject forReceiver(JsonObject event) {
    if (EventType.of(event) == EventType.GUILD_CREATE) {
      return event.copy().put("data", Visibility.visibleGuild(event.getJsonObject("data"), event.getLong("user_id")));
    }
    return event;
  }

  /** Whether an event's shape depends on who receives it beyond {@link #forReceiver(JsonObject)}: a private channel's recipients. */
  static boolean shapedPerReceiver(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    return event.getLong("guild_id") == null && data != null && data.getValue("recipients") instanceof JsonArray;
  }

  /** As Discord: a private channel's {@code recipients} leave out the one receiving it. */
  static JsonObject forReceiver(JsonObject event, long userId) {
    if (!shapedPerReceiver(event)) {
      return forReceiver(event);
    }
    JsonObject data = event.getJsonObject("data").copy();
    JsonArray others = new JsonArray();
    String me = Long.toString(userId);
    for (Object r : data.getJsonArray("recipients")) {
      if (!me.equals(((JsonObject) r).getString("id"))) {
        others.add(r);
      }
    }
    return event.copy().put("data", data.put("recipients", others));
  }

  /**
   * Whether a logged reshaping event may have changed what this user receives: then no replay across
   * it can be judged from today's state.
   */
  boolean mayHaveReshaped(JsonObject event, long userId) {
    if (!event.getBoolean("reshapes", false)) {
      return false;
    }
    return switch (EventType.of(event).reshape) {
      case SUBJECT -> Long.valueOf(userId).equals(event.getLong("user_id"));
      // A member now, or one then: had they joined or left since, that would be an event of its own.
      case GUILD -> state.guildsOf(userId).contains(event.getLong("guild_id"));
      case NONE -> false;
    };
  }

  /**
   * One page of a replay for one user: {resync: true}, or {events} holding exactly those the user
   * received live. {@code membershipsBegun}: guild id → the id of the GUILD_CREATE that began the
   * user's first membership after the cursor; that guild's earlier events were not theirs.
   * {@code membershipsEnded}: guilds whose membership of the user ended after the cursor: what they saw
   * in it, today's state cannot say. {@code through}: the newest id this replay has read.
   */
  JsonObject judge(long userId, JsonArray page, JsonObject membershipsBegun, JsonArray membershipsEnded, long through, long now) {
    if (!membershipsEnded.isEmpty()) {
      return resync();
    }
    JsonArray served = new JsonArray();
    for (Object e : page) {
      JsonObject event = (JsonObject) e;
      Long guildId = event.getLong("guild_id");
      Long begun = guildId == null ? null : membershipsBegun.getLong(guildId.toString());
      if (begun != null && event.getLong("id") < begun) {
        continue; // before the user's membership: neither theirs to see nor able to reshape what they saw
      }
      if (mayHaveReshaped(event, userId)) {
        return resync();
      }
      if (includes(event, userId, now)) {
        served.add(forReceiver(event, userId));
      }
    }
    if (state.lastReshapeFor(userId) > through) {
      // The state has applied a reshaping event this replay has not read yet: it judged with the future.
      return resync();
    }
    return new JsonObject().put("resync", false).put("events", served);
  }

  private static JsonObject resync() {
    return new JsonObject().put("resync", true).put("events", new JsonArray());
  }

  /**
   * Of a large guild's members, those who show its member list and may view the channel: the list's
   * watchers are few beside the members (a user shows one list at a time), so they are the ones asked.
   */
  private long[] showingAndViewing(GuildState guild, GuildState.Channel channel, long now) {
    return state.memberLists.of(guild.id).stream()
        .filter(userId -> guild.mayView(guild.members.get(userId), channel, now))
        .mapToLong(Long::longValue).toArray();
  }

  /**
   * The event's user; everyone who shares a small guild with them; of a large guild (above
   * guilds.large_threshold), only those who show its member list (a change there reaching every member
   * would cost each change a write per member, and nobody draws it without the list open); and everyone
   * who shares a DM or a group DM with them.
   */
  private long[] withSharedGuilds(Long userId) {
    if (userId == null) {
      return NOBODY;
    }
    Set<Long> users = new HashSet<>();
    users.add(userId);
    for (long guildId : state.guildsOf(userId)) {
      GuildState guild = state.guilds.get(guildId);
      users.addAll(state.isLarge(guild) ? state.memberLists.of(guildId) : guild.members.keySet());
    }
    for (long channelId : state.privates.of(userId)) {
      users.addAll(state.privates.channels.get(channelId).recipients);
    }
    return users.stream().mapToLong(Long::longValue).toArray();
  }
}
