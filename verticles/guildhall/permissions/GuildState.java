package guildhall.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What deciding needs to know of one guild, in memory. Owned by the permissions verticle alone. */
final class GuildState {
  static final int CATEGORY = 4;
  static final int THREAD = 11;

  record Role(long id, long permissions, int position) {}

  static final class Member {
    final long userId;
    final Set<Long> roleIds = new HashSet<>();
    long timedOutUntil;
    /** Kept for the partial member a new message carries (nick, roles, joined_at), so a send reads nothing more. */
    String nick;
    long joinedAt;

    Member(long userId) {
      this.userId = userId;
    }
  }

  static final class Channel {
    final long id;
    /** The channel as clients know it: what a CHANNEL_CREATE carries when it becomes visible to someone. */
    JsonObject json;
    int type;
    Long parentId;
    List<Permissions.Overwrite> overwrites = List.of();
    /** A thread's: only MANAGE_THREADS may speak in it or reopen it. */
    boolean locked;
    /** A thread's starter. */
    Long ownerId;

    Channel(long id) {
      this.id = id;
    }
  }

  final long id;
  long ownerId;
  final Map<Long, Role> roles = new HashMap<>();
  final Map<Long, Member> members = new HashMap<>();
  final Map<Long, Channel> channels = new HashMap<>();
  /** channel id → users who may view it; cleared whenever anything in the guild changes. */
  final Map<Long, long[]> viewers = new HashMap<>();

  GuildState(long id) {
    this.id = id;
  }

  static GuildState from(JsonObject guild) {
    GuildState state = new GuildState(Long.parseLong(guild.getString("id")));
    state.ownerId = Long.parseLong(guild.getString("owner_id"));
    for (Object r : guild.getJsonArray("roles", new JsonArray())) {
      state.putRole((JsonObject) r);
    }
    for (Object c : guild.getJsonArray("channels", new JsonArray())) {
      state.putChannel((JsonObject) c);
    }
    for (Object t : guild.getJsonArray("threads", new JsonArray())) {
      state.putChannel((JsonObject) t);
    }
    for (Object m : guild.getJsonArray("members", new JsonArray())) {
      state.putMember((JsonObject) m);
    }
    return state;
  }

  void putRole(JsonObject role) {
    long roleId = Long.parseLong(role.getString("id"));
    roles.put(roleId, new Role(roleId, Long.parseLong(role.getString("permissions", "0")), role.getInteger("position", 0)));
    viewers.clear();
  }

  void putChannel(JsonObject json) {
    long channelId = Long.parseLong(json.getString("id"));
    Channel channel = channels.computeIfAbsent(channelId, Channel::new);
    channel.json = json.copy();
    channel.json.remove("member_ids"); // a snapshot's detail, not the thread as events carry it
    channel.type = json.getInteger("type", 0);
    String parent = json.getString("parent_id");
    channel.parentId = parent == null ? null : Long.parseLong(parent);
    List<Permissions.Overwrite> overwrites = new ArrayList<>();
    for (Object o : json.getJsonArray("permission_overwrites", new JsonArray())) {
      JsonObject ow = (JsonObject) o;
      overwrites.add(new Permissions.Overwrite(Long.parseLong(ow.getString("id")), ow.getInteger("type", 0) == 1,
          Long.parseLong(ow.getString("allow", "0")), Long.parseLong(ow.getString("deny", "0"))));
    }
    channel.overwrites = List.copyOf(overwrites);
    readThread(channel, json);
    viewers.clear();
  }

  /**
   * A thread's new state (its counts, its archive and lock). Who may see a thread is who may see its
   * parent, which no THREAD_UPDATE changes: the viewers stay cached, unlike {@link #putChannel}'s.
   */
  void putThread(JsonObject json) {
    long threadId = Long.parseLong(json.getString("id"));
    Channel known = channels.get(threadId);
    if (known == null) {
      putChannel(json);
      return;
    }
    known.json = json.copy();
    known.json.remove("member_ids");
    readThread(known, json);
  }

  private static void readThread(Channel channel, JsonObject json) {
    JsonObject meta = json.getJsonObject("thread_metadata");
    channel.locked = meta != null && meta.getBoolean("locked", false);
    String owner = json.getString("owner_id");
    channel.ownerId = owner == null ? null : Long.parseLong(owner);
  }

  void putMember(JsonObject json) {
    long userId = Long.parseLong(json.getJsonObject("user").getString("id"));
    Member member = members.computeIfAbsent(userId, Member::new);
    member.roleIds.clear();
    for (Object r : json.getJsonArray("roles", new JsonArray())) {
      member.roleIds.add(Long.parseLong((String) r));
    }
    String until = json.getString("communication_disabled_until");
    member.timedOutUntil = until == null ? 0 : java.time.Instant.parse(until).toEpochMilli();
    member.nick = json.getString("nick");
    String joined = json.getString("joined_at");
    if (joined != null) {
      member.joinedAt = java.time.Instant.parse(joined).toEpochMilli();
    }
    viewers.clear();
  }

  /**
   * The member as a message carries its author (Discord's partial member): {nick, roles, joined_at},
   * the shape of a page's messages. A large guild's client draws an author it has not paged in from it.
   */
  static JsonObject partial(Member member) {
    JsonArray roles = new JsonArray();
    for (long roleId : member.roleIds) {
      roles.add(Long.toString(roleId));
    }
    return new JsonObject().put("nick", member.nick).put("roles", roles)
        .put("joined_at", java.time.Instant.ofEpochMilli(member.joinedAt).toString());
  }

  void removeMember(long userId) {
    members.remove(userId);
    viewers.clear();
  }

  /** Removes a channel and its threads (the database cascades them); returns the ids removed. */
  List<Long> removeChannel(long channelId) {
    List<Long> removed = new ArrayList<>();
    removed.add(channelId);
    channels.remove(channelId);
    channels.values().removeIf(c -> {
      boolean child = c.type == THREAD && Long.valueOf(channelId).equals(c.parentId);
      if (child) {
        removed.add(c.id);
      }
      return child;
    });
    viewers.clear();
    return removed;
  }

  Permissions.Subject subject(Member member, long now) {
    Role everyone = roles.get(id);
    List<Long> rolePermissions = new ArrayList<>(member.roleIds.size());
    for (long roleId : member.roleIds) {
      Role role = roles.get(roleId);
      if (role != null) {
        rolePermissions.add(role.permissions());
      }
    }
    return new Permissions.Subject(member.userId, id, ownerId, everyone == null ? 0 : everyone.permissions(),
        rolePermissions, member.roleIds, member.timedOutUntil > now);
  }

  /** A thread takes its parent's permissions. */
  List<Permissions.Overwrite> overwritesFor(Channel channel) {
    if (channel.type == THREAD && channel.parentId != null) {
      Channel parent = channels.get(channel.parentId);
      return parent == null ? List.of() : parent.overwrites;
    }
    return channel.overwrites;
  }

  /**
   * A member's permissions in a channel. A channel inside a category the member cannot see is hidden
   * too, unless one of the channel's own overwrites that applies to the member allows VIEW_CHANNEL.
   */
  long channelPermissions(Member member, Channel channel, long now) {
    if (channel.type == THREAD) {
      // Exactly its parent's, the parent's category included; a thread whose parent is gone is nobody's.
      Channel parent = channel.parentId == null ? null : channels.get(channel.parentId);
      return parent == null || parent.type == THREAD ? 0 : channelPermissions(member, parent, now);
    }
    Permissions.Subject subject = subject(member, now);
    long perms = Permissions.inChannel(subject, overwritesFor(channel));
    Channel category = channel.type != THREAD && channel.parentId != null ? channels.get(channel.parentId) : null;
    if (category != null && perms != 0 && !Permissions.has(Permissions.inChannel(subject, category.overwrites), Permissions.VIEW_CHANNEL)
        && !Permissions.allowsView(subject, channel.overwrites)) {
      return 0;
    }
    return perms;
  }

  /** The highest position among a member's roles (0 for @everyone alone). */
  int topPosition(Member member) {
    int top = 0;
    for (long roleId : member.roleIds) {
      Role role = roles.get(roleId);
      if (role != null && role.position() > top) {
        top = role.position();
      }
    }
    return top;
  }

  /** A deleted role leaves every member and every overwrite, as it does in the database. */
  void removeRole(long roleId) {
    roles.remove(roleId);
    for (Member member : members.values()) {
      member.roleIds.remove(roleId);
    }
    String id = Long.toString(roleId);
    for (Channel channel : channels.values()) {
      if (channel.overwrites.stream().anyMatch(o -> o.targetId() == roleId)) {
        channel.overwrites = channel.overwrites.stream().filter(o -> o.targetId() != roleId).toList();
        JsonArray kept = new JsonArray();
        for (Object o : channel.json.getJsonArray("permission_overwrites", new JsonArray())) {
          if (!id.equals(((JsonObject) o).getString("id"))) {
            kept.add(o);
          }
        }
        channel.json.put("permission_overwrites", kept);
      }
    }
    viewers.clear();
  }

  /** channel id → who may view it, for every channel: compared before and after a change. */
  java.util.Map<Long, long[]> allViewers(long now) {
    java.util.Map<Long, long[]> all = new HashMap<>();
    for (Channel channel : channels.values()) {
      all.put(channel.id, viewersOf(channel, now));
    }
    return all;
  }

  /** Whether a member may view a channel: the one rule for the snapshot, live delivery, replay and requests. */
  boolean mayView(Member member, Channel channel, long now) {
    return member != null && channel != null && Permissions.has(channelPermissions(member, channel, now), Permissions.VIEW_CHANNEL);
  }

  /**
   * Whether a member's roles grant these bits guild-wide. Timeouts are left out: they limit what one
   * does, not what one is told, and they end without an event.
   */
  boolean holds(Member member, long bits) {
    return member != null && Permissions.has(Permissions.base(subject(member, Long.MAX_VALUE)), bits);
  }

  long[] holdersOf(long bits) {
    long[] out = new long[members.size()];
    int n = 0;
    for (Member member : members.values()) {
      if (holds(member, bits)) {
        out[n++] = member.userId;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  long[] viewersOf(Channel channel, long now) {
    return viewers.computeIfAbsent(channel.id, id -> {
      long[] out = new long[members.size()];
      int n = 0;
      for (Member member : members.values()) {
        if (mayView(member, channel, now)) {
          out[n++] = member.userId;
        }
      }
      return java.util.Arrays.copyOf(out, n);
    });
  }

  long[] memberIds() {
    long[] out = new long[members.size()];
    int n = 0;
    for (long userId : members.keySet()) {
      out[n++] = userId;
    }
    return out;
  }

  /** Everything deciding depends on, as one comparable value: for checking memory against the database. */
  JsonObject canonical() {
    JsonObject out = new JsonObject().put("owner_id", ownerId);
    JsonObject roleOut = new JsonObject();
    new java.util.TreeMap<>(roles).forEach((roleId, role) -> roleOut.put(Long.toString(roleId),
        new JsonObject().put("permissions", role.permissions()).put("position", role.position())));
    JsonObject memberOut = new JsonObject();
    new java.util.TreeMap<>(members).forEach((userId, member) -> memberOut.put(Long.toString(userId),
        new JsonObject().put("roles", new JsonArray(new ArrayList<>(new java.util.TreeSet<>(member.roleIds))))
            .put("timed_out_until", member.timedOutUntil)));
    JsonObject channelOut = new JsonObject();
    new java.util.TreeMap<>(channels).forEach((channelId, channel) -> {
      JsonArray overwrites = new JsonArray();
      channel.overwrites.stream().sorted(java.util.Comparator.comparingLong(Permissions.Overwrite::targetId))
          .forEach(o -> overwrites.add(new JsonObject().put("id", o.targetId()).put("member", o.memberTarget())
              .put("allow", o.allow()).put("deny", o.deny())));
      JsonObject one = new JsonObject().put("type", channel.type).put("parent_id", channel.parentId).put("overwrites", overwrites);
      if (channel.type == THREAD) {
        one.put("locked", channel.locked).put("owner_id", channel.ownerId);
      }
      channelOut.put(Long.toString(channelId), one);
    });
    return out.put("roles", roleOut).put("members", memberOut).put("channels", channelOut);
  }
}
