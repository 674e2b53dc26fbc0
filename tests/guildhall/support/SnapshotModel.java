package guildhall.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client keeps of a snapshot (the user, their guilds with channels, roles and members), and
 * the same event reducers the web client has, in Java: Zulip's check is that an old snapshot plus
 * the events after it equals a fresh snapshot. Read states are in it (the server's count in the
 * snapshot and in MESSAGE_ACK, plus one for each MESSAGE_CREATE that pings the user). Messages,
 * presences and counters derived from messages (last_message_id) are left out: they are paged or ephemeral, not part of the snapshot's state.
 * Of threads, the active ones are compared, without {@code joined}: which archived threads a user
 * joined, and whether they joined one, no event says (ThreadsTest checks those against the API).
 */
public final class SnapshotModel {
  private JsonObject user;
  /** The status and custom status the user chose. */
  private JsonObject presence;
  private final Map<String, JsonObject> guilds = new TreeMap<>();
  private final Map<String, Map<String, JsonObject>> channels = new TreeMap<>();
  private final Map<String, Map<String, JsonObject>> roles = new TreeMap<>();
  private final Map<String, Map<String, JsonObject>> members = new TreeMap<>();
  /** DMs and group DMs: {id, type, name, owner_id, recipients: sorted ids} (names of people go stale; ids do not). */
  private final Map<String, JsonObject> privateChannels = new TreeMap<>();
  /** The users this user blocks. */
  private final java.util.Set<String> blocked = new java.util.TreeSet<>();
  private final Map<String, Map<String, JsonObject>> threads = new TreeMap<>();
  /** guild id → the user's notification settings there (overrides sorted by channel), for guilds where they chose any. */
  private final Map<String, JsonObject> notificationSettings = new TreeMap<>();
  /**
   * Read states, channel id → {last_message_id, mention_count}: the snapshot's, then MESSAGE_ACK (the
   * server's count) and each MESSAGE_CREATE that pings the user (the client's rule, readstates.js). Kept
   * for channels the user no longer sees, as the server keeps them.
   */
  private final Map<String, JsonObject> readStates = new TreeMap<>();
  /**
   * Channels shown to the user again (a CHANNEL_CREATE, THREAD_CREATE or GUILD_CREATE of a channel older
   * than the snapshot): mentions from an earlier time they saw it are in the server's count but in no
   * event since, so their read states are not compared (the web client takes them on its next snapshot).
   */
  private final java.util.Set<String> revealed = new java.util.TreeSet<>();
  private long cursor;

  public static SnapshotModel of(JsonObject snapshot) {
    SnapshotModel model = new SnapshotModel();
    model.user = user(snapshot.getJsonObject("user"));
    model.cursor = Long.parseLong(snapshot.getString("cursor", "0"));
    for (Object r : snapshot.getJsonArray("read_states", new JsonArray())) {
      JsonObject state = (JsonObject) r;
      model.readStates.put(state.getString("channel_id"), new JsonObject()
          .put("last_message_id", state.getString("last_message_id")).put("mention_count", state.getInteger("mention_count")));
    }
    model.presence = snapshot.getJsonObject("presence");
    for (Object g : snapshot.getJsonArray("guilds")) {
      model.putGuild((JsonObject) g);
    }
    for (Object c : snapshot.getJsonArray("private_channels", new JsonArray())) {
      model.privateChannels.put(((JsonObject) c).getString("id"), privateChannel((JsonObject) c));
    }
    for (Object r : snapshot.getJsonArray("relationships", new JsonArray())) {
      model.blocked.add(((JsonObject) r).getString("id"));
    }
    for (Object s : snapshot.getJsonArray("user_guild_settings", new JsonArray())) {
      model.notificationSettings.put(((JsonObject) s).getString("guild_id"), notificationSettings((JsonObject) s));
    }
    return model;
  }

  private void putGuild(JsonObject guild) {
    String id = guild.getString("id");
    guilds.put(id, guildFields(guild));
    channels.put(id, new TreeMap<>());
    roles.put(id, new TreeMap<>());
    members.put(id, new TreeMap<>());
    threads.put(id, new TreeMap<>());
    for (Object t : guild.getJsonArray("threads", new JsonArray())) {
      threads.get(id).put(((JsonObject) t).getString("id"), thread((JsonObject) t));
    }
    for (Object c : guild.getJsonArray("channels", new JsonArray())) {
      channels.get(id).put(((JsonObject) c).getString("id"), channel((JsonObject) c));
    }
    for (Object r : guild.getJsonArray("roles", new JsonArray())) {
      roles.get(id).put(((JsonObject) r).getString("id"), role((JsonObject) r));
    }
    for (Object m : guild.getJsonArray("members", new JsonArray())) {
      JsonObject member = member((JsonObject) m);
      members.get(id).put(member.getJsonObject("user").getString("id"), member);
    }
  }

  /** Applies one event as the web client's reducer does; types the snapshot does not hold change nothing. */
  public void apply(String type, JsonObject data) {
    String guildId = data.getString("guild_id");
    applyReadState(type, data);
    if (guildId == null && applyPrivate(type, data)) {
      return;
    }
    switch (type) {
      case "GUILD_CREATE" -> putGuild(data);
      case "GUILD_UPDATE" -> {
        if (guilds.containsKey(data.getString("id"))) {
          guilds.put(data.getString("id"), guildFields(data));
        }
      }
      case "GUILD_DELETE" -> {
        String id = data.getString("id");
        guilds.remove(id);
        channels.remove(id);
        roles.remove(id);
        members.remove(id);
        threads.remove(id);
        notificationSettings.remove(id); // they went with the membership
      }
      case "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE" -> {
        if (members.containsKey(guildId)) {
          JsonObject member = member(data);
          members.get(guildId).put(member.getJsonObject("user").getString("id"), member);
        }
      }
      case "GUILD_MEMBER_REMOVE" -> {
        if (members.containsKey(guildId)) {
          members.get(guildId).remove(data.getJsonObject("user").getString("id"));
        }
      }
      case "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE" -> {
        if (roles.containsKey(guildId)) {
          roles.get(guildId).put(data.getJsonObject("role").getString("id"), role(data.getJsonObject("role")));
        }
      }
      case "GUILD_ROLE_DELETE" -> {
        String roleId = data.getString("role_id");
        if (roles.containsKey(guildId)) {
          roles.get(guildId).remove(roleId);
          for (JsonObject member : members.get(guildId).values()) {
            member.put("roles", without(member.getJsonArray("roles"), roleId));
          }
          for (JsonObject channel : channels.get(guildId).values()) {
            JsonArray kept = new JsonArray();
            for (Object o : channel.getJsonArray("permission_overwrites")) {
              if (!roleId.equals(((JsonObject) o).getString("id"))) {
                kept.add(o);
              }
            }
            channel.put("permission_overwrites", kept);
          }
        }
      }
      case "CHANNEL_CREATE", "CHANNEL_UPDATE" -> {
        if (channels.containsKey(guildId)) {
          channels.get(guildId).put(data.getString("id"), channel(data));
        }
      }
      case "CHANNEL_DELETE" -> {
        // A deleted category's children come with their own CHANNEL_UPDATE; a hidden one keeps them.
        if (channels.containsKey(guildId)) {
          channels.get(guildId).remove(data.getString("id"));
          // A deleted channel's threads go with it (a hidden one's come with their own THREAD_DELETE).
          threads.get(guildId).values().removeIf(t -> data.getString("id").equals(t.getString("parent_id")));
        }
      }
      case "THREAD_CREATE", "THREAD_UPDATE" -> {
        if (threads.containsKey(guildId)) {
          threads.get(guildId).put(data.getString("id"), thread(data));
        }
      }
      case "THREAD_DELETE" -> {
        if (threads.containsKey(guildId)) {
          threads.get(guildId).remove(data.getString("id"));
        }
      }
      case "USER_UPDATE" -> {
        if (user.getString("id").equals(data.getString("id"))) {
          user = user(data);
        }
      }
      case "USER_SETTINGS_UPDATE" -> presence = data;
      case "USER_GUILD_SETTINGS_UPDATE" -> notificationSettings.put(guildId, notificationSettings(data));
      default -> { }
    }
  }

  /** Read states, as the web client's readstates.js keeps them. */
  private void applyReadState(String type, JsonObject data) {
    switch (type) {
      case "MESSAGE_ACK" -> {
        JsonObject old = readStates.get(data.getString("channel_id"));
        if (old == null || old.getString("last_message_id") == null || compareIds(data.getString("message_id"), old.getString("last_message_id")) >= 0) {
          readStates.put(data.getString("channel_id"), new JsonObject().put("last_message_id", data.getString("message_id"))
              .put("mention_count", data.getInteger("mention_count")));
        }
      }
      case "MESSAGE_CREATE" -> {
        JsonObject old = readStates.get(data.getString("channel_id"));
        String last = old == null ? null : old.getString("last_message_id");
        if (pingsMe(data) && (last == null || compareIds(data.getString("id"), last) > 0)) {
          readStates.put(data.getString("channel_id"), new JsonObject().put("last_message_id", last)
              .put("mention_count", (old == null ? 0 : old.getInteger("mention_count")) + 1));
        }
      }
      case "CHANNEL_CREATE", "THREAD_CREATE" -> revealIfOld(data.getString("id"));
      case "GUILD_CREATE" -> {
        for (String list : new String[] {"channels", "threads"}) {
          for (Object c : data.getJsonArray(list, new JsonArray())) {
            revealIfOld(((JsonObject) c).getString("id"));
          }
        }
      }
      default -> { }
    }
  }

  private void revealIfOld(String channelId) {
    if (channelId != null && Long.parseLong(channelId) < cursor) {
      revealed.add(channelId);
    }
  }

  /** The rule of readstates.js's pingsMe (and the server's MentionTargets): a message of someone else that names me, a role of mine or everyone; in a DM, any. */
  private boolean pingsMe(JsonObject m) {
    String me = user.getString("id");
    JsonObject author = m.getJsonObject("author");
    if (author == null || me.equals(author.getString("id"))) {
      return false;
    }
    String guildId = m.getString("guild_id");
    if (guildId == null) {
      return privateChannels.containsKey(m.getString("channel_id"));
    }
    if (m.getBoolean("mention_everyone", false)) {
      return true;
    }
    for (Object u : m.getJsonArray("mentions", new JsonArray())) {
      if (me.equals(((JsonObject) u).getString("id"))) {
        return true;
      }
    }
    JsonObject member = members.containsKey(guildId) ? members.get(guildId).get(me) : null;
    JsonArray mine = member == null ? new JsonArray() : member.getJsonArray("roles");
    for (Object r : m.getJsonArray("mention_roles", new JsonArray())) {
      if (mine.contains(r)) {
        return true;
      }
    }
    return false;
  }

  private static int compareIds(String a, String b) {
    return Long.compare(Long.parseLong(a), Long.parseLong(b));
  }

  /** The channels whose read states are left out of the comparison (see {@link #revealed}). */
  public java.util.Set<String> revealed() {
    return revealed;
  }

  /** A DM's or group DM's event, or a relationship's: true when it was one (the web client's dms.js). */
  private boolean applyPrivate(String type, JsonObject data) {
    switch (type) {
      case "CHANNEL_CREATE", "CHANNEL_UPDATE" -> {
        if (!data.containsKey("recipients")) {
          return false;
        }
        privateChannels.put(data.getString("id"), privateChannel(data));
      }
      case "CHANNEL_DELETE" -> privateChannels.remove(data.getString("id"));
      case "CHANNEL_RECIPIENT_ADD", "CHANNEL_RECIPIENT_REMOVE" -> {
        JsonObject channel = privateChannels.get(data.getString("channel_id"));
        String userId = data.getJsonObject("user").getString("id");
        if (channel != null && !userId.equals(user.getString("id"))) {
          java.util.Set<String> ids = new java.util.TreeSet<>();
          channel.getJsonArray("recipients").forEach(id -> ids.add((String) id));
          if (type.equals("CHANNEL_RECIPIENT_ADD")) {
            ids.add(userId);
          } else {
            ids.remove(userId);
          }
          channel.put("recipients", new JsonArray(new ArrayList<>(ids)));
        }
      }
      case "RELATIONSHIP_ADD" -> blocked.add(data.getString("id"));
      case "RELATIONSHIP_REMOVE" -> blocked.remove(data.getString("id"));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static JsonObject privateChannel(JsonObject c) {
    List<String> ids = new ArrayList<>();
    for (Object r : c.getJsonArray("recipients", new JsonArray())) {
      ids.add(((JsonObject) r).getString("id"));
    }
    ids.sort(String::compareTo);
    return new JsonObject().put("id", c.getString("id")).put("type", c.getInteger("type")).put("name", c.getString("name"))
        .put("owner_id", c.getString("owner_id")).put("recipients", new JsonArray(new ArrayList<>(ids)));
  }

  /** The model as one canonical JSON value: equal models encode equally. */
  public JsonObject canonical() {
    return canonical(revealed);
  }

  /** The same, leaving out the read states of {@code leaveOut} (those another model could not know). */
  public JsonObject canonical(java.util.Set<String> leaveOut) {
    JsonArray out = new JsonArray();
    for (Map.Entry<String, JsonObject> guild : guilds.entrySet()) {
      String id = guild.getKey();
      out.add(guild.getValue().copy()
          .put("channels", new JsonArray(new ArrayList<>(channels.get(id).values())))
          .put("roles", new JsonArray(new ArrayList<>(roles.get(id).values())))
          .put("members", new JsonArray(new ArrayList<>(members.get(id).values())))
          .put("threads", new JsonArray(threads.get(id).values().stream().filter(t -> !t.getBoolean("archived")).toList())));
    }
    // Read states of the channels compared above: guild channels, active threads, DMs and group DMs.
    java.util.Set<String> shown = new java.util.HashSet<>(privateChannels.keySet());
    for (String id : guilds.keySet()) {
      shown.addAll(channels.get(id).keySet());
      // A thread of a channel shown again is as unknown as its channel.
      threads.get(id).values().stream().filter(t -> !t.getBoolean("archived") && !leaveOut.contains(t.getString("parent_id")))
          .forEach(t -> shown.add(t.getString("id")));
    }
    JsonArray reads = new JsonArray();
    for (Map.Entry<String, JsonObject> r : readStates.entrySet()) {
      if (shown.contains(r.getKey()) && !leaveOut.contains(r.getKey())) {
        reads.add(r.getValue().copy().put("id", r.getKey()));
      }
    }
    return new JsonObject().put("user", user).put("presence", presence).put("guilds", out)
        .put("private_channels", new JsonArray(new ArrayList<>(privateChannels.values())))
        .put("relationships", new JsonArray(new ArrayList<>(blocked)))
        .put("user_guild_settings", new JsonArray(new ArrayList<>(notificationSettings.values())))
        .put("read_states", reads);
  }

  private static JsonObject notificationSettings(JsonObject s) {
    List<JsonObject> overrides = new ArrayList<>();
    for (Object o : s.getJsonArray("channel_overrides", new JsonArray())) {
      overrides.add(((JsonObject) o).copy());
    }
    overrides.sort((a, b) -> a.getString("channel_id").compareTo(b.getString("channel_id")));
    return s.copy().put("channel_overrides", new JsonArray(overrides));
  }

  private static JsonObject user(JsonObject u) {
    return new JsonObject().put("id", u.getString("id")).put("username", u.getString("username")).put("global_name", u.getString("global_name"));
  }

  private static JsonObject guildFields(JsonObject g) {
    return new JsonObject().put("id", g.getString("id")).put("name", g.getString("name"))
        .put("description", g.getString("description")).put("owner_id", g.getString("owner_id")).put("public", g.getBoolean("public"));
  }

  private static JsonObject channel(JsonObject c) {
    List<JsonObject> overwrites = new ArrayList<>();
    for (Object o : c.getJsonArray("permission_overwrites", new JsonArray())) {
      JsonObject ow = (JsonObject) o;
      overwrites.add(new JsonObject().put("id", ow.getString("id")).put("type", ow.getInteger("type"))
          .put("allow", ow.getString("allow")).put("deny", ow.getString("deny")));
    }
    overwrites.sort((a, b) -> a.getString("id").compareTo(b.getString("id")));
    return new JsonObject().put("id", c.getString("id")).put("type", c.getInteger("type")).put("name", c.getString("name"))
        .put("topic", c.getString("topic")).put("position", c.getInteger("position")).put("parent_id", c.getString("parent_id"))
        .put("permission_overwrites", new JsonArray(overwrites));
  }

  private static JsonObject thread(JsonObject t) {
    JsonObject meta = t.getJsonObject("thread_metadata");
    return new JsonObject().put("id", t.getString("id")).put("name", t.getString("name")).put("parent_id", t.getString("parent_id"))
        .put("owner_id", t.getString("owner_id")).put("message_count", t.getInteger("message_count"))
        .put("member_count", t.getInteger("member_count")).put("archived", meta.getBoolean("archived"))
        .put("locked", meta.getBoolean("locked")).put("auto_archive_duration", meta.getInteger("auto_archive_duration"));
  }

  private static JsonObject role(JsonObject r) {
    return new JsonObject().put("id", r.getString("id")).put("name", r.getString("name")).put("permissions", r.getString("permissions"))
        .put("position", r.getInteger("position")).put("color", r.getInteger("color"))
        .put("hoist", r.getBoolean("hoist")).put("mentionable", r.getBoolean("mentionable"));
  }

  private static JsonObject member(JsonObject m) {
    List<String> roleIds = new ArrayList<>();
    for (Object r : m.getJsonArray("roles", new JsonArray())) {
      roleIds.add((String) r);
    }
    roleIds.sort(String::compareTo);
    return new JsonObject().put("user", user(m.getJsonObject("user"))).put("nick", m.getString("nick"))
        .put("roles", new JsonArray(new ArrayList<>(roleIds))).put("communication_disabled_until", m.getString("communication_disabled_until"));
  }

  private static JsonArray without(JsonArray ids, String id) {
    JsonArray out = new JsonArray();
    for (Object x : ids) {
      if (!id.equals(x)) {
        out.add(x);
      }
    }
    return out;
  }

  /** The lines of {@code actual} that differ from {@code expected}, as "- expected / + actual" pairs with their path. */
  public static String difference(JsonObject expected, JsonObject actual) {
    List<String> out = new ArrayList<>();
    diff("", expected, actual, out);
    return String.join("\n", out.subList(0, Math.min(out.size(), 40)));
  }

  private static void diff(String path, Object expected, Object actual, List<String> out) {
    if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
      java.util.Set<String> keys = new java.util.TreeSet<>(e.fieldNames());
      keys.addAll(a.fieldNames());
      for (String key : keys) {
        diff(path + "." + key, e.getValue(key), a.getValue(key), out);
      }
    } else if (expected instanceof JsonArray e && actual instanceof JsonArray a) {
      Map<String, Object> byId = new TreeMap<>();
      Map<String, Object> otherById = new TreeMap<>();
      boolean keyed = true;
      for (Object x : e) {
        keyed &= x instanceof JsonObject o && (o.containsKey("id") || o.containsKey("user"));
      }
      for (Object x : a) {
        keyed &= x instanceof JsonObject o && (o.containsKey("id") || o.containsKey("user"));
      }
      if (!keyed) {
        if (!e.equals(a)) {
          out.add(path + ": - " + e.encode() + " / + " + a.encode());
        }
        return;
      }
      for (Object x : e) {
        byId.put(key((JsonObject) x), x);
      }
      for (Object x : a) {
        otherById.put(key((JsonObject) x), x);
      }
      java.util.Set<String> keys = new java.util.TreeSet<>(byId.keySet());
      keys.addAll(otherById.keySet());
      for (String key : keys) {
        diff(path + "[" + key + "]", byId.get(key), otherById.get(key), out);
      }
    } else if (!java.util.Objects.equals(expected, actual)) {
      out.add(path + ": - " + expected + " / + " + actual);
    }
  }

  private static String key(JsonObject o) {
    return o.containsKey("id") ? o.getString("id") : o.getJsonObject("user").getString("id");
  }
}
