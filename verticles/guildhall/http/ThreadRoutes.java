package guildhall.http;

import guildhall.Addresses;
import guildhall.permissions.Action;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Threads: starting one (from a message, or from nothing), listing a channel's, and joining or leaving
 * one. Posting, changing and deleting go through the channel and message routes, which the permissions
 * verticle decides by the thread's rules (see {@link Action#inThread}).
 */
final class ThreadRoutes extends Api {
  static final int THREAD = 11;

  ThreadRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("startThreadFromMessage").addHandler(ctx -> start(ctx, true));
    routes.getRoute("startThread").addHandler(ctx -> start(ctx, false));
    routes.getRoute("listThreads").addHandler(this::list);
    routes.getRoute("getThreadMember").addHandler(this::member);
    routes.getRoute("joinThread").addHandler(ctx -> membership(ctx, Action.THREAD_JOIN, Addresses.STORE_THREAD_JOIN));
    routes.getRoute("leaveThread").addHandler(ctx -> membership(ctx, Action.THREAD_LEAVE, Addresses.STORE_THREAD_LEAVE));
  }

  private void start(RoutingContext ctx, boolean fromMessage) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    JsonObject body = body(ctx);
    JsonObject req = new JsonObject().put("user_id", userId).put("channel_id", channelId)
        .put("name", body.getString("name")).put("auto_archive_duration", body.getInteger("auto_archive_duration"));
    if (fromMessage) {
      req.put("message_id", pathId(ctx, "message_id"));
    }
    may(Action.THREAD_CREATE, userId, channelId)
        .compose(decision -> ask(Addresses.STORE_THREAD_CREATE, req))
        .onSuccess(thread -> created(ctx, thread)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    may(Action.THREAD_LIST, userId, channelId)
        .compose(decision -> ask(Addresses.STORE_THREAD_LIST, new JsonObject().put("user_id", userId).put("channel_id", channelId)))
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  private void member(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    may(Action.CHANNEL_VIEW, userId, channelId)
        .compose(decision -> ask(Addresses.STORE_THREAD_MEMBER, new JsonObject().put("user_id", userId).put("channel_id", channelId)))
        .onSuccess(member -> ok(ctx, member)).onFailure(ctx::fail);
  }

  private void membership(RoutingContext ctx, Action action, String address) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    may(action, userId, channelId)
        .compose(decision -> isThread(decision)
            ? ask(address, new JsonObject().put("user_id", userId).put("channel_id", channelId))
            : Future.failedFuture(guildhall.ApiError.notFound("thread")))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  static boolean isThread(JsonObject decision) {
    return decision.getInteger("channel_type", 0) == THREAD;
  }
}
