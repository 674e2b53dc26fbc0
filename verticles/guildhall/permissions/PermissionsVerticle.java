package guildhall.permissions;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.Ids;
import guildhall.fanout.Deliveries;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from memory, what a user may do and see. Loads every guild's members, roles, channels and
 * overwrites at start, then follows committed events, so no request costs a query. It is also the
 * first stop of every committed event on this node: it applies the event, works out who may see it,
 * and hands both to this node's fan-out. One ordered path, so an audience is never computed from
 * state older than the event.
 */
public class PermissionsVerticle extends VerticleBase {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Map<Long, GuildState> guilds = new HashMap<>();
  private final Map<Long, GuildState> guildOfChannel = new HashMap<>();
  private final Map<Long, Set<Long>> guildsOfUser = new HashMap<>();
  /** Events that arrive while the start-up state loads, applied after it. */
  private List<JsonArray> early = new ArrayList<>();

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    var committed = bus.<JsonArray>consumer(Addresses.EVENTS_COMMITTED, msg -> onCommitted(msg.body()));
    // Listen cluster-wide before loading, so nothing committed in between is missed.
    return committed.completion().compose(v -> bus.<JsonObject>request(Addresses.STORE_PERMISSION_STATE, new JsonObject()).map(reply -> {
      JsonObject state = reply.body();
      for (Object g : state.getJsonArray("guilds")) {
        putGuild(GuildState.from((JsonObject) g));
      }
      Long cursor = state.getLong("cursor");
      List<JsonArray> buffered = early;
      early = null;
      for (JsonArray batch : buffered) {
        JsonArray newer = new JsonArray();
        for (Object e : batch) {
          if (cursor == null || ((JsonObject) e).getLong("id") > cursor) {
            newer.add(e);
          }
        }
        onCommitted(newer);
      }
      // Node-local: each node answers its own requests from its own (equal) state.
      bus.localConsumer(Addresses.PERMISSIONS_CHECK, this::check);
      bus.localConsumer(Addresses.PERMISSIONS_FILTER, this::filter);
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_EPHEMERAL, msg -> onEphemeral(msg.body()));
      return null;
    }));
  }

  // ---- following committed events

  private void onCommitted(JsonArray events) {
    if (early != null) {
      early.add(events);
      return;
    }
    List<Deliveries.Delivery> out = new ArrayList<>(events.size());
    long now = System.currentTimeMillis();
    for (Object e : events) {
      JsonObject event = (JsonObject) e;
      // A deleted channel's audience is who could see it before; everything else is judged after the change.
      long[] audience = "CHANNEL_DELETE".equals(event.getString("type")) ? audience(event, now) : null;
      GuildState guild = changesVisibility(event) ? guilds.get(event.getLong("guild_id")) : null;
      Map<Long, long[]> viewersBefore = guild == null ? null : guild.allViewers(now);
      apply(event);
      if (audience == null) {
        audience = audience(event, now);
      }
      event = forOneUser(event);
      if (audience.length > 0) {
        out.add(new Deliveries.Delivery(event, audience));
      }
      if (viewersBefore != null && guilds.get(guild.id) == guild) {
        visibilityChanges(guild, viewersBefore, guild.allViewers(now), out);
      }
    }
    if (!out.isEmpty()) {
      vertx.eventBus().send(Addresses.FANOUT_DELIVER, new Deliveries(out), LOCAL);
    }
  }

  private void apply(JsonObject event) {
    JsonObject data = event.getJsonObject("data");
    Long guildId = event.getLong("guild_id");
    GuildState guild = guildId == null ? null : guilds.get(guildId);
    switch (event.getString("type")) {
      case "GUILD_CREATE" -> {
        // A join also sends GUILD_MEMBER_ADD, which already updated a known guild: rebuilding the whole
        // guild for every join would cost as much as its member list, each time.
        if (!guilds.containsKey(Long.parseLong(data.getString("id")))) {
          putGuild(GuildState.from(data));
        }
      }
      case "GUILD_UPDATE" -> {
        if (guild != null) {
          guild.ownerId = Long.parseLong(data.getString("owner_id"));
          guild.viewers.clear();
        }
      }
      case "GUILD_DELETE" -> {
        // Scoped to one user: that user is no longer in the guild; the last one out closes it.
        GuildState left = guilds.get(Long.parseLong(data.getString("id")));
        Long userId = event.getLong("user_id");
        if (left != null && userId != null) {
          removeMember(left, userId);
          if (left.members.isEmpty()) {
            removeGuild(left);
          }
        }
      }
      case "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE" -> {
        if (guild != null) {
          guild.putMember(data);
          guildsOfUser.computeIfAbsent(Long.parseLong(data.getJsonObject("user").getString("id")), k -> new HashSet<>()).add(guild.id);
        }
      }
      case "GUILD_MEMBER_REMOVE" -> {
        if (guild != null) {
          removeMember(guild, Long.parseLong(data.getJsonObject("user").getString("id")));
        }
      }
      case "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE" -> {
        if (guild != null) {
          guild.putRole(data.getJsonObject("role"));
        }
      }
      case "GUILD_ROLE_DELETE" -> {
        if (guild != null) {
          guild.removeRole(Long.parseLong(data.getString("role_id")));
        }
      }
      case "CHANNEL_CREATE", "CHANNEL_UPDATE" -> {
        if (guild != null) {
          guild.putChannel(data);
          guildOfChannel.put(event.getLong("channel_id"), guild);
        }
      }
      case "CHANNEL_DELETE" -> {
        if (guild != null) {
          guild.removeChannel(event.getLong("channel_id"));
          guildOfChannel.remove(event.getLong("channel_id"));
        }
      }
      default -> { }
    }
  }

  /** Events that can show or hide channels from members: roles, a member's roles, overwrites, ownership. */
  private static boolean changesVisibility(JsonObject event) {
    return event.getLong("guild_id") != null && switch (event.getString("type")) {
      case "GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE", "GUILD_MEMBER_UPDATE", "CHANNEL_UPDATE", "GUILD_UPDATE" -> true;
      default -> false;
    };
  }

  /**
   * Whoever can newly see a channel gets CHANNEL_CREATE for it; whoever no longer can gets CHANNEL_DELETE,
   * and from then on nothing from it. These carry no event id: a stream that replays across such a change
   * is sent RESYNC instead (see {@link #filter}).
   */
  private static void visibilityChanges(GuildState guild, Map<Long, long[]> before, Map<Long, long[]> after,
                                        List<Deliveries.Delivery> out) {
    for (Map.Entry<Long, long[]> entry : after.entrySet()) {
      long[] was = before.getOrDefault(entry.getKey(), new long[0]);
      long[] is = entry.getValue();
      if (java.util.Arrays.equals(was, is)) {
        continue;
      }
      Set<Long> wasSet = new HashSet<>();
      for (long u : was) {
        wasSet.add(u);
      }
      Set<Long> isSet = new HashSet<>();
      for (long u : is) {
        isSet.add(u);
      }
      GuildState.Channel channel = guild.channels.get(entry.getKey());
      long[] gained = isSet.stream().filter(u -> !wasSet.contains(u)).mapToLong(Long::longValue).toArray();
      long[] lost = wasSet.stream().filter(u -> !isSet.contains(u)).mapToLong(Long::longValue).toArray();
      if (gained.length > 0) {
        out.add(new Deliveries.Delivery(ephemeral("CHANNEL_CREATE", guild.id, channel.json), gained));
      }
      if (lost.length > 0) {
        JsonObject gone = new JsonObject().put("id", Ids.str(channel.id)).put("guild_id", Ids.str(guild.id)).put("type", channel.type);
        out.add(new Deliveries.Delivery(ephemeral("CHANNEL_DELETE", guild.id, gone), lost));
      }
    }
  }

  private static JsonObject ephemeral(String type, long guildId, JsonObject data) {
    return new JsonObject().put("type", type).put("guild_id", guildId).put("data", data);
  }

  /** A GUILD_CREATE goes to one user: it carries only the channels that user may see. */
  private static JsonObject forOneUser(JsonObject event) {
    if ("GUILD_CREATE".equals(event.getString("type")) && event.getLong("user_id") != null) {
      return event.copy().put("data", Visibility.visibleGuild(event.getJsonObject("data"), event.getLong("user_id")));
    }
    return event;
  }

  private void putGuild(GuildState guild) {
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
    Set<Long> of = guildsOfUser.get(userId);
    if (of != null) {
      of.remove(guild.id);
    }
  }

  // ---- audiences

  /** Who may see an event: a user alone, whoever may view its channel, or its guild's members. */
  private long[] audience(JsonObject event, long now) {
    String type = event.getString("type");
    Long userId = event.getLong("user_id");
    Long channelId = event.getLong("channel_id");
    Long guildId = event.getLong("guild_id");
    Long onlyTo = event.getLong("to_user_id");
    if (onlyTo != null) {
      return new long[] {onlyTo};
    }
    if ("USER_UPDATE".equals(type) || "PRESENCE_UPDATE".equals(type)) {
      return withSharedGuilds(userId);
    }
    if (channelId != null) {
      GuildState guild = guildOfChannel.get(channelId);
      GuildState.Channel channel = guild == null ? null : guild.channels.get(channelId);
      return channel == null ? new long[0] : guild.viewersOf(channel, now);
    }
    if (guildId != null) {
      GuildState guild = guilds.get(guildId);
      return guild == null ? new long[0] : guild.memberIds();
    }
    return userId == null ? new long[0] : new long[] {userId};
  }

  private long[] withSharedGuilds(long userId) {
    Set<Long> users = new HashSet<>();
    users.add(userId);
    for (long guildId : guildsOfUser.getOrDefault(userId, Set.of())) {
      users.addAll(guilds.get(guildId).members.keySet());
    }
    return users.stream().mapToLong(Long::longValue).toArray();
  }

  /** Whether one user may see one event now: the replay's filter, the same rules as {@link #audience}. */
  private boolean maySee(long userId, JsonObject event, long now) {
    String type = event.getString("type");
    Long target = event.getLong("user_id");
    Long channelId = event.getLong("channel_id");
    Long guildId = event.getLong("guild_id");
    if ("USER_UPDATE".equals(type)) {
      return target == userId || sharesGuild(userId, target);
    }
    if (channelId != null) {
      GuildState guild = guildOfChannel.get(channelId);
      GuildState.Channel channel = guild == null ? null : guild.channels.get(channelId);
      if (channel == null) {
        // Gone since: its deletion still concerns members of its guild.
        GuildState of = guildId == null ? null : guilds.get(guildId);
        return "CHANNEL_DELETE".equals(type) && of != null && of.members.containsKey(userId);
      }
      GuildState.Member member = guild.members.get(userId);
      return member != null && Permissions.has(guild.channelPermissions(member, channel, now), Permissions.VIEW_CHANNEL);
    }
    if (guildId != null) {
      GuildState guild = guilds.get(guildId);
      return guild != null && guild.members.containsKey(userId);
    }
    return target != null && target == userId;
  }

  private boolean sharesGuild(long a, Long b) {
    if (b == null) {
      return false;
    }
    Set<Long> ofB = guildsOfUser.getOrDefault(b, Set.of());
    for (long guildId : guildsOfUser.getOrDefault(a, Set.of())) {
      if (ofB.contains(guildId)) {
        return true;
      }
    }
    return false;
  }

  private void onEphemeral(JsonObject event) {
    long[] audience = audience(event, System.currentTimeMillis());
    if (audience.length > 0) {
      vertx.eventBus().send(Addresses.FANOUT_DELIVER, new Deliveries(List.of(new Deliveries.Delivery(event, audience))), LOCAL);
    }
  }

  // ---- answering

  /**
   * "May U do P here?" Request {user_id, guild_id | channel_id, permission, owner_only?}. Replies
   * {guild_id, channel_id?, permissions, owner}; fails 404 when the guild or channel does not exist
   * or is not visible to the user (the same answer for both), 403 when a permission is missing.
   */
  private void check(Message<JsonObject> msg) {
    try {
      msg.reply(decide(msg.body()));
    } catch (RuntimeException e) {
      ApiError.replyFailure(msg, e);
    }
  }

  private JsonObject decide(JsonObject req) {
    long userId = Ids.require(req, "user_id");
    long wanted = Long.parseLong(req.getString("permission", "0"));
    Long channelId = Ids.get(req, "channel_id");
    long now = System.currentTimeMillis();
    JsonObject answer = new JsonObject();
    GuildState guild;
    long perms;
    if (channelId != null) {
      guild = guildOfChannel.get(channelId);
      GuildState.Channel channel = guild == null ? null : guild.channels.get(channelId);
      GuildState.Member member = channel == null ? null : guild.members.get(userId);
      perms = member == null ? 0 : guild.channelPermissions(member, channel, now);
      if (!Permissions.has(perms, Permissions.VIEW_CHANNEL)) {
        throw ApiError.notFound("channel");
      }
      answer.put("channel_id", Ids.str(channelId)).put("channel_type", channel.type);
    } else {
      guild = guilds.get(Ids.require(req, "guild_id"));
      GuildState.Member member = guild == null ? null : guild.members.get(userId);
      if (member == null) {
        throw ApiError.notFound("guild");
      }
      perms = Permissions.base(guild.subject(member, now));
    }
    boolean owner = guild.ownerId == userId;
    if (req.getBoolean("owner_only", false) && !owner) {
      throw ApiError.forbidden("Only the owner may do that");
    }
    if (!Permissions.has(perms, wanted)) {
      throw ApiError.forbidden("Missing permission");
    }
    checkHierarchy(req, guild, guild.members.get(userId), owner, perms);
    return answer.put("guild_id", Ids.str(guild.id)).put("permissions", Long.toString(perms)).put("owner", owner);
  }

  /**
   * The role hierarchy: a member acts only on members whose top role is below theirs (never on the owner),
   * manages only roles below their top role, and grants only bits they hold. The owner is exempt.
   * Request fields: target_user_id, role_ids (roles touched), member_roles (a member's new role set), grant.
   */
  private static void checkHierarchy(JsonObject req, GuildState guild, GuildState.Member actor, boolean owner, long perms) {
    if (owner) {
      return;
    }
    int top = guild.topPosition(actor);
    Long targetId = Ids.get(req, "target_user_id");
    if (targetId != null) {
      if (targetId == guild.ownerId) {
        throw ApiError.forbidden("Nobody may act on the owner");
      }
      GuildState.Member target = guild.members.get(targetId);
      if (target != null && guild.topPosition(target) >= top) {
        throw ApiError.forbidden("That member's highest role is not below yours");
      }
    }
    Set<Long> touched = new HashSet<>();
    for (Object id : req.getJsonArray("role_ids", new JsonArray())) {
      touched.add(Ids.parse(id, "role_id"));
    }
    JsonArray memberRoles = req.getJsonArray("member_roles");
    Long rolesOf = Ids.get(req, "roles_of");
    if (memberRoles != null && rolesOf != null && guild.members.containsKey(rolesOf)) {
      Set<Long> wanted = new HashSet<>();
      for (Object id : memberRoles) {
        wanted.add(Ids.parse(id, "roles"));
      }
      Set<Long> current = guild.members.get(rolesOf).roleIds;
      for (long id : wanted) {
        if (!current.contains(id)) {
          touched.add(id);
        }
      }
      for (long id : current) {
        if (!wanted.contains(id)) {
          touched.add(id);
        }
      }
    }
    for (long roleId : touched) {
      GuildState.Role role = guild.roles.get(roleId);
      if (role != null && roleId != guild.id && role.position() >= top) {
        throw ApiError.forbidden("You can only manage roles below your highest role");
      }
    }
    for (Object position : req.getJsonArray("positions", new JsonArray())) {
      if (((Number) position).intValue() >= top) {
        throw ApiError.forbidden("You can only move roles to positions below your highest role");
      }
    }
    long grant = Long.parseLong(req.getString("grant", "0"));
    if ((grant & ~perms) != 0 && !Permissions.has(perms, Permissions.ADMINISTRATOR)) {
      throw ApiError.forbidden("You cannot grant permissions you do not have");
    }
  }

  /** The replay's filter: request {user_id, events}, reply {events} keeping those the user may see now. */
  private void filter(Message<JsonObject> msg) {
    long userId = Ids.require(msg.body(), "user_id");
    long now = System.currentTimeMillis();
    JsonArray visible = new JsonArray();
    for (Object e : msg.body().getJsonArray("events")) {
      JsonObject event = (JsonObject) e;
      if (mayHaveChangedWhatUserSees(userId, event)) {
        // Today's permissions cannot tell what the user could see back then: a new snapshot can.
        msg.reply(new JsonObject().put("resync", true).put("events", new JsonArray()));
        return;
      }
      if (maySee(userId, event, now)) {
        visible.add(forOneUser(event));
      }
    }
    msg.reply(new JsonObject().put("resync", false).put("events", visible));
  }

  private boolean mayHaveChangedWhatUserSees(long userId, JsonObject event) {
    if (!changesVisibility(event)) {
      return false;
    }
    GuildState guild = guilds.get(event.getLong("guild_id"));
    if (guild == null || !guild.members.containsKey(userId)) {
      return false;
    }
    JsonObject data = event.getJsonObject("data");
    return switch (event.getString("type")) {
      case "GUILD_MEMBER_UPDATE" -> String.valueOf(userId).equals(data.getJsonObject("user").getString("id"));
      case "CHANNEL_UPDATE" -> !data.getJsonArray("permission_overwrites", new JsonArray()).isEmpty() || data.getString("parent_id") != null;
      case "GUILD_UPDATE" -> data.containsKey("owner_id");
      default -> true;
    };
  }
}
