package guildhall.presence;

import guildhall.Addresses;
import guildhall.EventType;
import guildhall.Ids;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who is online and who is typing. Ephemeral: never stored. A user is online while any node holds one
 * of their streams; each node counts its own streams and tells the cluster when a user's count on it
 * goes between zero and non-zero, so every node knows the same set.
 */
public class PresenceVerticle extends VerticleBase {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private String nodeId;
  /** This node's open streams per user. */
  private final Map<Long, Integer> localStreams = new HashMap<>();
  /** Cluster-wide: the nodes on which each online user has a stream. */
  private final Map<Long, Set<String>> onlineOn = new HashMap<>();

  @Override
  public Future<?> start() {
    nodeId = config().getString("node_key", java.util.UUID.randomUUID().toString());
    var bus = vertx.eventBus();
    bus.<JsonObject>localConsumer(Addresses.PRESENCE_CONNECTED, msg -> streams(Ids.require(msg.body(), "user_id"), +1));
    bus.<JsonObject>localConsumer(Addresses.PRESENCE_DISCONNECTED, msg -> streams(Ids.require(msg.body(), "user_id"), -1));
    bus.<JsonObject>localConsumer(Addresses.PRESENCE_QUERY, msg -> msg.reply(query(msg.body())));
    // Cluster-wide: every node keeps the same picture of who is online, and routes typing to its own streams.
    return Future.all(
        bus.<JsonObject>consumer(Addresses.PRESENCE_NODE_CHANGE, msg -> onNodeChange(msg.body())).completion(),
        bus.<JsonObject>consumer(Addresses.PRESENCE_TYPING, msg -> typing(msg.body())).completion(),
        bus.<JsonArray>consumer(Addresses.EVENTS_COMMITTED, msg -> onCommitted(msg.body())).completion());
  }

  private void streams(long userId, int delta) {
    int before = localStreams.getOrDefault(userId, 0);
    int after = Math.max(0, before + delta);
    if (after == 0) {
      localStreams.remove(userId);
    } else {
      localStreams.put(userId, after);
    }
    if ((before == 0) != (after == 0)) {
      vertx.eventBus().publish(Addresses.PRESENCE_NODE_CHANGE,
          new JsonObject().put("node", nodeId).put("user_id", userId).put("online", after > 0));
    }
  }

  private void onNodeChange(JsonObject change) {
    long userId = change.getLong("user_id");
    Set<String> nodes = onlineOn.computeIfAbsent(userId, k -> new HashSet<>());
    boolean wasOnline = !nodes.isEmpty();
    if (change.getBoolean("online")) {
      nodes.add(change.getString("node"));
    } else {
      nodes.remove(change.getString("node"));
    }
    boolean isOnline = !nodes.isEmpty();
    if (!isOnline) {
      onlineOn.remove(userId);
    }
    if (wasOnline != isOnline) {
      sendPresence(userId, isOnline, null);
    }
  }

  /**
   * Someone joins a guild: its members learn whether the newcomer is online, and the newcomer learns
   * which members are (each node tells its own streams, as for every presence change).
   */
  private void onCommitted(JsonArray events) {
    for (Object e : events) {
      JsonObject event = (JsonObject) e;
      EventType type = EventType.of(event);
      if (type == EventType.GUILD_MEMBER_ADD) {
        long userId = Long.parseLong(event.getJsonObject("data").getJsonObject("user").getString("id"));
        if (onlineOn.containsKey(userId)) {
          sendPresence(userId, true, null);
        }
      } else if (type == EventType.GUILD_CREATE) {
        long newcomer = event.getLong("user_id");
        for (Object m : event.getJsonObject("data").getJsonArray("members", new JsonArray())) {
          long memberId = Long.parseLong(((JsonObject) m).getJsonObject("user").getString("id"));
          if (memberId != newcomer && onlineOn.containsKey(memberId)) {
            sendPresence(memberId, true, newcomer);
          }
        }
      }
    }
  }

  /** A PRESENCE_UPDATE for the people who share a guild with the user, or for {@code onlyTo} alone. */
  private void sendPresence(long userId, boolean online, Long onlyTo) {
    JsonObject data = new JsonObject().put("user_id", Ids.str(userId)).put("status", online ? "online" : "offline");
    JsonObject event = new JsonObject().put("type", EventType.PRESENCE_UPDATE.name()).put("user_id", userId).put("data", data);
    if (onlyTo != null) {
      event.put("to_user_id", onlyTo);
    }
    vertx.eventBus().send(Addresses.PERMISSIONS_EPHEMERAL, event, LOCAL);
  }

  /** Request {user_ids: [...]}; reply {presences: [{user_id, status}]} for those online. */
  private JsonObject query(JsonObject req) {
    JsonArray presences = new JsonArray();
    for (Object id : req.getJsonArray("user_ids", new JsonArray())) {
      long userId = Long.parseLong(id.toString());
      if (onlineOn.containsKey(userId)) {
        presences.add(new JsonObject().put("user_id", Ids.str(userId)).put("status", "online"));
      }
    }
    return new JsonObject().put("presences", presences);
  }

  /** Typing is published cluster-wide; each node routes it to its own viewers of the channel. */
  private void typing(JsonObject typing) {
    JsonObject data = new JsonObject()
        .put("channel_id", Ids.str(typing.getLong("channel_id")))
        .put("guild_id", Ids.strOrNull(typing.getLong("guild_id")))
        .put("user_id", Ids.str(typing.getLong("user_id")))
        .put("timestamp", System.currentTimeMillis() / 1000);
    vertx.eventBus().send(Addresses.PERMISSIONS_EPHEMERAL, new JsonObject()
        .put("type", EventType.TYPING_START.name()).put("channel_id", typing.getLong("channel_id"))
        .put("guild_id", typing.getLong("guild_id")).put("data", data), LOCAL);
  }
}
