package guildhall.fanout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster's commit order: what committed events bring (here, their deliveries), handed on in event id
 * order, each only once no smaller id can still commit anywhere. Each node reports a position with every
 * commit and every few milliseconds (none of its ids at or below it is still to come); the smallest
 * position of the nodes in the cluster is the watermark, and what is held at or below it is released. So
 * a transaction that stays open holds back what comes after it, however long it takes, instead of being
 * passed by it: a client's last id then says that everything before it has reached it, and a replay from
 * there misses nothing. Not thread-safe: one verticle owns it.
 *
 * @param <T> what is held per event id, in the order it was added
 */
final class CommitOrder<T> {
  private final Map<String, Long> positions = new HashMap<>();
  private final Map<String, Long> heardAt = new HashMap<>();
  /** Nodes that left the cluster: their later reports do not hold the others back again. */
  private final Set<String> gone = new HashSet<>();
  private final TreeMap<Long, List<T>> held = new TreeMap<>();
  private long released = -1;
  private long late;

  /** A node in the cluster that has not reported yet: nothing is released past it until it does. */
  void expect(String node, long now) {
    if (!gone.contains(node)) {
      positions.putIfAbsent(node, -1L);
      heardAt.putIfAbsent(node, now);
    }
  }

  /** Holds {@code item} until the watermark reaches {@code id}; items of one id keep the order they came in. */
  void hold(long id, T item) {
    if (id <= released) {
      late++; // from a node let go too soon: it goes with the next release, out of order
    }
    held.computeIfAbsent(id, k -> new ArrayList<>(1)).add(item);
  }

  /** A node's report of its position. Answers what may go on now, in id order. */
  List<T> report(String node, long position, long now) {
    if (!gone.contains(node)) {
      positions.merge(node, position, Math::max);
      heardAt.put(node, now);
    }
    return release();
  }

  /** A node left the cluster: it commits nothing more, so it holds nothing back. */
  List<T> left(String node) {
    gone.add(node);
    positions.remove(node);
    heardAt.remove(node);
    return release();
  }

  /** A node not heard from for too long: no longer waited for, until it reports again. */
  List<T> forget(String node) {
    positions.remove(node);
    heardAt.remove(node);
    return release();
  }

  /** Nodes not heard from for {@code leaseMs} (killed before the cluster noticed, or stalled). */
  List<String> silentSince(long now, long leaseMs) {
    List<String> silent = new ArrayList<>();
    heardAt.forEach((node, at) -> {
      if (now - at > leaseMs) {
        silent.add(node);
      }
    });
    return silent;
  }

  /** Everything with an id at or below this has been handed on. -1 before the first report. */
  long released() {
    return released;
  }

  /** Items that came below the watermark (from a node let go too soon): handed on at once, out of order. */
  long late() {
    return late;
  }

  private List<T> release() {
    long watermark = released;
    if (!positions.isEmpty()) {
      watermark = Long.MAX_VALUE;
      for (long position : positions.values()) {
        watermark = Math.min(watermark, position);
      }
    }
    released = Math.max(released, watermark);
    List<T> out = new ArrayList<>();
    while (!held.isEmpty() && held.firstKey() <= released) {
      out.addAll(held.pollFirstEntry().getValue());
    }
    return out;
  }
}
