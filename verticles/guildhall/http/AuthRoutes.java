package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Login and logout, of this session or of all of the user's. Any new name makes a new user (no sign-up step); a user who set a password must
 * give it. Hashing runs on a worker thread: it is slow by design.
 */
final class AuthRoutes extends Api {
  private final int iterations;
  private final RateLimits limits;
  private final StreamTickets tickets;
  private final ClientAddress addresses;
  /** {@code auth.require_password}: every account has a password; a name without one sets it at its next login. */
  private final boolean requirePassword;

  AuthRoutes(Vertx vertx, int iterations, RateLimits limits, StreamTickets tickets, ClientAddress addresses, boolean requirePassword) {
    super(vertx);
    this.requirePassword = requirePassword;
    this.iterations = iterations;
    this.limits = limits;
    this.tickets = tickets;
    this.addresses = addresses;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("login").addHandler(this::login);
    routes.getRoute("getAuthConfig").addHandler(ctx -> ok(ctx, new JsonObject().put("require_password", requirePassword)));
    routes.getRoute("logout").addHandler(this::logout);
    routes.getRoute("logoutAll").addHandler(this::logoutAll);
    routes.getRoute("createStreamTicket").addHandler(this::streamTicket);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String username = body.getString("username");
    String password = body.getString("password");
    Future.succeededFuture()
        .compose(v -> {
          limits.takeLogin(username, ctx, addresses);
          return findOrCreate(ctx, username, password, true);
        })
        .compose(user -> {
          String token = Tokens.newToken();
          return ask(Addresses.STORE_TOKEN_CREATE, new JsonObject().put("user_id", user.getString("id"))
              .put("token_hash", Tokens.hash(token)).put("device", Devices.label(ctx.request().getHeader("User-Agent"))))
              .map(v -> new JsonObject().put("token", token).put("user", user));
        })
        .onSuccess(reply -> ok(ctx, reply))
        .onFailure(ctx::fail);
  }

  /** A new password, where the server requires one: given, and 8 characters or more (as a password change asks). */
  private static void requireNewPassword(String password, String missing) {
    if (password == null) {
      throw new ApiError(401, "password_required", missing, "password");
    }
    if (password.length() < 8) {
      throw ApiError.badRequest("password", "password must be 8 characters or more");
    }
  }

  /**
   * A name made while passwords were optional, signing in now that they are required: the password it
   * gives becomes its own, and every other session of that name (whoever else used it) ends.
   */
  private Future<JsonObject> setFirstPassword(JsonObject user, String password) {
    requireNewPassword(password, "This server now asks every account for a password: choose one to sign in (8 characters or more)");
    return vertx.executeBlocking(() -> Passwords.hash(password, iterations))
        .compose(hash -> this.<JsonObject>ask(Addresses.STORE_USER_UPDATE,
            new JsonObject().put("user_id", user.getString("id")).put("password_hash", hash)))
        .map(updated -> {
          Revocations.publish(vertx, (io.vertx.core.json.JsonArray) updated.remove("revoked"));
          return updated;
        });
  }

  private Future<JsonObject> findOrCreate(RoutingContext ctx, String username, String password, boolean mayRetry) {
    return this.<JsonObject>ask(Addresses.STORE_USER_BY_NAME, new JsonObject().put("username", username)).compose(found -> {
      JsonObject user = found.getJsonObject("user");
      if (user != null) {
        String stored = found.getString("password_hash");
        if (stored == null && requirePassword) {
          return setFirstPassword(user, password);
        }
        if (stored == null) {
          return Future.succeededFuture(user);
        }
        if (password == null) {
          return Future.failedFuture(new ApiError(401, "password_required", "This user has a password", "password"));
        }
        return vertx.executeBlocking(() -> Passwords.verify(password, stored)).compose(matches -> matches
            ? Future.succeededFuture(user)
            : Future.failedFuture(new ApiError(401, "wrong_password", "Wrong password", "password")));
      }
      if (requirePassword) {
        requireNewPassword(password, "This server asks every account for a password: choose one (8 characters or more)");
      }
      // A new name makes an account: limited per client address, so one place cannot make thousands.
      limits.take(limits.signups, addresses.of(ctx.request()), ctx);
      Future<String> hash = password == null ? Future.succeededFuture(null)
          : vertx.executeBlocking(() -> Passwords.hash(password, iterations));
      return hash.compose(h -> this.<JsonObject>ask(Addresses.STORE_USER_CREATE,
              new JsonObject().put("username", username).put("password_hash", h)))
          .recover(failure -> {
            // Two first logins with one name at once: the loser logs in as the user the winner made.
            ApiError error = ApiError.fromReply(failure);
            return error != null && error.status == 409 && mayRetry
                ? findOrCreate(ctx, username, password, false) : Future.failedFuture(failure);
          });
    });
  }

  private void logout(RoutingContext ctx) {
    ended(ctx, ask(Addresses.STORE_TOKEN_DELETE, new JsonObject().put("token_hash", (String) ctx.get(Authenticator.TOKEN_HASH))));
  }

  /** A ticket that opens this session's update stream once, soon: the browser's way in without a token in the URL. */
  private void streamTicket(RoutingContext ctx) {
    tickets.issue(userId(ctx), ctx.get(Authenticator.TOKEN_HASH))
        .onSuccess(ticket -> ok(ctx, new JsonObject().put("ticket", ticket).put("expires_in", tickets.ttlMs() / 1000)))
        .onFailure(ctx::fail);
  }

  /** Every session of the user ends, this one too: "sign out everywhere". */
  private void logoutAll(RoutingContext ctx) {
    ended(ctx, ask(Addresses.STORE_SESSION_END_ALL, new JsonObject().put("user_id", userId(ctx))));
  }

  /** Once the store has removed them, the revoked tokens are published; then 204. */
  static void ended(RoutingContext ctx, Future<JsonObject> revoking) {
    revoking.onSuccess(reply -> {
      Revocations.publish(ctx.vertx(), reply.getJsonArray("revoked"));
      noContent(ctx);
    }).onFailure(ctx::fail);
  }
}
