package guildhall.http;

import guildhall.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a TCP connection may cost before it is a request: one that has not sent a complete request head
 * within {@code http.header_timeout_ms} is closed (a slow or silent client cannot hold a socket), and at
 * most {@code http.max_connections_per_address} are open from one peer address. The count is per process,
 * shared by every HTTP instance through a {@link LocalMap}; a configured trusted proxy is not counted, as
 * it carries many clients. A connection past the cap is answered 503 on its first request, then closed.
 */
final class Connections {
  private static final String COUNTS = "guildhall.http.connections_per_address";

  private final Vertx vertx;
  private final ClientAddress addresses;
  private final long headerTimeoutMs;
  private final int maxPerAddress;
  private final LocalMap<String, Integer> counts;
  /** Connections of this instance (one event loop) that are past the cap: their first request gets 503. */
  private final Set<HttpConnection> refused = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Connections of this instance still waiting for their first request head, with the timer that closes them. */
  private final java.util.Map<HttpConnection, Long> waiting = new IdentityHashMap<>();

  Connections(Vertx vertx, JsonObject http, ClientAddress addresses) {
    this.vertx = vertx;
    this.addresses = addresses;
    this.headerTimeoutMs = http.getLong("header_timeout_ms", 10_000L);
    this.maxPerAddress = http.getInteger("max_connections_per_address", 256);
    this.counts = vertx.sharedData().getLocalMap(COUNTS);
  }

  /** For {@code HttpServer.connectionHandler}: runs on the connection's event loop, before any request. */
  void opened(HttpConnection connection) {
    if (headerTimeoutMs > 0) {
      waiting.put(connection, vertx.setTimer(headerTimeoutMs, id -> {
        waiting.remove(connection);
        connection.close();
      }));
    }
    String peer = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
    if (maxPerAddress <= 0 || addresses.isTrusted(peer)) {
      connection.closeHandler(v -> forget(connection));
      return;
    }
    int open = counts.merge(peer, 1, Integer::sum);
    if (open > maxPerAddress) {
      counts.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1); // a refused connection holds no place
      refused.add(connection);
      connection.closeHandler(v -> forget(connection));
    } else {
      connection.closeHandler(v -> {
        forget(connection);
        counts.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
      });
    }
  }

  private void forget(HttpConnection connection) {
    refused.remove(connection);
    Long timer = waiting.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Wraps the router: the header timer stops at the first request head; a refused connection gets 503. */
  Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      HttpConnection connection = request.connection();
      Long timer = waiting.remove(connection);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      if (refused.contains(connection)) {
        ApiError error = new ApiError(503, "too_many_connections",
            "Too many connections from one address (at most " + maxPerAddress + ")", null);
        request.response().setStatusCode(503)
            .putHeader("Content-Type", "application/json")
            .putHeader("Connection", "close")
            .putHeader("Retry-After", "1")
            .end(error.toJson().encode())
            .onComplete(done -> connection.close());
        return;
      }
      next.handle(request);
    };
  }
}
