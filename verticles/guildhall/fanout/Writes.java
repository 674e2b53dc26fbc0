package guildhall.fanout;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Frames to write, grouped by the event loop that owns each stream and, within it, by stream.
 * Flushed as one task per event loop (not one per stream), and one write per stream however many
 * frames it got in this batch: a write is a syscall, and that is where fan-out spends its time.
 * The hot path is one delivery to many streams, so there is no hashing per stream: a stream
 * remembers its slot in the current batch.
 */
final class Writes {
  /** One event loop's share of the batch: streams and their bytes, side by side. */
  private static final class Share {
    final ArrayList<SseConnection> streams = new ArrayList<>();
    final ArrayList<Buffer> bytes = new ArrayList<>();
    /** Whether bytes[i] is a buffer of our own (appendable) or a shared frame (never modified). */
    final ArrayList<Boolean> owned = new ArrayList<>();
  }

  private final Map<Context, Share> byContext = new IdentityHashMap<>(4);
  private final long batch;

  /** {@code batch}: a number no earlier batch of this fan-out verticle had. */
  Writes(long batch) {
    this.batch = batch;
  }

  void add(SseConnection conn, Buffer frame) {
    Share share = byContext.get(conn.context);
    if (share == null) {
      share = new Share();
      byContext.put(conn.context, share);
    }
    if (conn.batch == batch) {
      int slot = conn.batchSlot;
      Buffer pending = share.bytes.get(slot);
      if (!share.owned.get(slot)) {
        pending = Buffer.buffer(pending.length() * 4).appendBuffer(pending);
        share.bytes.set(slot, pending);
        share.owned.set(slot, true);
      }
      pending.appendBuffer(frame); // amortized: no re-copy of what is already there
      return;
    }
    conn.batch = batch;
    conn.batchSlot = share.streams.size();
    share.streams.add(conn);
    share.bytes.add(frame);
    share.owned.add(false);
  }

  void flush() {
    for (Map.Entry<Context, Share> entry : byContext.entrySet()) {
      Share share = entry.getValue();
      entry.getKey().runOnContext(v -> {
        for (int i = 0; i < share.streams.size(); i++) {
          share.streams.get(i).writeNow(share.bytes.get(i));
        }
      });
    }
    byContext.clear();
  }
}
