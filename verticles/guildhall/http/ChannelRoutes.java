package guildhall.http;

import guildhall.Addresses;
import guildhall.permissions.Permissions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Changing and deleting channels, and typing in them. */
final class ChannelRoutes extends Api {
  ChannelRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("patchChannel").addHandler(this::patch);
    routes.getRoute("deleteChannel").addHandler(this::delete);
    routes.getRoute("startTyping").addHandler(this::typing);
    routes.getRoute("putOverwrite").addHandler(this::putOverwrite);
    routes.getRoute("deleteOverwrite").addHandler(this::deleteOverwrite);
  }

  /** Overwrites need MANAGE_ROLES in the channel, and may only involve bits the setter holds. */
  private void putOverwrite(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    JsonObject body = body(ctx);
    long bits = Long.parseLong(body.getString("allow", "0")) | Long.parseLong(body.getString("deny", "0"));
    ask(Addresses.PERMISSIONS_CHECK, new JsonObject().put("user_id", userId(ctx)).put("channel_id", channelId)
        .put("permission", Long.toString(Permissions.MANAGE_ROLES)).put("grant", Long.toString(bits)))
        .compose(ok -> ask(Addresses.STORE_OVERWRITE_PUT, body.copy().put("channel_id", channelId).put("target_id", pathId(ctx, "target_id"))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void deleteOverwrite(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    inChannel(userId(ctx), channelId, Permissions.MANAGE_ROLES)
        .compose(ok -> ask(Addresses.STORE_OVERWRITE_DELETE, new JsonObject().put("channel_id", channelId).put("target_id", pathId(ctx, "target_id"))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    inChannel(userId(ctx), channelId, Permissions.MANAGE_CHANNELS)
        .compose(ok -> ask(Addresses.STORE_CHANNEL_UPDATE, body(ctx).copy().put("channel_id", channelId)))
        .onSuccess(channel -> ok(ctx, channel)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    inChannel(userId(ctx), channelId, Permissions.MANAGE_CHANNELS)
        .compose(ok -> ask(Addresses.STORE_CHANNEL_DELETE, new JsonObject().put("channel_id", channelId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  /** Typing is ephemeral: it goes to presence (cluster-wide), never to the store. */
  private void typing(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    inChannel(userId, channelId, Permissions.SEND_MESSAGES)
        .onSuccess(decision -> {
          vertx.eventBus().publish(Addresses.PRESENCE_TYPING, new JsonObject().put("user_id", userId)
              .put("channel_id", channelId).put("guild_id", guildOf(decision)));
          noContent(ctx);
        })
        .onFailure(ctx::fail);
  }
}
