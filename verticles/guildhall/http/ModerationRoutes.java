package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.permissions.Action;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.ArrayList;
import java.util.List;

/** Members' roles, nicknames and timeouts; kicks and bans. Each asks for its action (member.*, ban.*). */
final class ModerationRoutes extends Api {
  ModerationRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("patchMember").addHandler(this::patchMember);
    routes.getRoute("kickMember").addHandler(this::kick);
    routes.getRoute("listBans").addHandler(this::bans);
    routes.getRoute("banMember").addHandler(this::ban);
    routes.getRoute("unbanMember").addHandler(this::unban);
  }

  private void patchMember(RoutingContext ctx) {
    long actor = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    long target = pathId(ctx, "user_id");
    JsonObject body = body(ctx);
    boolean self = actor == target;
    // One action per field present; all must pass.
    List<Action> actions = new ArrayList<>();
    JsonObject details = new JsonObject().put("target_user_id", target);
    if (body.containsKey("roles")) {
      actions.add(Action.MEMBER_ROLES);
      details.put("roles_of", target).put("member_roles", body.getJsonArray("roles"));
    }
    if (body.containsKey("nick")) {
      actions.add(self ? Action.MEMBER_OWN_NICK : Action.MEMBER_NICK);
    }
    if (body.containsKey("communication_disabled_until")) {
      if (self) {
        ctx.fail(ApiError.badRequest("communication_disabled_until", "You cannot time yourself out"));
        return;
      }
      actions.add(Action.MEMBER_TIMEOUT);
    }
    may(actions, actor, guildId, details)
        .compose(ok -> ask(Addresses.STORE_MEMBER_PATCH, body.copy().put("guild_id", guildId).put("user_id", target)))
        .onSuccess(member -> ok(ctx, member)).onFailure(ctx::fail);
  }

  private void kick(RoutingContext ctx) {
    long actor = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    long target = pathId(ctx, "user_id");
    if (actor == target) {
      ctx.fail(ApiError.badRequest("user_id", "To leave a guild, use DELETE /users/@me/guilds/{guild_id}"));
      return;
    }
    may(Action.MEMBER_KICK, actor, guildId, new JsonObject().put("target_user_id", target))
        .compose(ok -> ask(Addresses.STORE_MEMBER_KICK, new JsonObject().put("guild_id", guildId).put("user_id", target)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void bans(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    may(Action.BAN_LIST, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_BAN_LIST, new JsonObject().put("guild_id", guildId)))
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  private void ban(RoutingContext ctx) {
    long actor = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    long target = pathId(ctx, "user_id");
    if (actor == target) {
      ctx.fail(ApiError.badRequest("user_id", "You cannot ban yourself"));
      return;
    }
    may(Action.BAN_PUT, actor, guildId, new JsonObject().put("target_user_id", target))
        .compose(ok -> ask(Addresses.STORE_BAN_PUT, new JsonObject().put("guild_id", guildId).put("user_id", target)
            .put("reason", body(ctx).getString("reason"))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void unban(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    long target = pathId(ctx, "user_id");
    may(Action.BAN_DELETE, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_BAN_DELETE, new JsonObject().put("guild_id", guildId).put("user_id", target)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }
}
