package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.Mentions;
import guildhall.permissions.Action;
import io.vertx.core.Future;
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
    routes.getRoute("ackMessage").addHandler(this::ack);
  }

  /** Reading up to a message: a hidden channel is 404 as a missing one, then a message not in it is 404 "message". */
  private void ack(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    long messageId = pathId(ctx, "message_id");
    may(Action.CHANNEL_VIEW, userId, channelId)
        .compose(decision -> ask(Addresses.STORE_READ_STATE_ACK, new JsonObject().put("user_id", userId)
            .put("channel_id", channelId).put("message_id", messageId).put("guild_id", decision.getString("guild_id"))))
        .onSuccess(state -> ok(ctx, state)).onFailure(ctx::fail);
  }

  /**
   * What the text's mentions come to ({user_ids, role_ids, everyone, pinged}), from the permissions verticle,
   * or null without asking when the text mentions no one and the channel is no DM (where every message pings):
   * the common send makes no extra request.
   */
  private Future<JsonObject> mentions(long authorId, long channelId, String content, boolean privateChannel) {
    Mentions parsed = Mentions.parse(content);
    if (parsed.isEmpty() && !privateChannel) {
      return Future.succeededFuture(null);
    }
    JsonObject asked = parsed.toJson();
    return this.<JsonObject>ask(Addresses.PERMISSIONS_MENTIONS, asked.copy().put("channel_id", channelId).put("user_id", authorId))
        .map(resolved -> asked.put("role_ids", resolved.getJsonArray("role_ids")).put("everyone", resolved.getBoolean("everyone"))
            .put("pinged", resolved.getJsonArray("pinged")));
  }

  private void react(RoutingContext ctx, boolean add) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    JsonObject reaction = new JsonObject().put("user_id", userId).put("channel_id", channelId)
        .put("message_id", pathId(ctx, "message_id")).put("emoji", pathString(ctx, "emoji"));
    may(add ? Action.REACTION_ADD : Action.REACTION_REMOVE, userId, channelId)
        .compose(ok -> ask(add ? Addresses.STORE_REACTION_ADD : Addresses.STORE_REACTION_REMOVE, reaction))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    long channelId = pathId(ctx, "channel_id");
    JsonObject page = new JsonObject().put("channel_id", channelId).put("user_id", userId(ctx))
        .put("before", query(ctx, "before")).put("after", query(ctx, "after"));
    String limit = query(ctx, "limit");
    page.put("limit", limit == null ? 50 : Integer.parseInt(limit));
    may(Action.MESSAGE_READ, userId(ctx), channelId)
        .compose(ok -> ask(Addresses.STORE_MESSAGE_LIST, page))
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    JsonObject body = body(ctx);
    requireVisible(body.getString("content"));
    // Limited after the permission check, so a hidden channel still answers 404, never 429.
    // The decision brings the author's partial guild member, which the new message carries.
    may(Action.MESSAGE_SEND, userId, channelId, new JsonObject().put("with_member", true))
        .compose(decision -> {
          limits.take(limits.messages, userId + ":" + channelId, ctx);
          String content = body.getString("content");
          return mentions(userId, channelId, content, decision.getString("guild_id") == null).compose(mentions -> ask(Addresses.STORE_MESSAGE_CREATE, new JsonObject()
              .put("user_id", userId).put("channel_id", channelId).put("guild_id", decision.getString("guild_id"))
              .put("content", content).put("nonce", body.getString("nonce")).put("mentions", mentions)
              .put("reply_to", body.getString("reply_to")).put("thread", ThreadRoutes.isThread(decision))
              .put("member", decision.getJsonObject("member"))));
        })
        .onSuccess(message -> ok(ctx, message)).onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    long messageId = pathId(ctx, "message_id");
    String content = body(ctx).getString("content");
    requireVisible(content);
    mayOnMessage(Action.MESSAGE_EDIT, userId, channelId, messageId)
        .compose(ok -> Mentions.parse(content).isEmpty() ? Future.<JsonObject>succeededFuture(null) : mentions(userId, channelId, content, false))
        .compose(mentions -> ask(Addresses.STORE_MESSAGE_UPDATE, new JsonObject().put("user_id", userId)
            .put("channel_id", channelId).put("message_id", messageId).put("content", content).put("mentions", mentions)))
        .onSuccess(message -> ok(ctx, message)).onFailure(ctx::fail);
  }

  /** A message must show something: spaces, newlines or zero-width characters alone are refused like an empty one. */
  private static void requireVisible(String content) {
    if (content != null && CleanText.isBlank(content)) {
      throw ApiError.badRequest("content", "content must not be blank");
    }
  }

  private void delete(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    long messageId = pathId(ctx, "message_id");
    mayOnMessage(Action.MESSAGE_DELETE, userId, channelId, messageId)
        .compose(decision -> ask(Addresses.STORE_MESSAGE_DELETE, new JsonObject().put("user_id", userId)
            .put("channel_id", channelId).put("message_id", messageId).put("thread", ThreadRoutes.isThread(decision))))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  /**
   * An action on one message, which needs its author: read the message, then ask with author_id. A message
   * that is not there (in this channel) is 404, but only once the channel is known to be visible, so a
   * hidden channel answers 404 for the channel first, as always. (An author never changes, so reading it
   * before the store's own transaction is safe; a message deleted in between is the store's 404.)
   */
  private Future<JsonObject> mayOnMessage(Action action, long userId, long channelId, long messageId) {
    return this.<JsonObject>ask(Addresses.STORE_MESSAGE_GET, new JsonObject().put("channel_id", channelId).put("message_id", messageId))
        .compose(message -> may(action, userId, channelId, new JsonObject().put("author_id", message.getJsonObject("author").getString("id"))),
            missing -> ApiError.fromReply(missing).status == 404
                ? may(Action.CHANNEL_VIEW, userId, channelId).compose(visible -> Future.failedFuture(missing))
                : Future.failedFuture(missing));
  }
}
