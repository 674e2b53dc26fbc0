package guildhall.fanout;

import guildhall.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * This node's SSE streams. Receives each committed event with its audience from the permissions
 * verticle, serializes it once, and writes the same bytes to every stream of every user in the
 * audience. A reconnecting stream first gets what it missed, replayed from the event log. A stream
 * that cannot keep up is closed rather than allowed to hold memory or slow the others; its client
 * reconnects and replays.
 */
public class FanoutVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(FanoutVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final int REPLAY_PAGE = 1000;

  private final Map<Long, SseConnection> connections = new HashMap<>();
  private final Map<Long, List<SseConnection>> byUser = new HashMap<>();
  private final Map<String, List<SseConnection>> byToken = new HashMap<>();
  /**
   * Tokens revoked lately, with when: a stream authenticated just before its token was revoked may
   * reach this verticle just after the revocation did, and must not outlive it.
   */
  private final Map<String, Long> recentlyRevoked = new java.util.LinkedHashMap<>();
  private static final long REMEMBER_REVOKED_MS = 60_000;
  /** One writer per event loop that owns streams. */
  private final Map<Context, LoopWriter> writers = new IdentityHashMap<>();
  private int maxHeldFrames;
  /** A lever, on unless measured (bin/bench-levers): off, every stream gets its own serialization of each event. */
  private boolean shareFrames;
  private long heartbeatTimer;
  /** http.idle_timeout_ms in heartbeats, rounded up: when a stream whose socket takes nothing is closed. */
  private int stallBeats;
  /** In a cluster, what committed events bring waits here until no smaller id can still commit anywhere. */
  private final CommitOrder<Deliveries.Delivery> order = new CommitOrder<>();
  private boolean clustered;
  private guildhall.Metrics metrics;

  @Override
  public Future<?> start() {
    JsonObject sse = config().getJsonObject("sse", new JsonObject());
    maxHeldFrames = sse.getInteger("max_held_frames", 10_000);
    shareFrames = sse.getBoolean("share_frames", true);
    metrics = guildhall.Metrics.of(vertx);
    metrics.gauge("guildhall.streams.open", "Update streams open on this node", connections::size);
    var bus = vertx.eventBus();
    bus.<SseConnection>localConsumer(Addresses.FANOUT_REGISTER, msg -> register(msg.body()));
    bus.<Long>localConsumer(Addresses.FANOUT_UNREGISTER, msg -> unregister(msg.body()));
    bus.<Deliveries>localConsumer(Addresses.FANOUT_DELIVER, msg -> deliver(msg.body()));
    clustered = guildhall.ClusterNodes.clustered(vertx);
    bus.<JsonObject>localConsumer(Addresses.EVENTS_WATERMARK, msg -> msg.reply(clustered
        ? new JsonObject().put("until", order.released()) : new JsonObject()));
    if (clustered) {
      followMembership(config().getJsonObject("events", new JsonObject()).getLong("position_lease_ms", 5_000L));
    }
    bus.localConsumer(Addresses.FANOUT_DROP_ALL, msg -> {
      int count = connections.size();
      new ArrayList<>(connections.values()).forEach(this::close);
      msg.reply(count);
    });
    // Cluster-wide: a token revoked on any node ends the streams it opened on this one.
    bus.<String>consumer(Addresses.AUTH_TOKEN_REVOKED, msg -> revoked(msg.body()));
    int heartbeatMs = sse.getInteger("heartbeat_ms", 15_000);
    int idleTimeoutMs = config().getJsonObject("http", new JsonObject()).getInteger("idle_timeout_ms", 60_000);
    stallBeats = idleTimeoutMs > 0 ? (idleTimeoutMs + heartbeatMs - 1) / heartbeatMs : 0;
    heartbeatTimer = vertx.setPeriodic(heartbeatMs, t -> heartbeat());
    return Future.succeededFuture();
  }

  private void register(SseConnection conn) {
    if (conn.response.closed()) {
      return;
    }
    if (conn.tokenHash != null && recentlyRevoked.containsKey(conn.tokenHash)) {
      conn.context.runOnContext(v -> conn.response.end());
      return;
    }
    conn.writer = writers.computeIfAbsent(conn.context, loop -> new LoopWriter(loop, stallBeats));
    conn.slowDropped = metrics.slowStreamsDropped;
    connections.put(conn.id, conn);
    byUser.computeIfAbsent(conn.userId, k -> new ArrayList<>(2)).add(conn);
    if (conn.tokenHash != null) {
      byToken.computeIfAbsent(conn.tokenHash, k -> new ArrayList<>(1)).add(conn);
    }
    vertx.eventBus().send(Addresses.PRESENCE_CONNECTED, new JsonObject().put("user_id", conn.userId), LOCAL);
    writeOne(conn, SseFrames.HELLO);
    if (conn.after != null) {
      metrics.replays.increment();
      // Registered first, then the watermark: whatever the commit order writes from now comes live, and
      // everything through the watermark has committed, so the replay and the live events meet.
      conn.replay = new Replay(clustered ? order.released() : null);
      replay(conn, conn.after);
    }
  }

  private void unregister(long connectionId) {
    SseConnection conn = connections.remove(connectionId);
    if (conn == null) {
      return;
    }
    conn.closed = true;
    List<SseConnection> ofUser = byUser.get(conn.userId);
    if (ofUser != null) {
      ofUser.remove(conn);
      if (ofUser.isEmpty()) {
        byUser.remove(conn.userId);
      }
    }
    if (conn.tokenHash != null) {
      List<SseConnection> ofToken = byToken.get(conn.tokenHash);
      if (ofToken != null) {
        ofToken.remove(conn);
        if (ofToken.isEmpty()) {
          byToken.remove(conn.tokenHash);
        }
      }
    }
    vertx.eventBus().send(Addresses.PRESENCE_DISCONNECTED, new JsonObject().put("user_id", conn.userId), LOCAL);
  }

  /**
   * The token's streams end at once, cleanly (the end of the body): the client sees the stream is over,
   * and its next request, without a valid token, is told 401.
   */
  private void revoked(String tokenHash) {
    long now = System.currentTimeMillis();
    recentlyRevoked.put(tokenHash, now);
    for (var it = recentlyRevoked.values().iterator(); it.hasNext(); ) {
      if (now - it.next() <= REMEMBER_REVOKED_MS) {
        break; // in insertion order: the rest are younger
      }
      it.remove();
    }
    List<SseConnection> streams = byToken.get(tokenHash);
    if (streams == null) {
      return;
    }
    for (SseConnection conn : new ArrayList<>(streams)) {
      conn.closed = true;
      conn.context.runOnContext(v -> {
        if (!conn.response.ended() && !conn.response.closed()) {
          conn.response.end();
        }
      });
      unregister(conn.id);
    }
  }

  /**
   * Pages through the event log after the cursor, keeping what the user received live (the permissions
   * verticle judges each page), then says RESUMED and goes live.
   */
  private void replay(SseConnection conn, long after) {
    var bus = vertx.eventBus();
    boolean firstPage = conn.after != null && after == conn.after;
    bus.<JsonObject>request(Addresses.STORE_EVENTS_SINCE, new JsonObject().put("after", after).put("limit", REPLAY_PAGE)
            .put("first_page", firstPage).put("user_id", conn.userId).put("until", conn.replay.until))
        .compose(reply -> {
          JsonObject page = reply.body();
          if (page.getBoolean("resync")) {
            metrics.resyncs.increment();
            writeOne(conn, SseFrames.resync());
            return Future.succeededFuture(-1L);
          }
          Replay replay = conn.replay;
          if (firstPage) {
            replay.membershipsBegun = page.getJsonObject("memberships_begun", new JsonObject());
            replay.membershipsEnded = page.getJsonArray("memberships_ended", new JsonArray());
          }
          JsonArray events = page.getJsonArray("events");
          long last = events.isEmpty() ? after : ((JsonObject) events.getValue(events.size() - 1)).getLong("id");
          return bus.<JsonObject>request(Addresses.PERMISSIONS_FILTER, new JsonObject().put("user_id", conn.userId)
                  .put("events", events).put("memberships_begun", replay.membershipsBegun)
                  .put("memberships_ended", replay.membershipsEnded).put("through", last))
              .map(judged -> {
                if (judged.body().getBoolean("resync", false)) {
                  metrics.resyncs.increment();
                  writeOne(conn, SseFrames.resync());
                  return -1L;
                }
                Writes writes = new Writes();
                int replayedBefore = replay.replayed.size();
                for (Object e : judged.body().getJsonArray("events")) {
                  JsonObject event = (JsonObject) e;
                  replay.replayed.add(event.getLong("id"));
                  writes.add(conn, SseFrames.event(event));
                }
                metrics.eventsDelivered.increment(replay.replayed.size() - replayedBefore);
                if (events.size() < REPLAY_PAGE) {
                  writes.add(conn, SseFrames.resumed(replay.replayed.size()));
                }
                writes.flush();
                return events.size() < REPLAY_PAGE ? -1L : last;
              });
        })
        .onSuccess(next -> {
          if (conn.closed) {
            return;
          }
          if (next >= 0) {
            replay(conn, next);
          } else {
            goLive(conn);
          }
        })
        .onFailure(failure -> {
          log.warn("Replay for user {} failed: {}", conn.userId, failure.toString());
          close(conn);
        });
  }

  private void goLive(SseConnection conn) {
    Replay replay = conn.replay;
    // Live from here; the held frames are queued before anything else can be, as all of it runs on this verticle.
    conn.replay = null;
    Writes writes = new Writes();
    int written = 0;
    for (int i = 0; i < replay.held.size(); i++) {
      Long id = replay.heldIds.get(i);
      if (id == null || !replay.replayed.contains(id)) {
        writes.add(conn, replay.held.get(i));
        written++;
      }
    }
    writes.flush();
    if (written > 0) {
      metrics.eventsDelivered.increment(written);
    }
  }

  /**
   * The cluster's members now (none of their commits may be passed before they have said where they are),
   * and from then on who leaves, or falls silent for {@code leaseMs}: they are no longer waited for.
   */
  private void followMembership(long leaseMs) {
    long now = System.currentTimeMillis();
    for (String node : ((io.vertx.core.internal.VertxInternal) vertx).clusterManager().getNodes()) {
      order.expect(node, now);
    }
    guildhall.ClusterNodes.onLeft(vertx, node -> {
      log.info("Node {} left the cluster: the commit order no longer waits for it", node);
      write(order.left(node));
    });
    vertx.setPeriodic(Math.max(1, leaseMs / 4), t -> {
      for (String node : order.silentSince(System.currentTimeMillis(), leaseMs)) {
        log.warn("Node {} has not reported its position for {} ms: the commit order no longer waits for it", node, leaseMs);
        write(order.forget(node));
      }
    });
  }

  /** Alone, or for ephemeral events, at once; in a cluster, through the commit order. */
  private void deliver(Deliveries deliveries) {
    if (!clustered || deliveries.node() == null) {
      write(deliveries.items());
      return;
    }
    long lateBefore = order.late();
    Long lastId = null;
    List<Deliveries.Delivery> now = new ArrayList<>();
    for (Deliveries.Delivery delivery : deliveries.items()) {
      Long id = delivery.event().getLong("id");
      lastId = id != null ? id : lastId;
      if (lastId == null) {
        now.add(delivery); // nothing logged before it in this commit: nothing to wait for
      } else {
        order.hold(lastId, delivery); // a view change without an id goes with the event that caused it
      }
    }
    write(now);
    write(order.report(deliveries.node(), deliveries.position(), System.currentTimeMillis()));
    if (order.late() > lateBefore) {
      log.warn("{} deliveries from node {} came after the watermark had passed them (it had been let go): written out of order",
          order.late() - lateBefore, deliveries.node());
    }
  }

  private void write(List<Deliveries.Delivery> items) {
    if (items.isEmpty()) {
      return;
    }
    Writes writes = new Writes();
    int delivered = 0;
    for (Deliveries.Delivery delivery : items) {
      Buffer frame = null;
      Long eventId = delivery.event().getLong("id");
      for (long userId : delivery.userIds()) {
        List<SseConnection> streams = byUser.get(userId);
        if (streams == null) {
          continue;
        }
        if (frame == null && shareFrames) {
          frame = SseFrames.event(delivery.event());
        }
        for (int i = 0; i < streams.size(); i++) {
          if (send(writes, streams.get(i), shareFrames ? frame : SseFrames.event(delivery.event()), eventId)) {
            delivered++;
          }
        }
      }
    }
    writes.flush();
    if (delivered > 0) {
      metrics.eventsDelivered.increment(delivered); // once per batch: this is the hottest loop of the server
    }
  }

  /** True when the frame was queued for writing now (held frames are counted when they go out). */
  private boolean send(Writes writes, SseConnection conn, Buffer frame, Long eventId) {
    Replay replay = conn.replay;
    if (replay != null) {
      if (replay.held.size() >= maxHeldFrames) {
        if (!conn.closed) {
          metrics.slowStreamsDropped.increment();
        }
        close(conn); // too far behind even before going live: it will come back and replay
        return false;
      }
      replay.held.add(frame);
      replay.heldIds.add(eventId);
      return false;
    }
    if (!conn.closed) {
      writes.add(conn, frame);
      return true;
    }
    return false;
  }

  /** One frame for one stream, in order with everything else queued for it. */
  private void writeOne(SseConnection conn, Buffer frame) {
    Writes writes = new Writes();
    writes.add(conn, frame);
    writes.flush();
  }

  private void close(SseConnection conn) {
    if (!conn.closed) {
      conn.closed = true;
      conn.context.runOnContext(v -> conn.response.reset());
      unregister(conn.id);
    }
  }

  private void heartbeat() {
    Writes writes = new Writes();
    for (SseConnection conn : connections.values()) {
      if (conn.replay == null && !conn.closed) {
        writes.add(conn, SseFrames.HEARTBEAT);
      }
    }
    writes.flush();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    // End every stream cleanly so that clients reconnect, to another node if there is one; the stop
    // waits for the ends to be written (HTTP/1.1 has no graceful close of its own to finish them).
    List<Future<Void>> ended = new ArrayList<>();
    for (SseConnection conn : new ArrayList<>(connections.values())) {
      conn.closed = true;
      io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
      ended.add(done.future());
      conn.context.runOnContext(v -> {
        if (conn.response.ended()) {
          done.tryComplete();
        } else {
          conn.response.end().onComplete(r -> done.tryComplete());
        }
      });
    }
    connections.clear();
    byUser.clear();
    byToken.clear();
    return Future.join(ended).otherwiseEmpty().mapEmpty();
  }
}
