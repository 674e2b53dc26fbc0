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
  /** This node's id in the cluster: the stamp of the member-list changes made here. */
  private String node;
  /** Commit reports that arrive while the start-up state loads, applied after it. */
  private List<JsonObject> early = new ArrayList<>();
  /** In a cluster every commit report goes on to the fan-out, even one without events: it carries a position. */
  private boolean clustered;

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    clustered = guildhall.ClusterNodes.clustered(vertx);
    node = guildhall.ClusterNodes.self(vertx);
    state.largeThreshold = guildhall.Config.largeGuildThreshold(config());
    // Listen cluster-wide before loading, so nothing committed in between is missed.
    var committed = bus.<JsonObject>consumer(Addresses.EVENTS_COMMITTED, msg -> onCommitted(msg.body()));
    var lists = bus.<JsonObject>consumer(Addresses.PERMISSIONS_MEMBER_LISTS, msg -> onMemberLists(msg.body()));
    var hello = bus.<JsonObject>consumer(Addresses.PERMISSIONS_MEMBER_LISTS_HELLO, msg -> onHello(msg.body()));
    bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_MEMBER_LIST_FORGET,
        msg -> state.memberLists.forget(Ids.require(msg.body(), "user_id")));
    return Future.all(committed.completion(), lists.completion(), hello.completion()).compose(v -> bus.<JsonObject>request(Addresses.STORE_PERMISSION_STATE, new JsonObject()).map(reply -> {
      JsonObject loaded = reply.body();
      for (Object g : loaded.getJsonArray("guilds")) {
        state.putGuild(GuildState.from((JsonObject) g));
      }
      state.privates = PrivateChannels.load(loaded);
      Long cursor = loaded.getLong("cursor");
      List<JsonObject> buffered = early;
      early = null;
      for (JsonObject report : buffered) {
        JsonArray newer = new JsonArray();
        for (Object e : report.getJsonArray("events")) {
          if (cursor == null || ((JsonObject) e).getLong("id") > cursor) {
            newer.add(e);
          }
        }
        onCommitted(report.copy().put("events", newer));
      }
      // Node-local: each node answers its own requests from its own (equal) state.
      bus.localConsumer(Addresses.PERMISSIONS_CHECK, this::check);
      bus.localConsumer(Addresses.PERMISSIONS_FILTER, this::filter);
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_MENTIONS,
          msg -> msg.reply(MentionTargets.resolve(state, msg.body(), System.currentTimeMillis())));
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_EPHEMERAL, msg -> onEphemeral(msg.body()));
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_SELF_CHECK, this::selfCheck);
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_READINESS, msg -> msg.reply(new JsonObject().put("ok", true)));
      bus.<JsonObject>localConsumer(Addresses.PERMISSIONS_MEMBER_LIST, this::showMemberList);
      // A node that starts late learns from the others which member lists are open.
      bus.publish(Addresses.PERMISSIONS_MEMBER_LISTS_HELLO, new JsonObject().put("node", node));
      return null;
    }));
  }

  // ---- following committed events

  /**
   * A commit report {node, position, events} from any node: applied as it comes (so a node's next request
   * is judged with its last write), its deliveries handed to the fan-out with the report's position; the
   * fan-out writes them in id order across the cluster (fanout/CommitOrder).
   */
  private void onCommitted(JsonObject report) {
    if (early != null) {
      early.add(report);
      return;
    }
    JsonArray events = report.getJsonArray("events");
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
      if (audience.length > 0 && Audiences.shapedPerReceiver(event)) {
        for (long userId : audience) { // a private channel: ten recipients at most
          out.add(new Deliveries.Delivery(Audiences.forReceiver(event, userId), new long[] {userId}));
        }
      } else if (audience.length > 0) {
        out.add(new Deliveries.Delivery(Audiences.forReceiver(event), audience));
      }
      if (viewersBefore != null && state.guild(guild.id) == guild) {
        visibilityChanges(guild, viewersBefore, guild.allViewers(now), out);
      }
    }
    if (!out.isEmpty() || clustered) {
      vertx.eventBus().send(Addresses.FANOUT_DELIVER, new Deliveries(out, report.getString("node"), report.getLong("position")), LOCAL);
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
      boolean thread = channel.type == GuildState.THREAD;
      long[] gained = isSet.stream().filter(u -> !wasSet.contains(u)).mapToLong(Long::longValue).toArray();
      long[] lost = wasSet.stream().filter(u -> !isSet.contains(u)).mapToLong(Long::longValue).toArray();
      if (gained.length > 0) {
        out.add(new Deliveries.Delivery(visibilityEvent(thread ? EventType.THREAD_CREATE : EventType.CHANNEL_CREATE, guild.id, channel.json), gained));
      }
      if (lost.length > 0) {
        JsonObject gone = new JsonObject().put("id", Ids.str(channel.id)).put("guild_id", Ids.str(guild.id)).put("type", channel.type)
            .put("parent_id", Ids.strOrNull(channel.parentId));
        out.add(new Deliveries.Delivery(visibilityEvent(thread ? EventType.THREAD_DELETE : EventType.CHANNEL_DELETE, guild.id, gone), lost));
      }
    }
  }

  private static JsonObject visibilityEvent(EventType type, long guildId, JsonObject data) {
    return new JsonObject().put("type", type.name()).put("guild_id", guildId).put("data", data);
  }

  // ---- which member list each user shows (for a large guild's presence)

  /**
   * A client shows a guild's member list (or none): applied here first, so that the next presence change
   * judged on this node already follows it, then told to the other nodes. 404 for a guild the user is not in.
   */
  private void showMemberList(Message<JsonObject> msg) {
    long userId = Ids.require(msg.body(), "user_id");
    Long guildId = Ids.get(msg.body(), "guild_id");
    GuildState guild = state.guild(guildId);
    if (guildId != null && (guild == null || !guild.members.containsKey(userId))) {
      ApiError.replyFailure(msg, ApiError.notFound("guild"));
      return;
    }
    JsonObject change = new JsonObject().put("user_id", userId).put("guild_id", guildId)
        .put("at", state.memberLists.stampFor(userId, System.currentTimeMillis())).put("node", node);
    apply(change);
    vertx.eventBus().publish(Addresses.PERMISSIONS_MEMBER_LISTS, new JsonObject().put("node", node).put("lists", new JsonArray().add(change)));
    msg.reply(new JsonObject());
  }

  private void onMemberLists(JsonObject changes) {
    if (node.equals(changes.getString("node")) || early != null) {
      return; // applied when made; or not loaded yet, and the hello after loading brings them again
    }
    for (Object c : changes.getJsonArray("lists")) {
      apply((JsonObject) c);
    }
  }

  private void apply(JsonObject change) {
    long userId = change.getLong("user_id");
    Long guildId = change.getLong("guild_id");
    GuildState guild = state.guild(guildId);
    // A list of a guild the user has left since (here) stays closed: the leaving closed it everywhere.
    boolean stillMember = guildId == null || (guild != null && guild.members.containsKey(userId));
    state.memberLists.show(userId, stillMember ? guildId : null, change.getLong("at"), change.getString("node"));
  }

  private void onHello(JsonObject hello) {
    if (!node.equals(hello.getString("node")) && early == null) {
      vertx.eventBus().publish(Addresses.PERMISSIONS_MEMBER_LISTS,
          new JsonObject().put("node", node).put("lists", new JsonArray(state.memberLists.all())));
    }
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
      memory.put("private", state.privates.canonical());
      database.put("private", PrivateChannels.load(reply.result().body()).canonical());
      msg.reply(new JsonObject().put("equal", memory.equals(database)).put("memory", memory).put("database", database));
    });
  }

  // ---- answering

  /**
   * "May U do this here?" Request {user_id, action | actions: [...] (all must pass), guild_id | channel_id,
   * details...}; the details are facts only the caller knows (target_user_id, role_ids, positions, grant,
   * member_roles + roles_of, author_id, target_id + target_type). Each action is decided by its row of
   * {@link Action}, and by nothing else. Replies {guild_id, channel_id?, channel_type?, permissions, owner};
   * fails 404 when the guild or channel does not exist or is not visible to the user (the same answer for
   * both), 403 when the action is not allowed.
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
    List<Action> actions = new ArrayList<>();
    if (req.containsKey("action")) {
      actions.add(Action.of(req.getString("action")));
    }
    for (Object a : req.getJsonArray("actions", new JsonArray())) {
      actions.add(Action.of((String) a));
    }
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("permissions.check needs an action");
    }
    Long channelId = Ids.get(req, "channel_id");
    Action.Scope scope = channelId != null ? Action.Scope.CHANNEL : req.containsKey("target_user_ids") ? Action.Scope.USER : Action.Scope.GUILD;
    for (Action action : actions) {
      if (action.scope != scope) {
        throw new IllegalArgumentException(action + " is decided in a " + action.scope + ", not a " + scope);
      }
    }
    if (scope == Action.Scope.USER) {
      return decideBetweenUsers(userId, actions, req);
    }
    PrivateChannels.Channel dm = channelId == null ? null : state.privates.get(channelId);
    if (dm != null && !dm.recipients.contains(userId)) {
      throw ApiError.notFound("channel");
    }
    for (Action action : actions) {
      if (action.rules.contains(Action.Rule.GROUP_DM_ONLY) && (dm == null || dm.type != PrivateChannels.GROUP_DM)
          && (dm != null || visibleGuildChannel(userId, channelId))) {
        // Only once the channel is known to be there and visible: a hidden one is the 404 below.
        throw ApiError.badRequest("channel_id", "That channel is not a group DM");
      }
    }
    if (dm != null) {
      return decidePrivate(userId, dm, actions, req);
    }
    long now = System.currentTimeMillis();
    JsonObject answer = new JsonObject();
    GuildState guild;
    GuildState.Member member;
    GuildState.Channel channel = null;
    long perms;
    if (channelId != null) {
      guild = state.guildOfChannel(channelId);
      channel = state.channel(channelId);
      member = channel == null ? null : guild.members.get(userId);
      if (channel == null || !guild.mayView(member, channel, now)) {
        throw ApiError.notFound("channel");
      }
      perms = guild.channelPermissions(member, channel, now);
      answer.put("channel_id", Ids.str(channelId)).put("channel_type", channel.type);
      if (channel.type == GuildState.THREAD) {
        actions.replaceAll(Action::inThread);
      }
    } else {
      guild = state.guild(Ids.require(req, "guild_id"));
      member = guild == null ? null : guild.members.get(userId);
      if (member == null) {
        throw ApiError.notFound("guild");
      }
      perms = Permissions.base(guild.subject(member, now));
    }
    boolean owner = guild.ownerId == userId;
    for (Action action : actions) {
      requireHeld(action, owner, perms);
      for (Action.Rule rule : action.rules) {
        checkRule(rule, req, guild, channel, member, owner, perms, now);
      }
    }
    if (req.getBoolean("with_member", false)) {
      // A send asks: the new message carries its author's partial member, read here from memory.
      answer.put("member", GuildState.partial(member));
    }
    return answer.put("guild_id", Ids.str(guild.id)).put("permissions", Long.toString(perms)).put("owner", owner);
  }

  /**
   * In a DM or group DM, for one of its recipients (the caller has told anyone else it is not there):
   * a recipient holds {@link Permissions#PRIVATE_CHANNEL}; the owner is the group's. Then the rows' rules, as they read there.
   */
  private JsonObject decidePrivate(long userId, PrivateChannels.Channel dm, List<Action> actions, JsonObject req) {
    long perms = Permissions.PRIVATE_CHANNEL;
    boolean owner = dm.ownerId != null && dm.ownerId == userId;
    for (Action action : actions) {
      requireHeld(action, owner, perms);
      for (Action.Rule rule : action.rules) {
        switch (rule) {
          case AUTHOR_ONLY, AUTHOR_OR_MANAGE_MESSAGES -> {
            if (Ids.require(req, "author_id") != userId) {
              throw ApiError.forbidden("Only the author may do that");
            }
          }
          case NOT_BLOCKED -> {
            Long other = PrivateChannels.otherOf(dm, userId);
            if (other != null && state.privates.blocks(other, userId)) {
              throw ApiError.forbidden("This user is not accepting your messages");
            }
            if (other != null && state.privates.blocks(userId, other)) {
              throw ApiError.forbidden("You have blocked this user; unblock them to write to them");
            }
          }
          case SELF_OR_OWNER -> {
            if (Ids.require(req, "target_user_id") != userId && !owner) {
              throw ApiError.forbidden("Only the group's owner may remove someone else");
            }
          }
          default -> { } // guild rules (rank, grants, timeouts): nothing to rank in a private channel
        }
      }
    }
    return new JsonObject().put("channel_id", Ids.str(dm.id)).put("channel_type", dm.type).putNull("guild_id")
        .put("permissions", Long.toString(perms)).put("owner", owner);
  }

  /** The action's owner-only and bits rules, in a guild or a private channel alike. */
  private static void requireHeld(Action action, boolean owner, long perms) {
    if (action.who == Action.Who.OWNER && !owner) {
      throw ApiError.forbidden("Only the owner may do that (" + action + ")");
    }
    if (!Permissions.has(perms, action.bits)) {
      throw ApiError.forbidden("Missing permission " + Action.names(action.bits & ~perms) + " (" + action + ")");
    }
  }

  private boolean visibleGuildChannel(long userId, long channelId) {
    GuildState guild = state.guildOfChannel(channelId);
    return guild != null && guild.mayView(guild.members.get(userId), state.channel(channelId), System.currentTimeMillis());
  }

  /** Between the actor and {@code target_user_ids}: opening a DM, or a group DM with them. */
  private JsonObject decideBetweenUsers(long userId, List<Action> actions, JsonObject req) {
    List<Long> targets = new ArrayList<>();
    for (Object t : req.getJsonArray("target_user_ids")) {
      targets.add(Ids.parse(t, "target_user_ids"));
    }
    for (Action action : actions) {
      for (Action.Rule rule : action.rules) {
        for (long target : targets) {
          switch (rule) {
            case NOT_BLOCKED -> {
              if (state.privates.blocks(target, userId)) {
                throw ApiError.forbidden("This user is not accepting your messages");
              }
            }
            case SHARES_GUILD_OR_DM -> {
              Set<Long> shared = new HashSet<>(state.guildsOf(userId));
              shared.retainAll(state.guildsOf(target));
              if (shared.isEmpty() && !state.privates.haveDm(userId, target)) {
                throw ApiError.forbidden("You can only message people you share a guild or a DM with");
              }
            }
            default -> throw new IllegalArgumentException(rule + " is not decided between users");
          }
        }
      }
    }
    return new JsonObject().put("permissions", "0").put("owner", false);
  }

  /** One rule of {@link Action.Rule}, on the request's details; the reasons are in the rules' comments. */
  private static void checkRule(Action.Rule rule, JsonObject req, GuildState guild, GuildState.Channel channel,
                                GuildState.Member actor, boolean owner, long perms, long now) {
    switch (rule) {
      case TARGET_BELOW -> {
        long targetId = Ids.require(req, "target_user_id");
        if (owner || targetId == actor.userId) {
          return;
        }
        if (targetId == guild.ownerId) {
          throw ApiError.forbidden("Nobody may act on the owner");
        }
        GuildState.Member target = guild.members.get(targetId);
        if (target != null && guild.topPosition(target) >= guild.topPosition(actor)) {
          throw ApiError.forbidden("That member's highest role is not below yours");
        }
      }
      case ROLES_BELOW -> {
        if (owner) {
          return;
        }
        int top = guild.topPosition(actor);
        for (long roleId : touchedRoles(req, guild)) {
          GuildState.Role role = guild.roles.get(roleId);
          if (role != null && roleId != guild.id && role.position() >= top) {
            throw ApiError.forbidden("You can only manage roles below your highest role");
          }
        }
      }
      case POSITIONS_BELOW -> {
        if (owner) {
          return;
        }
        int top = guild.topPosition(actor);
        for (Object position : req.getJsonArray("positions", new JsonArray())) {
          if (((Number) position).intValue() >= top) {
            throw ApiError.forbidden("You can only move roles to positions below your highest role");
          }
        }
      }
      case GRANT_HELD -> {
        long grant = Long.parseLong(req.getString("grant", "0"));
        if (!owner && (grant & ~perms) != 0 && !Permissions.has(perms, Permissions.ADMINISTRATOR)) {
          throw ApiError.forbidden("You cannot grant permissions you do not have: " + Action.names(grant & ~perms));
        }
      }
      case OVERWRITE_TARGET_BELOW -> {
        long targetId = Ids.require(req, "target_id");
        if (owner || targetId == guild.id) {
          return;
        }
        Integer type = req.getInteger("target_type");
        int top = guild.topPosition(actor);
        GuildState.Role role = type == null || type == 0 ? guild.roles.get(targetId) : null;
        if (role != null && role.position() >= top) {
          throw ApiError.forbidden("You can only set overwrites for roles below your highest role");
        }
        GuildState.Member target = type == null || type == 1 ? guild.members.get(targetId) : null;
        if (target != null && guild.topPosition(target) >= top) {
          throw ApiError.forbidden("You can only set overwrites for members whose highest role is below yours");
        }
      }
      case AUTHOR_ONLY -> {
        if (Ids.require(req, "author_id") != actor.userId) {
          throw ApiError.forbidden("Only the author may do that");
        }
      }
      case AUTHOR_OR_MANAGE_MESSAGES -> {
        if (Ids.require(req, "author_id") != actor.userId && !Permissions.has(perms, Permissions.MANAGE_MESSAGES)) {
          throw ApiError.forbidden("Only the author, or someone with MANAGE_MESSAGES, may do that");
        }
      }
      case NOT_TIMED_OUT -> {
        // Exempt exactly as from the timeout's own limit: the owner and administrators (whose base is ALL).
        Permissions.Subject subject = guild.subject(actor, now);
        if (subject.timedOut() && Permissions.base(subject) != Permissions.ALL) {
          throw ApiError.forbidden("You are timed out");
        }
      }
      case NOT_BLOCKED, SHARES_GUILD_OR_DM, SELF_OR_OWNER, GROUP_DM_ONLY -> { } // a guild channel: blocking hides, it does not silence
      case UNLOCKED_OR_MANAGE_THREADS -> {
        if (channel != null && channel.locked && !Permissions.has(perms, Permissions.MANAGE_THREADS)) {
          throw ApiError.forbidden("This thread is locked: only MANAGE_THREADS may do that");
        }
      }
      case THREAD_OWNER_OR_MANAGE_THREADS -> {
        if (Permissions.has(perms, Permissions.MANAGE_THREADS)) {
          return;
        }
        if (channel == null || !Long.valueOf(actor.userId).equals(channel.ownerId)) {
          throw ApiError.forbidden("Only the thread's owner, or someone with MANAGE_THREADS, may do that");
        }
        if (channel.locked) {
          throw ApiError.forbidden("This thread is locked: only MANAGE_THREADS may do that");
        }
      }
      case LOCK_NEEDS_MANAGE_THREADS -> {
        if (req.getBoolean("sets_lock", false) && !Permissions.has(perms, Permissions.MANAGE_THREADS)) {
          throw ApiError.forbidden("Missing permission MANAGE_THREADS (locking a thread)");
        }
      }
    }
  }

  /** The roles a request touches: role_ids, and what member_roles adds to or removes from roles_of's roles. */
  private static Set<Long> touchedRoles(JsonObject req, GuildState guild) {
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
    return touched;
  }

  /**
   * The replay's judge: request {user_id, events, memberships_begun, memberships_ended, through}, reply {resync, events}
   * with exactly the events the user received live (see {@link Audiences#judge}).
   */
  private void filter(Message<JsonObject> msg) {
    JsonObject req = msg.body();
    msg.reply(audiences.judge(Ids.require(req, "user_id"), req.getJsonArray("events"),
        req.getJsonObject("memberships_begun", new JsonObject()), req.getJsonArray("memberships_ended", new JsonArray()),
        req.getLong("through"), System.currentTimeMillis()));
  }
}
