package guildhall;

/**
 * 64-bit time-ordered ids, unique across nodes: 41 bits of milliseconds since {@link #EPOCH_MS},
 * 10 bits of node id (0-1023), 12 bits of sequence. Ids sort by creation time, which is what
 * message paging and event replay rely on.
 */
public final class Snowflake {
  /** 2026-01-01T00:00:00Z. */
  public static final long EPOCH_MS = 1_767_225_600_000L;
  public static final int NODE_BITS = 10;
  public static final int SEQUENCE_BITS = 12;
  public static final long MAX_NODE = (1L << NODE_BITS) - 1;
  private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;

  private final long node;
  private long lastMs = -1;
  private long sequence;
  private long lastId = -1;

  public Snowflake(long node) {
    if (node < 0 || node > MAX_NODE) {
      throw new IllegalArgumentException("node id must be 0-" + MAX_NODE + ", was " + node);
    }
    this.node = node;
  }

  /** Synchronized because the store's group commit and its readers may share one generator. */
  public synchronized long next() {
    long now = System.currentTimeMillis();
    if (now < lastMs) {
      now = lastMs; // the clock stepped back: keep ids increasing rather than repeat one
    }
    if (now == lastMs) {
      sequence = (sequence + 1) & MAX_SEQUENCE;
      if (sequence == 0) {
        now = lastMs + 1; // 4,096 ids in one millisecond: borrow the next one
      }
    } else {
      sequence = 0;
    }
    lastMs = now;
    lastId = ((now - EPOCH_MS) << (NODE_BITS + SEQUENCE_BITS)) | (node << SEQUENCE_BITS) | sequence;
    return lastId;
  }

  /**
   * A lower bound on every id {@link #next()} will still make, above every id it made: the first id of
   * this millisecond, or the one after the last if that was made in this millisecond (or later). What a node promises the cluster when it says "nothing of mine below this
   * is still to come" (fanout/README.md, the commit order).
   */
  public synchronized long floor() {
    long now = System.currentTimeMillis();
    return now > lastMs ? firstAt(now) : lastId + 1;
  }

  public static long timestampMs(long id) {
    return (id >>> (NODE_BITS + SEQUENCE_BITS)) + EPOCH_MS;
  }

  public static int node(long id) {
    return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE);
  }

  /** The smallest id that could have been made at {@code epochMs}: a cursor for "since then". */
  public static long firstAt(long epochMs) {
    return Math.max(0, epochMs - EPOCH_MS) << (NODE_BITS + SEQUENCE_BITS);
  }
}
