package guildhall.fanout;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Frames to write, grouped by the event loop that owns each stream and, within it, by stream.
 * Flushed as one task per event loop (not one per stream), and one write per stream however many
 * frames it got in this batch: a write is a syscall, and that is where fan-out spends its time.
 */
final class Writes {
  private final Map<Context, Map<SseConnection, Buffer>> byContext = new IdentityHashMap<>();

  void add(SseConnection conn, Buffer frame) {
    Map<SseConnection, Buffer> streams = byContext.computeIfAbsent(conn.context, c -> new LinkedHashMap<>());
    Buffer pending = streams.get(conn);
    if (pending == null) {
      streams.put(conn, frame); // the shared, serialized-once frame: never modified
    } else {
      streams.put(conn, Buffer.buffer(pending.length() + frame.length()).appendBuffer(pending).appendBuffer(frame));
    }
  }

  void flush() {
    for (Map.Entry<Context, Map<SseConnection, Buffer>> entry : byContext.entrySet()) {
      Map<SseConnection, Buffer> streams = entry.getValue();
      entry.getKey().runOnContext(v -> streams.forEach(SseConnection::writeNow));
    }
    byContext.clear();
  }
}
