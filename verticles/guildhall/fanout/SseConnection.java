package guildhall.fanout;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One open {@code /updates} stream. Made by the HTTP verticle, handed to the fan-out verticle (node-local),
 * and from then on touched only by the fan-out verticle.
 */
public final class SseConnection {
  public final long id;
  public final long userId;
  public final HttpServerResponse response;
  /** The client's cursor (Last-Event-ID or ?after=), or null for a fresh stream. */
  public final Long after;

  /** True while missed events are replayed: live frames wait in {@link #held} meanwhile. */
  boolean replaying;
  final List<Buffer> held = new ArrayList<>();
  final List<Long> heldIds = new ArrayList<>();
  /** Ids written by the replay, so the live frames held during it are not written twice. */
  final Set<Long> replayed = new HashSet<>();
  boolean closed;

  public SseConnection(long id, long userId, HttpServerResponse response, Long after) {
    this.id = id;
    this.userId = userId;
    this.response = response;
    this.after = after;
  }
}
