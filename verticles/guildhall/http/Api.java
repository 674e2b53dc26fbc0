package guildhall.http;

import guildhall.Addresses;
import guildhall.Ids;
import guildhall.permissions.Action;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.List;

/**
 * What every route group shares: reading a validated request, asking a verticle over the bus,
 * asking the permissions verticle, and replying.
 */
class Api {
  protected final Vertx vertx;

  Api(Vertx vertx) {
    this.vertx = vertx;
  }

  static long userId(RoutingContext ctx) {
    return ctx.get(Authenticator.USER_ID);
  }

  static ValidatedRequest request(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** A path parameter (already validated as a snowflake by the contract). */
  static long pathId(RoutingContext ctx, String name) {
    try {
      return Long.parseLong(request(ctx).getPathParameters().get(name).getString());
    } catch (NumberFormatException e) { // 19 digits pass the contract's pattern but may exceed a 64-bit id
      throw guildhall.ApiError.badRequest(name, name + " must be a 64-bit id");
    }
  }

  static String pathString(RoutingContext ctx, String name) {
    return request(ctx).getPathParameters().get(name).getString();
  }

  static JsonObject body(RoutingContext ctx) {
    RequestParameter body = request(ctx).getBody();
    if (body == null || body.isNull() || body.isEmpty()) {
      return new JsonObject();
    }
    return body.getJsonObject();
  }

  static String query(RoutingContext ctx, String name) {
    RequestParameter p = request(ctx).getQuery().get(name);
    return p == null || p.isNull() ? null : p.get().toString();
  }

  <T> Future<T> ask(String address, JsonObject message) {
    return vertx.eventBus().<T>request(address, message).map(reply -> reply.body());
  }

  /**
   * Asks the permissions verticle whether the user may do {@code action} in {@code where}: a guild or a
   * channel id, as the action's scope says. {@code details} are the facts only the route knows
   * (target_user_id, role_ids, positions, grant, member_roles + roles_of, author_id, target_id + target_type).
   * Fails 404 when the guild or channel is missing or not visible, 403 when the action is not allowed.
   */
  Future<JsonObject> may(Action action, long userId, long where, JsonObject details) {
    return may(List.of(action), userId, where, details);
  }

  Future<JsonObject> may(Action action, long userId, long where) {
    return may(List.of(action), userId, where, new JsonObject());
  }

  /** All of {@code actions} must pass (one scope for all). */
  Future<JsonObject> may(List<Action> actions, long userId, long where, JsonObject details) {
    JsonArray names = new JsonArray();
    for (Action action : actions) {
      names.add(action.id);
    }
    String scope = actions.get(0).scope == Action.Scope.CHANNEL ? "channel_id" : "guild_id";
    return ask(Addresses.PERMISSIONS_CHECK, details.copy().put("user_id", userId).put(scope, where).put("actions", names));
  }

  static long guildOf(JsonObject decision) {
    return Ids.require(decision, "guild_id");
  }

  static void ok(RoutingContext ctx, Object body) {
    reply(ctx, 200, body);
  }

  static void created(RoutingContext ctx, Object body) {
    reply(ctx, 201, body);
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  static void reply(RoutingContext ctx, int status, Object body) {
    String json = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
  }
}
