package guildhall.http;

import guildhall.Addresses;
import guildhall.permissions.Action;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Roles: each operation asks for its action (role.*); the table says MANAGE_ROLES, below your top role, bits you hold. */
final class RoleRoutes extends Api {
  RoleRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("listRoles").addHandler(this::list);
    routes.getRoute("createRole").addHandler(this::create);
    routes.getRoute("patchRole").addHandler(this::patch);
    routes.getRoute("reorderRoles").addHandler(this::reorder);
    routes.getRoute("deleteRole").addHandler(this::delete);
  }

  private void list(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    may(Action.ROLE_LIST, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_ROLE_LIST, new JsonObject().put("guild_id", guildId)))
        .onSuccess(roles -> ok(ctx, roles)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    JsonObject body = body(ctx);
    may(Action.ROLE_CREATE, userId(ctx), guildId, new JsonObject().put("grant", body.getString("permissions", "0")))
        .compose(ok -> ask(Addresses.STORE_ROLE_CREATE, body.copy().put("guild_id", guildId)))
        .onSuccess(role -> created(ctx, role)).onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    long roleId = pathId(ctx, "role_id");
    JsonObject body = body(ctx);
    may(Action.ROLE_UPDATE, userId(ctx), guildId, new JsonObject()
        .put("role_ids", new JsonArray().add(Long.toString(roleId))).put("grant", body.getString("permissions", "0")))
        .compose(ok -> ask(Addresses.STORE_ROLE_UPDATE, body.copy().put("guild_id", guildId).put("role_id", roleId)))
        .onSuccess(role -> ok(ctx, role)).onFailure(ctx::fail);
  }

  private void reorder(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    JsonArray moves = request(ctx).getBody().getJsonArray();
    JsonArray roleIds = new JsonArray();
    JsonArray positions = new JsonArray();
    for (Object m : moves) {
      roleIds.add(((JsonObject) m).getString("id"));
      positions.add(((JsonObject) m).getInteger("position"));
    }
    may(Action.ROLE_REORDER, userId(ctx), guildId, new JsonObject().put("role_ids", roleIds).put("positions", positions))
        .compose(ok -> ask(Addresses.STORE_ROLE_REORDER, new JsonObject().put("guild_id", guildId).put("positions", moves)))
        .onSuccess(roles -> ok(ctx, roles)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    long roleId = pathId(ctx, "role_id");
    may(Action.ROLE_DELETE, userId(ctx), guildId, new JsonObject().put("role_ids", new JsonArray().add(Long.toString(roleId))))
        .compose(ok -> ask(Addresses.STORE_ROLE_DELETE, new JsonObject().put("guild_id", guildId).put("role_id", roleId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }
}
