package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.ClusterNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request limits, answered from memory: a token bucket per rule and key (a user, a user in a channel,
 * a username from one address, an address). A bucket holds {@code burst} tokens and refills at
 * {@code per_second}; a request takes one or is refused with 429 and how long to wait. Every answer of
 * a limited route carries the bucket's state as Discord sends it ({@code X-RateLimit-Limit, -Remaining,
 * -Reset, -Reset-After, -Bucket}), so clients can pace themselves before they are refused.
 *
 * <p>One instance per node, shared by its HTTP verticles. In a cluster, each node tells the others what
 * it took ({@link Addresses#RATE_LIMITS_TAKEN}), and they take the same from their buckets: a user, a
 * name or an address has one allowance across the nodes, not one per node. Logins, sign-ups, messages and
 * reports are told at once; the per-request rule, on every request, in batches every 20 ms (it may run
 * over by what 20 ms allow). Off with {@code rate_limits.enabled: false}, as bin/bench runs.
 */
public final class RateLimits {
  /** How many requests at once, and how fast the allowance comes back. {@code global}: Discord's name for the all-routes limit. */
  record Rule(String name, double burst, double perSecond, boolean global, boolean shareAtOnce) {
    static Rule from(String name, JsonObject config, double burst, double perSecond, boolean global, boolean shareAtOnce) {
      JsonObject rule = config.getJsonObject(name, new JsonObject());
      return new Rule(name, rule.getDouble("burst", burst), rule.getDouble("per_second", perSecond), global, shareAtOnce);
    }
  }

  /** A bucket's state after a take: what the X-RateLimit headers say. */
  record State(Rule rule, double remaining, double resetAfterSeconds) {}

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

    double secondsUntilFull() {
      return Math.max(0, (rule.burst - tokens) / rule.perSecond);
    }
  }

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  /** In a cluster: what this node took since it last told the others (bucket key → tokens). */
  private final ConcurrentHashMap<String, Integer> untold = new ConcurrentHashMap<>();
  private final Map<String, Rule> rules = new HashMap<>();
  private final boolean enabled;
  private Vertx vertx;
  private String node;
  /** Every authenticated API request, per user. */
  final Rule requests;
  /** Messages sent, per user and channel. */
  final Rule messages;
  /**
   * Login attempts, per username and client address: slows password guessing from one place, while the
   * real user, elsewhere, still gets in (a limit per name alone would let anyone lock them out).
   */
  final Rule logins;
  /** Login attempts per client address, whatever the name: one place cannot try many names fast. */
  final Rule loginsPerAddress;
  /** Accounts made per client address (a first login with a new name makes one). */
  final Rule signups;
  /** Reports made, per user: {@code reports.per_user_per_hour} at once, coming back over the hour. */
  final Rule reports;

  private RateLimits(JsonObject config, int reportsPerHour) {
    enabled = config.getBoolean("enabled", true);
    requests = add(Rule.from("requests", config, 50, 50, true, false));
    messages = add(Rule.from("messages", config, 5, 1, false, true));
    logins = add(Rule.from("logins", config, 10, 10 / 60.0, false, true));
    loginsPerAddress = add(Rule.from("logins_per_address", config, 30, 1, false, true));
    signups = add(Rule.from("signups_per_address", config, 20, 20 / 3600.0, false, true));
    reports = add(new Rule("reports", reportsPerHour, reportsPerHour / 3600.0, false, true));
  }

  private Rule add(Rule rule) {
    rules.put(rule.name, rule);
    return rule;
  }

  /** The node's limits; buckets that have refilled are forgotten once a minute. */
  public static RateLimits create(Vertx vertx, JsonObject config) {
    RateLimits limits = new RateLimits(config.getJsonObject("rate_limits", new JsonObject()),
        config.getJsonObject("reports", new JsonObject()).getInteger("per_user_per_hour", 10));
    if (limits.enabled) {
      vertx.setPeriodic(60_000, t -> limits.forgetFull());
      if (ClusterNodes.clustered(vertx)) {
        limits.vertx = vertx;
        limits.node = ClusterNodes.self(vertx);
        vertx.eventBus().<JsonObject>consumer(Addresses.RATE_LIMITS_TAKEN, msg -> limits.takenElsewhere(msg.body()));
        vertx.setPeriodic(20, t -> limits.tell());
      }
    }
    return limits;
  }

  /** A route handler after authentication: the per-user limit on every API request, its state in the headers. */
  void limitRequests(RoutingContext ctx) {
    Long userId = ctx.get(Authenticator.USER_ID);
    try {
      if (userId != null) { // only login goes unauthenticated; it has its own limits
        take(requests, userId.toString(), ctx);
      }
      ctx.next();
    } catch (ApiError limited) {
      ctx.fail(limited);
    }
  }

  /** Takes one token from {@code rule}'s bucket for {@code key} and says so in the answer's headers, or throws a 429. */
  void take(Rule rule, String key, RoutingContext ctx) {
    if (!enabled) {
      return;
    }
    State state;
    try {
      state = take(rule, key);
    } catch (Limited limited) {
      headers(ctx.response(), limited.state);
      if (rule.global) {
        ctx.response().putHeader("X-RateLimit-Global", "true");
      }
      ctx.response().putHeader("X-RateLimit-Scope", "user");
      throw ApiError.rateLimited(limited.waitSeconds, "You are being rate limited (" + rule.name + ")", rule.global);
    }
    headers(ctx.response(), state);
  }

  /** A login's two limits: per address, then per name from that address. */
  void takeLogin(String username, RoutingContext ctx, ClientAddress addresses) {
    String address = addresses.of(ctx.request());
    take(loginsPerAddress, address, ctx);
    take(logins, username.toLowerCase(Locale.ROOT) + "@" + address, ctx);
  }

  private static final class Limited extends RuntimeException {
    final State state;
    final double waitSeconds;

    Limited(State state, double waitSeconds) {
      super(null, null, false, false);
      this.state = state;
      this.waitSeconds = waitSeconds;
    }
  }

  private State take(Rule rule, String key) {
    long now = System.nanoTime();
    String bucketKey = rule.name + ':' + key;
    Bucket bucket = buckets.computeIfAbsent(bucketKey, k -> new Bucket(rule, now));
    State state;
    synchronized (bucket) {
      bucket.refill(now);
      if (bucket.tokens < 1) {
        throw new Limited(new State(rule, 0, bucket.secondsUntilFull()), (1 - bucket.tokens) / rule.perSecond);
      }
      bucket.tokens -= 1;
      state = new State(rule, bucket.tokens, bucket.secondsUntilFull());
    }
    if (node != null) {
      untold.merge(bucketKey, 1, Integer::sum);
      if (rule.shareAtOnce) {
        tell();
      }
    }
    return state;
  }

  /** Discord's headers: the bucket's size, what is left, and when it is full again (epoch seconds, and seconds from now). */
  private static void headers(HttpServerResponse response, State state) {
    double resetAfter = Math.ceil(state.resetAfterSeconds * 1000) / 1000;
    response.putHeader("X-RateLimit-Limit", Long.toString((long) state.rule.burst))
        .putHeader("X-RateLimit-Remaining", Long.toString((long) Math.floor(state.remaining)))
        .putHeader("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0 + resetAfter))
        .putHeader("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", resetAfter))
        .putHeader("X-RateLimit-Bucket", state.rule.name);
  }

  /** Tells the other nodes what this one took since it last did. */
  private void tell() {
    if (untold.isEmpty()) {
      return;
    }
    JsonObject taken = new JsonObject();
    for (String key : untold.keySet()) {
      Integer count = untold.remove(key);
      if (count != null) {
        taken.put(key, count);
      }
    }
    vertx.eventBus().publish(Addresses.RATE_LIMITS_TAKEN, new JsonObject().put("node", node).put("taken", taken));
  }

  /** Another node took from these buckets: so does this one, and the allowance is one across the cluster. */
  private void takenElsewhere(JsonObject report) {
    if (node.equals(report.getString("node"))) {
      return;
    }
    long now = System.nanoTime();
    for (Map.Entry<String, Object> entry : report.getJsonObject("taken")) {
      Rule rule = rules.get(entry.getKey().substring(0, entry.getKey().indexOf(':')));
      if (rule == null) {
        continue;
      }
      Bucket bucket = buckets.computeIfAbsent(entry.getKey(), k -> new Bucket(rule, now));
      synchronized (bucket) {
        bucket.refill(now);
        bucket.tokens -= ((Number) entry.getValue()).intValue();
      }
    }
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
