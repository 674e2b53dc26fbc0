package guildhall.fanout;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * One open {@code /updates} stream. Made by the HTTP verticle, handed to the fan-out verticle (node-local).
 * The fan-out verticle owns its bookkeeping; the bytes are written on the stream's own event loop
 * ({@link #context}), where the response lives, so that its write queue is measured truly.
 */
public final class SseConnection {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SseConnection.class);
  public final long id;
  public final long userId;
  /** The hash of the token (or of the ticket's token) the stream was opened with: its revocation ends the stream. */
  public final String tokenHash;
  public final HttpServerResponse response;
  /** The client's cursor (Last-Event-ID or ?after=), or null for a fresh stream. */
  public final Long after;
  /** The HTTP verticle's context that owns {@link #response}. */
  public final Context context;
  /** Most bytes that may wait for this client before it counts as too slow and is dropped. */
  private final int maxPendingBytes;
  /**
   * Bytes written but not yet taken by the socket, counted by us: Vert.x's writeQueueFull() does not see
   * a backlog made by writes from the owning event loop. Touched on {@link #context} only.
   */
  private long pendingBytes;
  /** Whether the socket took a write since the last heartbeat; touched on {@link #context} only. */
  private boolean tookSinceBeat;
  /** Heartbeats in a row at which bytes waited and the socket had taken none; touched on {@link #context} only. */
  private int stalledBeats;

  /** While missed events are replayed (live frames wait in it meanwhile); null once the stream is live. */
  Replay replay;
  /** The writer of this stream's event loop; set by the fan-out when it registers the stream. */
  LoopWriter writer;
  /** Frames queued by the fan-out that the loop has not written yet; null when none (most streams, most of the time). */
  private List<Buffer> queued;
  /** Set by the fan-out when it drops the stream, or on the stream's own loop when it is closed as too slow. */
  volatile boolean closed;
  /** Counts this stream if it is dropped as too slow; set by the fan-out when it registers the stream. */
  io.micrometer.core.instrument.Counter slowDropped;

  public SseConnection(long id, long userId, String tokenHash, HttpServerResponse response, Long after, Context context, int maxPendingBytes) {
    this.id = id;
    this.userId = userId;
    this.tokenHash = tokenHash;
    this.response = response;
    this.after = after;
    this.context = context;
    this.maxPendingBytes = maxPendingBytes;
  }

  /** From the fan-out: queues a frame; true when the stream had none queued, so its loop must be told. */
  synchronized boolean queue(Buffer frame) {
    if (queued == null) {
      queued = new ArrayList<>(2);
      queued.add(frame);
      return true;
    }
    queued.add(frame);
    return false;
  }

  /** On {@link #context}: everything queued, as one write (the frames side by side, not copied). */
  void writeQueued() {
    List<Buffer> frames;
    synchronized (this) {
      frames = queued;
      queued = null;
    }
    if (frames == null) {
      return;
    }
    if (beatFinds(frames)) {
      return;
    }
    if (frames.size() == 1) {
      writeNow(frames.get(0));
      return;
    }
    CompositeByteBuf joined = Unpooled.compositeBuffer(frames.size());
    for (Buffer frame : frames) {
      joined.addComponent(true, ((BufferInternal) frame).getByteBuf());
    }
    writeNow(BufferInternal.buffer(joined));
  }

  /** On {@link #context} only. A stream whose queue is full is closed, not waited for: its client will replay. */
  private void writeNow(Buffer frame) {
    if (closed) {
      return;
    }
    if (pendingBytes > maxPendingBytes) {
      log.debug("Dropping a stream of user {} that cannot keep up", userId);
      closed = true;
      if (slowDropped != null) {
        slowDropped.increment();
      }
      response.reset();
      return;
    }
    int length = frame.length();
    pendingBytes += length;
    response.write(frame).onComplete(written -> {
      pendingBytes -= length;
      tookSinceBeat = true;
    });
  }

  /**
   * On {@link #context}, when a heartbeat is among the frames: the idle timeout of a stream's connection,
   * kept here in one sweep rather than by a timer per connection (http/StreamPipeline removes it). Like
   * the timer, it closes a connection that has neither read nor written anything for
   * {@code http.idle_timeout_ms}: a stream always has bytes to write, so that is one whose socket has
   * taken none of them. True when the stream was closed for it.
   */
  private boolean beatFinds(List<Buffer> frames) {
    int beats = writer.stallBeats;
    if (beats <= 0 || closed || !hasHeartbeat(frames)) {
      return false;
    }
    stalledBeats = pendingBytes > 0 && !tookSinceBeat ? stalledBeats + 1 : 0;
    tookSinceBeat = false;
    if (stalledBeats < beats) {
      return false;
    }
    log.debug("Closing a stream of user {} whose socket took nothing", userId);
    closed = true;
    response.reset();
    return true;
  }

  private static boolean hasHeartbeat(List<Buffer> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i) == SseFrames.HEARTBEAT) {
        return true;
      }
    }
    return false;
  }
}
