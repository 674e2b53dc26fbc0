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
 * Who is online, as whom, and who is typing. A user is online while any node holds one of their
 * streams; each node counts its own streams and tells the cluster when a user's count on it goes
 * between zero and non-zero, so every node knows the same set. What others see is the status the
 * user chose (stored: online, idle, dnd, invisible), idle while their client says they are away, and
 * offline when they are invisible or gone. Being online, or away, is never stored.
 */
public class PresenceVerticle extends VerticleBase {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  static final String OFFLINE = "offline";

  private String nodeId;
  /** This node's open streams per user. */
  private final Map<Long, Integer> localStreams = new HashMap<>();
  /** Cluster-wide: the nodes on which each online user has a stream. */
  private final Map<Long, Set<String>> onlineOn = new HashMap<>();
  /** Online users' chosen presence {status, custom_status}, once read from the store. */
  private final Map<Long, JsonObject> chosen = new HashMap<>();
  /** Online users whose client says they are away. */
  private final Set<Long> away = new HashSet<>();
  /** What each online user was last shown as, so that a change nobody can see is not sent. */
  private final Map<Long, JsonObject> shown = new HashMap<>();

  @Override
  public Future<?> start() {
    // The cluster's own node id, so that a node leaving the membership takes its users' streams with it.
    nodeId = guildhall.ClusterNodes.self(vertx);
    guildhall.ClusterNodes.onLeft(vertx, this::nodeLeft);
    var bus = vertx.eventBus();
    bus.<JsonObject>localConsumer(Addresses.PRESENCE_CONNECTED, msg -> streams(Ids.require(msg.body(), "user_id"), +1));
    bus.<JsonObject>localConsumer(Addresses.PRESENCE_DISCONNECTED, msg -> streams(Ids.require(msg.body(), "user_id"), -1));
    bus.<JsonObject>localConsumer(Addresses.PRESENCE_QUERY, msg -> msg.reply(query(msg.body())));
    // Cluster-wide: every node keeps the same picture of who is online, and routes typing to its own streams.
    return Future.all(
        bus.<JsonObject>consumer(Addresses.PRESENCE_NODE_CHANGE, msg -> onNodeChange(msg.body())).completion(),
        bus.<JsonObject>consumer(Addresses.PRESENCE_AFK, msg -> onAway(msg.body())).completion(),
        bus.<JsonObject>consumer(Addresses.PRESENCE_TYPING, msg -> typing(msg.body())).completion(),
        bus.<JsonObject>consumer(Addresses.EVENTS_COMMITTED, msg -> onCommitted(msg.body().getJsonArray("events"))).completion(),
        bus.<JsonObject>consumer(Addresses.PRESENCE_HELLO, msg -> onHello(msg.body())).completion())
        // A node that starts (or comes back) learns from the others who is online on them.
        .onSuccess(v -> bus.publish(Addresses.PRESENCE_HELLO, new JsonObject().put("node", nodeId)));
  }

  /** Another node started: it hears, from this one, of every user with a stream here. */
  private void onHello(JsonObject hello) {
    if (nodeId.equals(hello.getString("node"))) {
      return;
    }
    for (long userId : localStreams.keySet()) {
      vertx.eventBus().publish(Addresses.PRESENCE_NODE_CHANGE,
          new JsonObject().put("node", nodeId).put("user_id", userId).put("online", true));
    }
  }

  /** A node left the cluster (stopped, or killed and noticed by the membership): its streams are gone. */
  private void nodeLeft(String node) {
    for (long userId : new java.util.ArrayList<>(onlineOn.keySet())) {
      if (onlineOn.get(userId).contains(node)) {
        onNodeChange(new JsonObject().put("node", node).put("user_id", userId).put("online", false));
      }
    }
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
    if (wasOnline == isOnline) {
      return;
    }
    if (isOnline) {
      vertx.eventBus().<JsonObject>request(Addresses.STORE_PRESENCE_GET, new JsonObject().put("user_id", userId), LOCAL)
          .onSuccess(reply -> {
            if (onlineOn.containsKey(userId)) {
              chosen.putIfAbsent(userId, reply.body());
              changed(userId);
            }
          })
          .onFailure(e -> {
            if (onlineOn.containsKey(userId)) {
              chosen.putIfAbsent(userId, new JsonObject().put("status", "online"));
              changed(userId);
            }
          });
    } else {
      onlineOn.remove(userId);
      chosen.remove(userId);
      away.remove(userId);
      // Gone everywhere: the member list they showed is no longer theirs to follow (told before their
      // offline presence goes out, so whoever sees them offline knows the list is forgotten too).
      vertx.eventBus().send(Addresses.PERMISSIONS_MEMBER_LIST_FORGET, new JsonObject().put("user_id", userId), LOCAL);
      changed(userId);
    }
  }

  private void onAway(JsonObject change) {
    long userId = change.getLong("user_id");
    if (!onlineOn.containsKey(userId)) {
      return;
    }
    if (change.getBoolean("afk", false)) {
      away.add(userId);
    } else {
      away.remove(userId);
    }
    changed(userId);
  }

  /** What others see of a user now: {status, custom_status}. */
  private JsonObject visible(long userId) {
    JsonObject choice = chosen.get(userId);
    // Until the choice is read, offline: an invisible user must never flash online.
    String status = choice == null ? OFFLINE : choice.getString("status", "online");
    if (!onlineOn.containsKey(userId) || "invisible".equals(status) || OFFLINE.equals(status)) {
      return new JsonObject().put("status", OFFLINE).putNull("custom_status");
    }
    if ("online".equals(status) && away.contains(userId)) {
      status = "idle";
    }
    return new JsonObject().put("status", status).put("custom_status", choice.getValue("custom_status"));
  }

  /** Sends a PRESENCE_UPDATE when what others see of the user has changed; {@link #shown} holds the last one sent. */
  private void changed(long userId) {
    JsonObject now = visible(userId);
    JsonObject before = shown.get(userId); // absent: shown as offline
    if (OFFLINE.equals(now.getString("status"))) {
      if (before == null) {
        return;
      }
      shown.remove(userId);
    } else {
      if (now.equals(before)) {
        return;
      }
      shown.put(userId, now);
    }
    sendPresence(userId, now, null);
  }

  /**
   * Someone joins a guild: its members learn how the newcomer shows, and the newcomer learns how the
   * members show (each node tells its own streams, as for every presence change). A user's new
   * choice of status reaches everyone who sees them.
   */
  private void onCommitted(JsonArray events) {
    for (Object e : events) {
      JsonObject event = (JsonObject) e;
      EventType type = EventType.of(event);
      if (type == EventType.GUILD_MEMBER_ADD) {
        long userId = Long.parseLong(event.getJsonObject("data").getJsonObject("user").getString("id"));
        if (shown.containsKey(userId)) {
          sendPresence(userId, shown.get(userId), null);
        }
      } else if (type == EventType.GUILD_CREATE) {
        long newcomer = event.getLong("user_id");
        for (Object m : event.getJsonObject("data").getJsonArray("members", new JsonArray())) {
          long memberId = Long.parseLong(((JsonObject) m).getJsonObject("user").getString("id"));
          if (memberId != newcomer && shown.containsKey(memberId)) {
            sendPresence(memberId, shown.get(memberId), newcomer);
          }
        }
      } else if (type == EventType.CHANNEL_CREATE && event.getLong("guild_id") == null) {
        // A DM or group DM opened (or someone added): its people learn how each other shows.
        JsonArray recipients = event.getJsonObject("data").getJsonArray("recipients", new JsonArray());
        for (Object a : recipients) {
          long shownId = Long.parseLong(((JsonObject) a).getString("id"));
          if (!shown.containsKey(shownId)) {
            continue;
          }
          for (Object b : recipients) {
            long toId = Long.parseLong(((JsonObject) b).getString("id"));
            if (toId != shownId) {
              sendPresence(shownId, shown.get(shownId), toId);
            }
          }
        }
      } else if (type == EventType.USER_SETTINGS_UPDATE) {
        long userId = event.getLong("user_id");
        if (onlineOn.containsKey(userId)) {
          chosen.put(userId, event.getJsonObject("data"));
          changed(userId);
        }
      }
    }
  }

  /** A PRESENCE_UPDATE for the people who share a guild with the user, or for {@code onlyTo} alone. */
  private void sendPresence(long userId, JsonObject presence, Long onlyTo) {
    JsonObject data = new JsonObject().put("user_id", Ids.str(userId))
        .put("status", presence.getString("status")).put("custom_status", presence.getValue("custom_status"));
    JsonObject event = new JsonObject().put("type", EventType.PRESENCE_UPDATE.name()).put("user_id", userId).put("data", data);
    if (onlyTo != null) {
      event.put("to_user_id", onlyTo);
    }
    vertx.eventBus().send(Addresses.PERMISSIONS_EPHEMERAL, event, LOCAL);
  }

  /** Request {user_ids: [...]}; reply {presences: [{user_id, status, custom_status}]} for those not shown offline. */
  private JsonObject query(JsonObject req) {
    JsonArray presences = new JsonArray();
    for (Object id : req.getJsonArray("user_ids", new JsonArray())) {
      long userId = Long.parseLong(id.toString());
      JsonObject now = visible(userId);
      if (!OFFLINE.equals(now.getString("status"))) {
        presences.add(new JsonObject().put("user_id", Ids.str(userId)).put("status", now.getString("status"))
            .put("custom_status", now.getValue("custom_status")));
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
