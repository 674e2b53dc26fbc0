package guildhall.fanout;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames to write, grouped by the event loop that owns each stream. Flushed as one task per event
 * loop, not one per stream: a delivery to a thousand streams costs two or four context switches.
 */
final class Writes {
  private final Map<Context, List<Object>> byContext = new IdentityHashMap<>();

  void add(SseConnection conn, Buffer frame) {
    List<Object> pairs = byContext.computeIfAbsent(conn.context, c -> new ArrayList<>());
    pairs.add(conn);
    pairs.add(frame);
  }

  void flush() {
    for (Map.Entry<Context, List<Object>> entry : byContext.entrySet()) {
      List<Object> pairs = entry.getValue();
      entry.getKey().runOnContext(v -> {
        for (int i = 0; i < pairs.size(); i += 2) {
          ((SseConnection) pairs.get(i)).writeNow((Buffer) pairs.get(i + 1));
        }
      });
    }
    byContext.clear();
  }
}
