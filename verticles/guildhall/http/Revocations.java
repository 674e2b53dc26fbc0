package guildhall.http;

import guildhall.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

/** Tells every node that tokens are revoked: caches forget them, fan-outs end the streams they opened. */
final class Revocations {
  private Revocations() {}

  static void publish(Vertx vertx, JsonArray tokenHashes) {
    if (tokenHashes == null) {
      return;
    }
    for (Object hash : tokenHashes) {
      vertx.eventBus().publish(Addresses.AUTH_TOKEN_REVOKED, (String) hash);
    }
  }
}
