package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.permissions.Action;
import io.vertx.core.Future;
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

  /** The bits it allows or denies are "granted": the setter must hold them. Its target must be below the setter. */
  private void putOverwrite(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    long targetId = pathId(ctx, "target_id");
    JsonObject body = body(ctx);
    long bits = Long.parseLong(body.getString("allow", "0")) | Long.parseLong(body.getString("deny", "0"));
    may(Action.OVERWRITE_PUT, userId(ctx), channelId, new JsonObject().put("grant", Long.toString(bits))
        .put("target_id", Long.toString(targetId)).put("target_type", body.getInteger("type")))
        .compose(decision -> notOnThread(decision).compose(v -> ask(Addresses.STORE_OVERWRITE_PUT, body.copy().put("channel_id", channelId).put("target_id", targetId))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  /** The path does not say whether the target is a role or a member; the permissions verticle knows which the id is. */
  private void deleteOverwrite(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    long targetId = pathId(ctx, "target_id");
    may(Action.OVERWRITE_DELETE, userId(ctx), channelId, new JsonObject().put("target_id", Long.toString(targetId)))
        .compose(decision -> notOnThread(decision).compose(v -> ask(Addresses.STORE_OVERWRITE_DELETE, new JsonObject().put("channel_id", channelId).put("target_id", targetId))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  /** A thread has no overwrites of its own: it takes its parent's (as in Discord). */
  private static Future<Void> notOnThread(JsonObject decision) {
    return ThreadRoutes.isThread(decision)
        ? Future.failedFuture(ApiError.badRequest("channel_id", "A thread takes its parent's permissions: set them on the parent channel"))
        : Future.succeededFuture();
  }

  /** A thread's PATCH is decided as thread.update (its owner, or MANAGE_THREADS; locking needs MANAGE_THREADS). */
  private void patch(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    JsonObject body = body(ctx);
    may(Action.CHANNEL_UPDATE, userId(ctx), channelId, new JsonObject().put("sets_lock", body.containsKey("locked")))
        .compose(decision -> {
          if (ThreadRoutes.isThread(decision)) {
            return ask(Addresses.STORE_THREAD_UPDATE, body.copy().put("channel_id", channelId));
          }
          for (String field : java.util.List.of("archived", "locked", "auto_archive_duration")) {
            if (body.containsKey(field)) {
              return Future.failedFuture(ApiError.badRequest(field, field + " is for threads only"));
            }
          }
          return ask(Addresses.STORE_CHANNEL_UPDATE, body.copy().put("channel_id", channelId));
        })
        .onSuccess(channel -> ok(ctx, channel)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    may(Action.CHANNEL_DELETE, userId(ctx), channelId)
        .compose(decision -> ask(ThreadRoutes.isThread(decision) ? Addresses.STORE_THREAD_DELETE : Addresses.STORE_CHANNEL_DELETE,
            new JsonObject().put("channel_id", channelId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  /** Typing is ephemeral: it goes to presence (cluster-wide), never to the store. */
  private void typing(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    may(Action.TYPING_START, userId, channelId)
        .onSuccess(decision -> {
          vertx.eventBus().publish(Addresses.PRESENCE_TYPING, new JsonObject().put("user_id", userId)
              .put("channel_id", channelId).put("guild_id", guildOf(decision)));
          noContent(ctx);
        })
        .onFailure(ctx::fail);
  }
}
