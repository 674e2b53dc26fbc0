package guildhall.fanout;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fan-out batch: frames queued on their streams, and the streams that were idle until now
 * gathered per event loop, so that the batch hands each loop one list (see {@link LoopWriter}).
 * On the fan-out verticle's thread.
 */
final class Writes {
  private final Map<LoopWriter, List<SseConnection>> newlyReady = new IdentityHashMap<>(4);

  void add(SseConnection conn, Buffer frame) {
    if (conn.queue(frame)) {
      newlyReady.computeIfAbsent(conn.writer, w -> new ArrayList<>()).add(conn);
    }
  }

  void flush() {
    newlyReady.forEach(LoopWriter::offer);
    newlyReady.clear();
  }
}
