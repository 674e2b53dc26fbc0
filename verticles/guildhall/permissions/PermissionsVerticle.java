package guildhall.permissions;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.EventType;
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

  private final PermissionState state = new PermissionState();
  private final Audiences audiences = new Audiences(state);
  /** Events that arrive while the start-up state loads, applied after it. */
  private List<JsonArray> early = new ArrayList<>();

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    var committed = bus.<JsonArray>consumer(Addresses.EVENTS_COMMITTED, msg -> onCommitted(msg.body()));
    // Listen cluster-wide before loading, so nothing committed in between is missed.
    return committed.completion().compose(v -> bus.<JsonObject>request(Addresses.STORE_PERMISSION_STATE, new JsonObject()).map(reply -> {
      JsonObject loaded = reply.body();
      for (Object g : loaded.getJsonArray("guilds")) {
        state.putGuild(GuildState.from((JsonObject) g));
      }
      Long cursor = loaded.getLong("cursor");
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
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_SELF_CHECK, this::selfCheck);
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
      EventType type = EventType.of(event);
      // A deleted channel's audience is who could see it before; everything else is judged after the change.
      long[] audience = type == EventType.CHANNEL_DELETE ? audiences.of(event, now) : null;
      GuildState guild = event.getBoolean("reshapes", false) ? state.guild(event.getLong("guild_id")) : null;
      Map<Long, long[]> viewersBefore = guild == null ? null : guild.allViewers(now);
      state.apply(event);
      if (audience == null) {
        audience = audiences.of(event, now);
      }
      if (audience.length > 0) {
        out.add(new Deliveries.Delivery(Audiences.forReceiver(event), audience));
      }
      if (viewersBefore != null && state.guild(guild.id) == guild) {
        visibilityChanges(guild, viewersBefore, guild.allViewers(now), out);
      }
    }
    if (!out.isEmpty()) {
      vertx.eventBus().send(Addresses.FANOUT_DELIVER, new Deliveries(out), LOCAL);
    }
  }

  /**
   * Whoever can newly see a channel gets CHANNEL_CREATE for it; whoever no longer can gets CHANNEL_DELETE,
   * and from then on nothing from it. These carry no event id: a stream that replays across the reshaping
   * event that caused them is sent RESYNC instead (see {@link Audiences#judge}).
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
        out.add(new Deliveries.Delivery(visibilityEvent(EventType.CHANNEL_CREATE, guild.id, channel.json), gained));
      }
      if (lost.length > 0) {
        JsonObject gone = new JsonObject().put("id", Ids.str(channel.id)).put("guild_id", Ids.str(guild.id)).put("type", channel.type)
            .put("parent_id", Ids.strOrNull(channel.parentId));
        out.add(new Deliveries.Delivery(visibilityEvent(EventType.CHANNEL_DELETE, guild.id, gone), lost));
      }
    }
  }

  private static JsonObject visibilityEvent(EventType type, long guildId, JsonObject data) {
    return new JsonObject().put("type", type.name()).put("guild_id", guildId).put("data", data);
  }

  private void onEphemeral(JsonObject event) {
    long[] audience = audiences.of(event, System.currentTimeMillis());
    if (audience.length > 0) {
      vertx.eventBus().send(Addresses.FANOUT_DELIVER, new Deliveries(List.of(new Deliveries.Delivery(event, audience))), LOCAL);
    }
  }

  /**
   * Compares this memory with a fresh load from the database; replies {equal, memory, database}. Call it
   * when no writes are in flight (an operator's check, and the tests'): events on their way would differ.
   */
  private void selfCheck(Message<JsonObject> msg) {
    vertx.eventBus().<JsonObject>request(Addresses.STORE_PERMISSION_STATE, new JsonObject()).onComplete(reply -> {
      if (reply.failed()) {
        msg.fail(500, reply.cause().toString());
        return;
      }
      JsonObject memory = new JsonObject();
      new java.util.TreeMap<>(state.guilds).forEach((id, guild) -> memory.put(Long.toString(id), guild.canonical()));
      JsonObject database = new JsonObject();
      for (Object g : reply.result().body().getJsonArray("guilds")) {
        GuildState loaded = GuildState.from((JsonObject) g);
        database.put(Long.toString(loaded.id), loaded.canonical());
      }
      msg.reply(new JsonObject().put("equal", memory.equals(database)).put("memory", memory).put("database", database));
    });
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
      guild = state.guildOfChannel(channelId);
      GuildState.Channel channel = state.channel(channelId);
      GuildState.Member member = channel == null ? null : guild.members.get(userId);
      perms = member == null ? 0 : guild.channelPermissions(member, channel, now);
      if (channel == null || !guild.mayView(member, channel, now)) {
        throw ApiError.notFound("channel");
      }
      answer.put("channel_id", Ids.str(channelId)).put("channel_type", channel.type);
    } else {
      guild = state.guild(Ids.require(req, "guild_id"));
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

  /**
   * The replay's judge: request {user_id, events, memberships_begun, through}, reply {resync, events}
   * with exactly the events the user received live (see {@link Audiences#judge}).
   */
  private void filter(Message<JsonObject> msg) {
    JsonObject req = msg.body();
    msg.reply(audiences.judge(Ids.require(req, "user_id"), req.getJsonArray("events"),
        req.getJsonObject("memberships_begun", new JsonObject()), req.getLong("through"), System.currentTimeMillis()));
  }
}
