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
  private final Map<Context, Map<SseConnection, Pending>> byContext = new IdentityHashMap<>();

  /** A stream's bytes for this batch: the shared frame itself while there is one, else a buffer of our own. */
  private static final class Pending {
    Buffer bytes;
    boolean owned;

    Pending(Buffer frame) {
      this.bytes = frame;
    }

    void append(Buffer frame) {
      if (!owned) {
        // Never append to a shared frame: it is the same bytes for every stream.
        bytes = Buffer.buffer(bytes.length() * 4).appendBuffer(bytes);
        owned = true;
      }
      bytes.appendBuffer(frame); // amortized: no re-copy of what is already there
    }
  }

  void add(SseConnection conn, Buffer frame) {
    Map<SseConnection, Pending> streams = byContext.computeIfAbsent(conn.context, c -> new LinkedHashMap<>());
    Pending pending = streams.get(conn);
    if (pending == null) {
      streams.put(conn, new Pending(frame));
    } else {
      pending.append(frame);
    }
  }

  void flush() {
    for (Map.Entry<Context, Map<SseConnection, Pending>> entry : byContext.entrySet()) {
      Map<SseConnection, Pending> streams = entry.getValue();
      entry.getKey().runOnContext(v -> streams.forEach((conn, pending) -> conn.writeNow(pending.bytes)));
    }
    byContext.clear();
  }
}
