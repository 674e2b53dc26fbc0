package guildhall.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The private channels (DMs, type 1, and group DMs, type 3) and their recipients, and every user's
 * blocks, in memory: what deciding DMs needs. Part of {@link PermissionState}, owned by the permissions
 * verticle alone, kept current by the same committed events.
 */
final class PrivateChannels {
  static final int DM = 1;
  static final int GROUP_DM = 3;
  /** Discord's relationship type for a block. */
  static final int BLOCKED = 2;

  static final class Channel {
    final long id;
    final int type;
    Long ownerId;
    String name;
    /** In the order they joined: the first after the owner inherits the group when the owner leaves. */
    final Set<Long> recipients = new LinkedHashSet<>();

    Channel(long id, int type) {
      this.id = id;
      this.type = type;
    }

    long[] recipientIds() {
      return recipients.stream().mapToLong(Long::longValue).toArray();
    }
  }

  final Map<Long, Channel> channels = new HashMap<>();
  final Map<Long, Set<Long>> channelsOfUser = new HashMap<>();
  /** "low:high" user ids → their DM. */
  final Map<String, Long> dmOfPair = new HashMap<>();
  /** blocker → the users they block. */
  final Map<Long, Set<Long>> blocks = new HashMap<>();

  static String pair(long a, long b) {
    return Math.min(a, b) + ":" + Math.max(a, b);
  }

  Channel get(Long channelId) {
    return channelId == null ? null : channels.get(channelId);
  }

  Set<Long> of(long userId) {
    return channelsOfUser.getOrDefault(userId, Set.of());
  }

  boolean blocks(long blocker, long blocked) {
    return blocks.getOrDefault(blocker, Set.of()).contains(blocked);
  }

  boolean haveDm(long a, long b) {
    return dmOfPair.containsKey(pair(a, b));
  }

  /** The other party of a 1:1 DM, or null. */
  static Long otherOf(Channel channel, long userId) {
    if (channel.type != DM) {
      return null;
    }
    for (long r : channel.recipients) {
      if (r != userId) {
        return r;
      }
    }
    return null;
  }

  /** From a private channel as events and the start-up load carry it: {id, type, name, owner_id, recipients: [user objects]}. */
  void put(JsonObject json) {
    long id = Long.parseLong(json.getString("id"));
    Channel channel = channels.get(id);
    if (channel == null) {
      channel = new Channel(id, json.getInteger("type"));
      channels.put(id, channel);
    }
    String owner = json.getString("owner_id");
    channel.ownerId = owner == null ? null : Long.parseLong(owner);
    channel.name = json.getString("name");
    Set<Long> listed = new LinkedHashSet<>();
    for (Object r : json.getJsonArray("recipients", new JsonArray())) {
      listed.add(Long.parseLong(((JsonObject) r).getString("id")));
    }
    for (long gone : new java.util.ArrayList<>(channel.recipients)) {
      if (!listed.contains(gone)) {
        channel.recipients.remove(gone);
        Set<Long> of = channelsOfUser.get(gone);
        if (of != null) {
          of.remove(id);
        }
      }
    }
    for (long userId : listed) {
      add(channel, userId);
    }
    if (channel.type == DM && channel.recipients.size() == 2) {
      long[] two = channel.recipientIds();
      dmOfPair.put(pair(two[0], two[1]), id);
    }
  }

  void add(Channel channel, long userId) {
    channel.recipients.add(userId);
    channelsOfUser.computeIfAbsent(userId, k -> new HashSet<>()).add(channel.id);
  }

  /** A recipient leaves; the last one out closes the channel. */
  void remove(Channel channel, long userId) {
    channel.recipients.remove(userId);
    Set<Long> of = channelsOfUser.get(userId);
    if (of != null) {
      of.remove(channel.id);
    }
    if (channel.recipients.isEmpty()) {
      drop(channel);
    }
  }

  void drop(Channel channel) {
    channels.remove(channel.id);
    for (long userId : channel.recipients) {
      Set<Long> of = channelsOfUser.get(userId);
      if (of != null) {
        of.remove(channel.id);
      }
    }
    dmOfPair.values().remove(channel.id);
  }

  void block(long blocker, long blocked, boolean on) {
    if (on) {
      blocks.computeIfAbsent(blocker, k -> new HashSet<>()).add(blocked);
    } else {
      Set<Long> of = blocks.get(blocker);
      if (of != null) {
        of.remove(blocked);
      }
    }
  }

  /** Everything deciding depends on, as one comparable value: for checking memory against the database. */
  JsonObject canonical() {
    JsonObject out = new JsonObject();
    new TreeMap<>(channels).forEach((id, c) -> out.put(Long.toString(id), new JsonObject().put("type", c.type)
        .put("owner_id", c.ownerId).put("name", c.name).put("recipients", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(c.recipients))))));
    JsonObject blockOut = new JsonObject();
    new TreeMap<>(blocks).forEach((blocker, blocked) -> {
      if (!blocked.isEmpty()) {
        blockOut.put(Long.toString(blocker), new JsonArray(new java.util.ArrayList<>(new TreeSet<>(blocked))));
      }
    });
    return new JsonObject().put("channels", out).put("blocks", blockOut);
  }

  /** The same value from the start-up load's {private_channels, relationships}. */
  static PrivateChannels load(JsonObject loaded) {
    PrivateChannels state = new PrivateChannels();
    for (Object c : loaded.getJsonArray("private_channels", new JsonArray())) {
      state.put((JsonObject) c);
    }
    for (Object r : loaded.getJsonArray("relationships", new JsonArray())) {
      JsonObject rel = (JsonObject) r;
      if (rel.getInteger("type") == BLOCKED) {
        state.block(Long.parseLong(rel.getString("user_id")), Long.parseLong(rel.getString("target_id")), true);
      }
    }
    return state;
  }
}
