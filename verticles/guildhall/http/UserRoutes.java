package guildhall.http;

import guildhall.Addresses;
import guildhall.permissions.Action;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** The current user: profile, password, presence, sessions, leaving guilds. */
final class UserRoutes extends Api {
  private final int iterations;

  UserRoutes(Vertx vertx, int iterations) {
    super(vertx);
    this.iterations = iterations;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("getMe").addHandler(this::getMe);
    routes.getRoute("patchMe").addHandler(this::patchMe);
    routes.getRoute("leaveGuild").addHandler(this::leaveGuild);
    routes.getRoute("putPresence").addHandler(this::putPresence);
    routes.getRoute("putMemberList").addHandler(this::putMemberList);
    routes.getRoute("listSessions").addHandler(this::listSessions);
    routes.getRoute("deleteSession").addHandler(this::deleteSession);
  }

  private void getMe(RoutingContext ctx) {
    ask(Addresses.STORE_USER_GET, new JsonObject().put("user_id", userId(ctx)))
        .onSuccess(user -> ok(ctx, user)).onFailure(ctx::fail);
  }

  private void patchMe(RoutingContext ctx) {
    JsonObject body = body(ctx);
    JsonObject change = new JsonObject().put("user_id", userId(ctx));
    if (body.containsKey("username")) {
      change.put("username", body.getString("username"));
    }
    if (body.containsKey("global_name")) {
      change.put("global_name", body.getString("global_name"));
    }
    String password = body.getString("password");
    Future<JsonObject> withHash = password == null ? Future.succeededFuture(change)
        : vertx.executeBlocking(() -> change.put("password_hash", Passwords.hash(password, iterations)));
    // A new password signs out every other session; this one stays.
    change.put("keep_token_hash", (String) ctx.get(Authenticator.TOKEN_HASH));
    withHash.compose(c -> this.<JsonObject>ask(Addresses.STORE_USER_UPDATE, c))
        .onSuccess(user -> {
          Revocations.publish(vertx, (io.vertx.core.json.JsonArray) user.remove("revoked"));
          ok(ctx, user);
        }).onFailure(ctx::fail);
  }

  /**
   * The chosen status and custom status go to the store (and from there to every node as
   * USER_SETTINGS_UPDATE); being away goes to presence alone, cluster-wide, and is never stored.
   */
  private void putPresence(RoutingContext ctx) {
    long userId = userId(ctx);
    JsonObject body = body(ctx);
    if (body.containsKey("afk")) {
      vertx.eventBus().publish(Addresses.PRESENCE_AFK, new JsonObject().put("user_id", userId).put("afk", body.getBoolean("afk")));
    }
    JsonObject choice = new JsonObject().put("user_id", userId);
    if (body.containsKey("status")) {
      choice.put("status", body.getString("status"));
    }
    if (body.containsKey("custom_status")) {
      choice.put("custom_status", body.getValue("custom_status"));
    }
    boolean chooses = choice.size() > 1;
    ask(chooses ? Addresses.STORE_PRESENCE_SET : Addresses.STORE_PRESENCE_GET, choice)
        .onSuccess(presence -> ok(ctx, presence)).onFailure(ctx::fail);
  }

  /** The member list the client shows now (or none): a large guild's presence changes follow it. */
  private void putMemberList(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String guildId = body.getString("guild_id");
    ask(Addresses.PERMISSIONS_MEMBER_LIST, new JsonObject().put("user_id", userId(ctx))
        .put("guild_id", guildId == null ? null : guildhall.Ids.parse(guildId, "guild_id")))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void listSessions(RoutingContext ctx) {
    this.<JsonObject>ask(Addresses.STORE_SESSION_LIST, new JsonObject().put("user_id", userId(ctx))
            .put("token_hash", (String) ctx.get(Authenticator.TOKEN_HASH)))
        .onSuccess(reply -> ok(ctx, reply.getJsonArray("sessions"))).onFailure(ctx::fail);
  }

  /** Another user's session answers 404, exactly as one that does not exist. */
  private void deleteSession(RoutingContext ctx) {
    AuthRoutes.ended(ctx, ask(Addresses.STORE_SESSION_END, new JsonObject().put("user_id", userId(ctx))
        .put("session_id", pathId(ctx, "session_id"))));
  }

  private void leaveGuild(RoutingContext ctx) {
    long userId = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    may(Action.GUILD_LEAVE, userId, guildId)
        .compose(ok -> ask(Addresses.STORE_MEMBER_LEAVE, new JsonObject().put("user_id", userId).put("guild_id", guildId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }
}
