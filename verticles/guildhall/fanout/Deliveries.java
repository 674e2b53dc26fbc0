package guildhall.fanout;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the permissions verticle hands this node's fan-out: events with the users who may see each.
 * Node-local only (sent with a local codec), so it stays a Java object and is never serialized.
 */
public record Deliveries(List<Delivery> items) {
  /** One event and its audience. An event without an id is ephemeral (presence, typing): never stored or replayed. */
  public record Delivery(JsonObject event, long[] userIds) {}
}
