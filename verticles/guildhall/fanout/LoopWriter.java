package guildhall.fanout;

import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The streams of one event loop that have frames queued, written by one task at a time on that loop.
 * While a task is pending, more streams and frames join it rather than adding tasks; so when the loop
 * falls behind, each stream's backlog goes out as one write instead of one per event, and the cost
 * per event drops just when it matters (measured: 5,000 streams at 50 events/s).
 */
final class LoopWriter {
  private static final Logger log = LoggerFactory.getLogger(LoopWriter.class);
  private final Context context;
  /**
   * Heartbeats in a row after which a stream whose socket took nothing is closed: the connections' idle
   * timeout, counted in heartbeats (see {@link SseConnection}); 0 when connections have none.
   */
  final int stallBeats;
  /** Guarded by this: the streams to write, and whether a task to write them is on its way. */
  private List<SseConnection> ready = new ArrayList<>();
  private boolean scheduled;

  LoopWriter(Context context, int stallBeats) {
    this.context = context;
    this.stallBeats = stallBeats;
  }

  /** From the fan-out: streams that just got their first queued frame. */
  void offer(List<SseConnection> streams) {
    boolean schedule;
    synchronized (this) {
      ready.addAll(streams);
      schedule = !scheduled;
      scheduled = true;
    }
    if (schedule) {
      context.runOnContext(v -> drain());
    }
  }

  /** On the loop. */
  private void drain() {
    List<SseConnection> streams;
    synchronized (this) {
      streams = ready;
      ready = new ArrayList<>(streams.size());
      scheduled = false;
    }
    for (int i = 0; i < streams.size(); i++) {
      try {
        streams.get(i).writeQueued();
      } catch (RuntimeException e) { // one stream's failure (say, a response already ended) must not stop the others
        log.debug("A write to a stream failed: {}", e.toString());
      }
    }
  }
}
