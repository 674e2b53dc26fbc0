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
 * Each HTTP verticle instance keeps its own cache (no shared state); a revocation anywhere in the cluster
 * (logout, a session signed out, logout-all, a password change) is published and every instance forgets
 * that token. Each use moves the session's "last used" on, at most once a minute.
 */
final class Authenticator {
  static final String USER_ID = "guildhall.user_id";
  static final String TOKEN_HASH = "guildhall.token_hash";
  private static final int MAX_CACHED = 100_000;
  private static final long TOUCH_EVERY_MS = 60_000;

  private final Vertx vertx;
  /** A lever, on unless measured (bin/bench-levers): off, every request asks the store for its token's user. */
  private final boolean cacheTokens;
  private final StreamTickets tickets;
  /** Tokens revoked in the last minute, with when (insertion order): see {@link #userOf}. */
  private final Map<String, Long> recentlyRevoked = new LinkedHashMap<>();
  private static final long REMEMBER_REVOKED_MS = 60_000;
  private final Map<String, Entry> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_CACHED;
    }
  };

  /** A known token: its user, and when this instance last told the store it was used. */
  private static final class Entry {
    final long userId;
    long touchedAt;

    Entry(long userId, long touchedAt) {
      this.userId = userId;
      this.touchedAt = touchedAt;
    }
  }

  Authenticator(Vertx vertx, boolean cacheTokens, StreamTickets tickets) {
    this.vertx = vertx;
    this.cacheTokens = cacheTokens;
    this.tickets = tickets;
    vertx.eventBus().<String>consumer(Addresses.AUTH_TOKEN_REVOKED, msg -> revoked(msg.body()));
  }

  /**
   * A route handler: resolves the bearer token and goes on, or fails 401. The update stream may instead
   * be opened with a stream ticket ({@code ?ticket=}); a token in its URL ({@code ?token=}) is refused,
   * naming it, so that no client keeps leaking tokens into URLs.
   */
  void handle(RoutingContext ctx, boolean stream) {
    if (stream && ctx.request().getParam("token") != null) {
      ctx.fail(new ApiError(401, "unauthorized", "A token in the URL is not accepted: open the stream with a ticket (POST /auth/stream-ticket)", "token"));
      return;
    }
    String token = bearer(ctx);
    if (token == null && stream) {
      String ticket = ctx.request().getParam("ticket");
      if (ticket != null) {
        tickets.redeem(ticket).onSuccess(hash -> accept(ctx, hash)).onFailure(ctx::fail);
        return;
      }
    }
    if (token == null || token.isEmpty()) {
      ctx.fail(ApiError.unauthorized("Missing bearer token"));
      return;
    }
    accept(ctx, Tokens.hash(token));
  }

  /** The request is the token's (its hash): it goes on as that token's user, or fails 401 if the token is gone. */
  private void accept(RoutingContext ctx, String hash) {
    userOf(hash).onSuccess(userId -> {
      ctx.put(USER_ID, userId);
      ctx.put(TOKEN_HASH, hash);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private void revoked(String hash) {
    cache.remove(hash);
    long now = System.currentTimeMillis();
    recentlyRevoked.put(hash, now);
    for (var it = recentlyRevoked.values().iterator(); it.hasNext(); ) {
      if (now - it.next() <= REMEMBER_REVOKED_MS) {
        break; // in insertion order: the rest are younger
      }
      it.remove();
    }
  }

  private Future<Long> userOf(String hash) {
    Entry cached = cache.get(hash);
    if (cached != null) {
      touch(hash, cached);
      return Future.succeededFuture(cached.userId);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.STORE_TOKEN_RESOLVE, new JsonObject().put("token_hash", hash))
        .map(reply -> {
          // A read that began before the token's revocation committed must not bring it back into the cache.
          if (recentlyRevoked.containsKey(hash)) {
            throw ApiError.unauthorized("Invalid token");
          }
          Entry entry = new Entry(reply.body().getLong("user_id"), reply.body().getLong("last_used_at", 0L));
          if (cacheTokens) {
            cache.put(hash, entry);
          }
          touch(hash, entry);
          return entry.userId;
        });
  }

  /**
   * The session's "last used" moves on at most once a minute per token (and instance), without a
   * reply awaited: a write per request would cost more than the figure is worth.
   */
  private void touch(String hash, Entry entry) {
    long now = System.currentTimeMillis();
    if (now - entry.touchedAt >= TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      vertx.eventBus().send(Addresses.STORE_TOKEN_TOUCH, new JsonObject().put("token_hash", hash).put("at", now));
    }
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).trim();
  }
}
