package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.Ids;
import guildhall.permissions.Action;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.HashSet;
import java.util.Set;

/**
 * DMs, group DMs and blocking. Messages, reactions and typing in them are the ordinary channel routes:
 * the permissions verticle knows which channels are private and who is in them.
 */
final class PrivateChannelRoutes extends Api {
  PrivateChannelRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("listPrivateChannels").addHandler(this::list);
    routes.getRoute("createPrivateChannel").addHandler(this::create);
    routes.getRoute("addRecipient").addHandler(this::addRecipient);
    routes.getRoute("removeRecipient").addHandler(this::removeRecipient);
    routes.getRoute("putRelationship").addHandler(this::block);
    routes.getRoute("deleteRelationship").addHandler(this::unblock);
  }

  private void list(RoutingContext ctx) {
    ask(Addresses.STORE_DM_LIST, new JsonObject().put("user_id", userId(ctx)))
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  /** Asks whether the user may open a DM with each of {@code targets} (the dm.open row). */
  private Future<JsonObject> mayOpen(long userId, JsonArray targets) {
    return ask(Addresses.PERMISSIONS_CHECK, new JsonObject().put("user_id", userId).put("action", Action.DM_OPEN.id)
        .put("target_user_ids", targets));
  }

  private Future<Object> exist(JsonArray userIds, String field) {
    return ask(Addresses.STORE_USERS_EXIST, new JsonObject().put("user_ids", userIds).put("field", field));
  }

  /** {recipient_id}: the DM with them; {recipient_ids, name?}: a new group DM. Unknown users are a 400 naming the field. */
  private void create(RoutingContext ctx) {
    long userId = userId(ctx);
    JsonObject body = body(ctx);
    boolean one = body.containsKey("recipient_id");
    boolean group = body.containsKey("recipient_ids");
    if (one == group) {
      ctx.fail(ApiError.badRequest(one ? "recipient_ids" : "recipient_id", "Give either recipient_id (a DM) or recipient_ids (a group DM)"));
      return;
    }
    if (one) {
      long otherId = Ids.require(body, "recipient_id");
      if (otherId == userId) {
        ctx.fail(ApiError.badRequest("recipient_id", "You cannot open a DM with yourself"));
        return;
      }
      JsonArray targets = new JsonArray().add(Ids.str(otherId));
      exist(targets, "recipient_id")
          .compose(v -> mayOpen(userId, targets))
          .compose(v -> ask(Addresses.STORE_DM_OPEN, new JsonObject().put("user_id", userId).put("recipient_id", otherId)))
          .onSuccess(channel -> ok(ctx, channel)).onFailure(ctx::fail);
      return;
    }
    JsonArray targets = new JsonArray();
    Set<Long> seen = new HashSet<>();
    for (Object id : body.getJsonArray("recipient_ids")) {
      long other = Ids.parse(id, "recipient_ids");
      if (other == userId) {
        ctx.fail(ApiError.badRequest("recipient_ids", "recipient_ids are the others: leave yourself out"));
        return;
      }
      if (!seen.add(other)) {
        ctx.fail(ApiError.badRequest("recipient_ids", "recipient_ids must be distinct"));
        return;
      }
      targets.add(Ids.str(other));
    }
    exist(targets, "recipient_ids")
        .compose(v -> mayOpen(userId, targets))
        .compose(v -> ask(Addresses.STORE_GROUP_DM_CREATE, new JsonObject().put("user_id", userId).put("recipient_ids", targets)
            .put("name", body.getString("name"))))
        .onSuccess(channel -> ok(ctx, channel)).onFailure(ctx::fail);
  }

  /** The owner adds someone they could open a DM with. */
  private void addRecipient(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    long targetId = pathId(ctx, "user_id");
    JsonArray target = new JsonArray().add(Ids.str(targetId));
    may(Action.RECIPIENT_ADD, userId, channelId, new JsonObject().put("target_user_id", Ids.str(targetId)))
        .compose(v -> exist(target, "user_id"))
        .compose(v -> targetId == userId ? Future.succeededFuture() : mayOpen(userId, target))
        .compose(v -> ask(Addresses.STORE_RECIPIENT_ADD, new JsonObject().put("channel_id", channelId).put("target_user_id", targetId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  /** Anyone leaves (their own id); the owner removes others. */
  private void removeRecipient(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    long targetId = pathId(ctx, "user_id");
    may(Action.RECIPIENT_REMOVE, userId, channelId, new JsonObject().put("target_user_id", Ids.str(targetId)))
        .compose(v -> ask(Addresses.STORE_RECIPIENT_REMOVE, new JsonObject().put("channel_id", channelId).put("target_user_id", targetId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void block(RoutingContext ctx) {
    long userId = userId(ctx);
    long targetId = pathId(ctx, "user_id");
    if (targetId == userId) {
      ctx.fail(ApiError.badRequest("user_id", "You cannot block yourself"));
      return;
    }
    ask(Addresses.STORE_RELATIONSHIP_PUT, new JsonObject().put("user_id", userId).put("target_user_id", targetId))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void unblock(RoutingContext ctx) {
    long userId = userId(ctx);
    long targetId = pathId(ctx, "user_id");
    ask(Addresses.STORE_RELATIONSHIP_DELETE, new JsonObject().put("user_id", userId).put("target_user_id", targetId))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }
}
