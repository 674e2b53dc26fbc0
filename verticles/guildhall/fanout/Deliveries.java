package guildhall.fanout;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the permissions verticle hands this node's fan-out: events with the users who may see each.
 * Node-local only (sent with a local codec), so it stays a Java object and is never serialized.
 *
 * <p>{@code node} and {@code position}: the report of the commit these came from (see
 * {@link CommitOrder}); in a cluster the fan-out writes them only once the watermark has passed them.
 * Null for ephemeral events (presence, typing), which are never held.
 */
public record Deliveries(List<Delivery> items, String node, long position) {
  /** One event and its audience. An event without an id is ephemeral (presence, typing): never stored or replayed. */
  public record Delivery(JsonObject event, long[] userIds) {}

  /** Ephemeral deliveries: written at once. */
  public Deliveries(List<Delivery> items) {
    this(items, null, -1);
  }
}
