package guildhall.fanout;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster's commit order: committed events from every node, handed on in id order, each only once
 * no smaller id can still commit anywhere. Each node reports a position with every commit and every few
 * milliseconds (none of its ids at or below it is still to come); the smallest position of the nodes in
 * the cluster is the watermark, and what is held at or below it is released. So a transaction that stays
 * open holds back the events after it, however long it takes, instead of being passed by them: a client's
 * last id then says that everything before it has reached it, and a replay from there misses nothing.
 * Not thread-safe: one verticle owns it.
 */
final class CommitOrder {
  private final Map<String, Long> positions = new HashMap<>();
  private final Map<String, Long> heardAt = new HashMap<>();
  /** Nodes that left (or fell silent): their later reports do not hold the others back again. */
  private final Set<String> gone = new HashSet<>();
  private final TreeMap<Long, JsonObject> held = new TreeMap<>();
  private long released = -1;
  private long late;

  /** A node in the cluster that has not reported yet: nothing is released past it until it does. */
  void expect(String node, long now) {
    if (!gone.contains(node)) {
      positions.putIfAbsent(node, -1L);
      heardAt.putIfAbsent(node, now);
    }
  }

  /** A node's report: its position and the events of its commit. Answers what may go on now, in id order. */
  List<JsonObject> report(String node, long position, List<JsonObject> events, long now) {
    for (JsonObject event : events) {
      held.put(event.getLong("id"), event);
    }
    if (!gone.contains(node)) {
      positions.merge(node, position, Math::max);
      heardAt.put(node, now);
    }
    return release();
  }

  /** A node left the cluster: it commits nothing more, so it holds nothing back. */
  List<JsonObject> left(String node) {
    gone.add(node);
    positions.remove(node);
    heardAt.remove(node);
    return release();
  }

  /** A node not heard from for too long: no longer waited for, until it reports again. */
  List<JsonObject> forget(String node) {
    positions.remove(node);
    heardAt.remove(node);
    return release();
  }

  /** Nodes not heard from for {@code leaseMs} (killed before the cluster noticed, or stalled) are let go. */
  List<String> silentSince(long now, long leaseMs) {
    List<String> silent = new ArrayList<>();
    heardAt.forEach((node, at) -> {
      if (now - at > leaseMs) {
        silent.add(node);
      }
    });
    return silent;
  }

  /** Every committed event with an id at or below this has been handed on. -1 before the first report. */
  long released() {
    return released;
  }

  /** Events that came below the watermark (from a node let go too soon): handed on at once, out of order. */
  long late() {
    return late;
  }

  int held() {
    return held.size();
  }

  private List<JsonObject> release() {
    long watermark = Long.MAX_VALUE;
    for (long position : positions.values()) {
      watermark = Math.min(watermark, position);
    }
    if (positions.isEmpty()) {
      watermark = released;
    }
    List<JsonObject> out = new ArrayList<>();
    while (!held.isEmpty() && (held.firstKey() <= watermark || held.firstKey() <= released)) {
      long id = held.firstKey();
      if (id <= released) {
        late++;
      }
      out.add(held.pollFirstEntry().getValue());
    }
    released = Math.max(released, watermark == Long.MAX_VALUE ? released : watermark);
    return out;
  }
}
