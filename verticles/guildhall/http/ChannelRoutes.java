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
