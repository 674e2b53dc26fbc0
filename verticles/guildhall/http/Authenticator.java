package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer-token authentication answered from memory after the first request: token hash → user id.
 * Each HTTP verticle instance keeps its own cache (no shared state); a logout anywhere in the cluster
 * is published and every instance forgets that token.
 */
final class Authenticator {
  static final String USER_ID = "guildhall.user_id";
  static final String TOKEN_HASH = "guildhall.token_hash";
  private static final int MAX_CACHED = 100_000;

  private final Vertx vertx;
  /** A lever, on unless measured (bin/bench-levers): off, every request asks the store for its token's user. */
  private final boolean cacheTokens;
  private final Map<String, Long> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_CACHED;
    }
  };

  Authenticator(Vertx vertx, boolean cacheTokens) {
    this.vertx = vertx;
    this.cacheTokens = cacheTokens;
    vertx.eventBus().<String>consumer(Addresses.AUTH_TOKEN_REVOKED, msg -> cache.remove(msg.body()));
  }

  /** A route handler: resolves the token (header, or {@code ?token=} when allowed) and goes on, or fails 401. */
  void handle(RoutingContext ctx, boolean allowQueryToken) {
    String token = bearer(ctx);
    if (token == null && allowQueryToken) {
      token = ctx.request().getParam("token");
    }
    if (token == null || token.isEmpty()) {
      ctx.fail(ApiError.unauthorized("Missing bearer token"));
      return;
    }
    String hash = Tokens.hash(token);
    userOf(hash).onSuccess(userId -> {
      ctx.put(USER_ID, userId);
      ctx.put(TOKEN_HASH, hash);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private Future<Long> userOf(String hash) {
    Long cached = cache.get(hash);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.STORE_TOKEN_RESOLVE, new JsonObject().put("token_hash", hash))
        .map(reply -> {
          long userId = reply.body().getLong("user_id");
          if (cacheTokens) {
            cache.put(hash, userId);
          }
          return userId;
        });
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).trim();
  }
}
