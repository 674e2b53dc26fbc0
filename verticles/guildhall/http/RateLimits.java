package guildhall.http;

import guildhall.ApiError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Request limits, answered from memory: a token bucket per rule and key (a user, a user in a channel,
 * a username at login). A bucket holds {@code burst} tokens and refills at {@code per_second}; a request
 * takes one or is refused with 429 and how long to wait, as Discord's clients expect. One instance
 * per node, shared by its HTTP verticles, so a user's connections on different event loops count
 * together; behind N nodes a user gets up to N times the rate. Off with {@code rate_limits.enabled:
 * false}, as bin/bench runs (it measures the server, not the limits).
 */
public final class RateLimits {
  /** How many requests at once, and how fast the allowance comes back. */
  record Rule(String name, double burst, double perSecond) {
    static Rule from(String name, JsonObject config, double burst, double perSecond) {
      JsonObject rule = config.getJsonObject(name, new JsonObject());
      return new Rule(name, rule.getDouble("burst", burst), rule.getDouble("per_second", perSecond));
    }
  }

  private static final class Bucket {
    final Rule rule;
    double tokens;
    long refilledAt;

    Bucket(Rule rule, long now) {
      this.rule = rule;
      this.tokens = rule.burst;
      this.refilledAt = now;
    }

    /** Brings the bucket up to date; true when it is full again (nothing left to remember). */
    boolean refill(long now) {
      tokens = Math.min(rule.burst, tokens + (now - refilledAt) / 1e9 * rule.perSecond);
      refilledAt = now;
      return tokens >= rule.burst;
    }
  }

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final boolean enabled;
  /** Every authenticated API request, per user. */
  final Rule requests;
  /** Messages sent, per user and channel. */
  final Rule messages;
  /** Login attempts, per username: slows password guessing. */
  final Rule logins;
  /** Reports made, per user: {@code reports.per_user_per_hour} at once, coming back over the hour. */
  final Rule reports;

  private RateLimits(JsonObject config, int reportsPerHour) {
    enabled = config.getBoolean("enabled", true);
    requests = Rule.from("requests", config, 50, 50);
    messages = Rule.from("messages", config, 5, 1);
    logins = Rule.from("logins", config, 10, 10 / 60.0);
    reports = new Rule("reports", reportsPerHour, reportsPerHour / 3600.0);
  }

  /** The node's limits; buckets that have refilled are forgotten once a minute. */
  public static RateLimits create(Vertx vertx, JsonObject config) {
    RateLimits limits = new RateLimits(config.getJsonObject("rate_limits", new JsonObject()),
        config.getJsonObject("reports", new JsonObject()).getInteger("per_user_per_hour", 10));
    if (limits.enabled) {
      vertx.setPeriodic(60_000, t -> limits.forgetFull());
    }
    return limits;
  }

  /** A route handler after authentication: the per-user limit on every API request. */
  void limitRequests(RoutingContext ctx) {
    Long userId = ctx.get(Authenticator.USER_ID);
    try {
      if (userId != null) { // only login goes unauthenticated; it has its own limit
        take(requests, userId.toString());
      }
      ctx.next();
    } catch (ApiError limited) {
      ctx.fail(limited);
    }
  }

  /** Takes one request's token from {@code rule}'s bucket for {@code key}, or throws a 429 saying when to retry. */
  void take(Rule rule, String key) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    Bucket bucket = buckets.computeIfAbsent(rule.name + ':' + key, k -> new Bucket(rule, now));
    double waitSeconds;
    synchronized (bucket) {
      bucket.refill(now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      waitSeconds = (1 - bucket.tokens) / rule.perSecond;
    }
    throw ApiError.rateLimited(waitSeconds, "You are being rate limited (" + rule.name + ")");
  }

  private void forgetFull() {
    long now = System.nanoTime();
    buckets.values().removeIf(bucket -> {
      synchronized (bucket) {
        return bucket.refill(now);
      }
    });
  }
}
