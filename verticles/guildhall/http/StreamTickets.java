package guildhall.http;

import guildhall.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

/**
 * Single-use, short-lived tickets that open an update stream, so that a browser's EventSource (which
 * cannot send headers) never puts its token in a URL, where logs and history would keep it. A ticket is
 * 256 random bits; the shared map (cluster-wide when clustered: any node may redeem it) holds only its
 * hash, with the user and the hash of the token that asked for it, so that the stream it opens still ends
 * when that session's token is revoked. Redeeming removes it: a second use finds nothing.
 */
final class StreamTickets {
  private static final String MAP = "guildhall.stream-tickets";

  private final Vertx vertx;
  private final long ttlMs;
  private Future<AsyncMap<String, JsonObject>> map;

  StreamTickets(Vertx vertx, long ttlMs) {
    this.vertx = vertx;
    this.ttlMs = ttlMs;
  }

  long ttlMs() {
    return ttlMs;
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    if (map == null || map.failed()) {
      map = vertx.sharedData().getAsyncMap(MAP);
    }
    return map;
  }

  /** A new ticket for the session of {@code tokenHash}. */
  Future<String> issue(long userId, String tokenHash) {
    String ticket = Tokens.newToken();
    JsonObject holder = new JsonObject().put("user_id", userId).put("token_hash", tokenHash)
        .put("expires_at", System.currentTimeMillis() + ttlMs);
    return map().compose(m -> m.put(Tokens.hash(ticket), holder, ttlMs)).map(v -> ticket);
  }

  /** The hash of the token the ticket stands for; 401 naming {@code ticket} when it is unknown, used or expired. */
  Future<String> redeem(String ticket) {
    return map().compose(m -> m.remove(Tokens.hash(ticket))).map(holder -> {
      // The map's own expiry may lag a little behind (it is timer-driven): the ticket's deadline decides.
      if (holder == null || holder.getLong("expires_at") < System.currentTimeMillis()) {
        throw new ApiError(401, "invalid_ticket", "Unknown, used or expired stream ticket", "ticket");
      }
      return holder.getString("token_hash");
    });
  }
}
