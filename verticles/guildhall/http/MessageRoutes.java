package guildhall.http;

import guildhall.Addresses;
import guildhall.permissions.Permissions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Reading, sending, editing and deleting messages. */
final class MessageRoutes extends Api {
  private final RateLimits limits;

  MessageRoutes(Vertx vertx, RateLimits limits) {
    super(vertx);
    this.limits = limits;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("listMessages").addHandler(this::list);
    routes.getRoute("createMessage").addHandler(this::create);
    routes.getRoute("editMessage").addHandler(this::edit);
    routes.getRoute("deleteMessage").addHandler(this::delete);
    routes.getRoute("addReaction").addHandler(ctx -> react(ctx, true));
    routes.getRoute("removeReaction").addHandler(ctx -> react(ctx, false));
  }

  private void react(RoutingContext ctx, boolean add) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    JsonObject reaction = new JsonObject().put("user_id", userId).put("channel_id", channelId)
        .put("message_id", pathId(ctx, "message_id")).put("emoji", pathString(ctx, "emoji"));
    inChannel(userId, channelId, add ? Permissions.ADD_REACTIONS | Permissions.READ_MESSAGE_HISTORY : Permissions.VIEW_CHANNEL)
        .compose(ok -> ask(add ? Addresses.STORE_REACTION_ADD : Addresses.STORE_REACTION_REMOVE, reaction))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    JsonObject page = new JsonObject().put("channel_id", channelId).put("user_id", userId(ctx))
        .put("before", query(ctx, "before")).put("after", query(ctx, "after"));
    String limit = query(ctx, "limit");
    page.put("limit", limit == null ? 50 : Integer.parseInt(limit));
    inChannel(userId(ctx), channelId, Permissions.VIEW_CHANNEL | Permissions.READ_MESSAGE_HISTORY)
        .compose(ok -> ask(Addresses.STORE_MESSAGE_LIST, page))
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    JsonObject body = body(ctx);
    // Limited after the permission check, so a hidden channel still answers 404, never 429.
    inChannel(userId, channelId, Permissions.SEND_MESSAGES)
        .compose(decision -> {
          limits.take(limits.messages, userId + ":" + channelId);
          return ask(Addresses.STORE_MESSAGE_CREATE, new JsonObject()
              .put("user_id", userId).put("channel_id", channelId).put("guild_id", decision.getString("guild_id"))
              .put("content", body.getString("content")).put("nonce", body.getString("nonce"))
              .put("reply_to", body.getString("reply_to")));
        })
        .onSuccess(message -> ok(ctx, message)).onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    inChannel(userId, channelId, Permissions.VIEW_CHANNEL)
        .compose(ok -> ask(Addresses.STORE_MESSAGE_UPDATE, new JsonObject().put("user_id", userId)
            .put("channel_id", channelId).put("message_id", pathId(ctx, "message_id"))
            .put("content", body(ctx).getString("content"))))
        .onSuccess(message -> ok(ctx, message)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    inChannel(userId, channelId, Permissions.VIEW_CHANNEL)
        .compose(decision -> ask(Addresses.STORE_MESSAGE_DELETE, new JsonObject().put("user_id", userId)
            .put("channel_id", channelId).put("message_id", pathId(ctx, "message_id"))
            .put("may_manage", Permissions.has(Long.parseLong(decision.getString("permissions")), Permissions.MANAGE_MESSAGES))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }
}
