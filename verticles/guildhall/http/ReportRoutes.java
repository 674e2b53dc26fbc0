package guildhall.http;

import guildhall.Addresses;
import guildhall.ApiError;
import guildhall.permissions.Action;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Reports of messages (report.create: whoever may read the message) and the moderation queue (report.list,
 * report.update: MANAGE_MESSAGES). A resolution's action is asked for as its own row of the table, exactly
 * as the route that does it alone would ask (message.delete, member.timeout, member.kick, ban.put, each with
 * its hierarchy rule), before the store does both in one transaction: refused, nothing changes.
 */
final class ReportRoutes extends Api {
  private final RateLimits limits;

  ReportRoutes(Vertx vertx, RateLimits limits) {
    super(vertx);
    this.limits = limits;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("createReport").addHandler(this::create);
    routes.getRoute("listReports").addHandler(this::list);
    routes.getRoute("updateReport").addHandler(this::update);
  }

  private void create(RoutingContext ctx) {
    long userId = userId(ctx);
    long channelId = pathId(ctx, "channel_id");
    long messageId = pathId(ctx, "message_id");
    JsonObject body = body(ctx);
    // The channel first: a hidden channel answers 404 for the channel, whether or not the message is there.
    may(Action.REPORT_CREATE, userId, channelId)
        .compose(decision -> ask(Addresses.STORE_MESSAGE_GET, new JsonObject().put("channel_id", channelId).put("message_id", messageId))
            .compose(message -> {
              if (decision.getString("guild_id") == null) {
                throw ApiError.notFound("channel");
              }
              if (Long.toString(userId).equals(((JsonObject) message).getJsonObject("author").getString("id"))) {
                throw ApiError.badRequest("message_id", "You cannot report your own message");
              }
              // Limited once the report could be made, so a hidden message still answers 404, never 429.
              limits.take(limits.reports, Long.toString(userId), ctx);
              return ask(Addresses.STORE_REPORT_CREATE, new JsonObject().put("user_id", userId)
                  .put("guild_id", decision.getString("guild_id")).put("channel_id", channelId).put("message_id", messageId)
                  .put("reason", body.getString("reason")).put("details", body.getString("details")));
            }))
        .onSuccess(report -> created(ctx, report)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    String status = query(ctx, "status");
    String limit = query(ctx, "limit");
    may(Action.REPORT_LIST, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_REPORT_LIST, new JsonObject().put("guild_id", guildId)
            .put("status", status == null ? "open" : status).put("limit", limit == null ? 100 : Integer.parseInt(limit))))
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long actor = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    long reportId = pathId(ctx, "report_id");
    JsonObject body = body(ctx);
    String status = body.getString("status");
    String action = body.getString("action", "none");
    if ("dismissed".equals(status) && !"none".equals(action)) {
      ctx.fail(ApiError.badRequest("action", "A dismissed report takes no action; resolve it to act"));
      return;
    }
    if (!"timeout".equals(action) && body.containsKey("timeout_minutes")) {
      ctx.fail(ApiError.badRequest("timeout_minutes", "timeout_minutes goes with action timeout only"));
      return;
    }
    may(Action.REPORT_UPDATE, actor, guildId)
        .compose(ok -> this.<JsonObject>ask(Addresses.STORE_REPORT_GET, new JsonObject().put("guild_id", guildId).put("report_id", reportId)))
        .compose(report -> mayAct(action, actor, guildId, report))
        .compose(decision -> ask(Addresses.STORE_REPORT_UPDATE, new JsonObject().put("user_id", actor).put("guild_id", guildId)
            .put("thread", "delete_message".equals(action) && ThreadRoutes.isThread(decision))
            .put("report_id", reportId).put("status", status).put("action", action).put("note", body.getString("note"))
            .put("timeout_minutes", body.getLong("timeout_minutes", 60L))))
        .onSuccess(report -> ok(ctx, report)).onFailure(ctx::fail);
  }

  /** The action's own row of the table, with the facts it needs: the message's author, the member acted on. */
  private Future<JsonObject> mayAct(String action, long actor, long guildId, JsonObject report) {
    String authorId = report.getJsonObject("author").getString("id");
    long author = Long.parseLong(authorId);
    JsonObject target = new JsonObject().put("target_user_id", author);
    if (!"none".equals(action) && !"delete_message".equals(action) && author == actor) {
      return Future.failedFuture(ApiError.badRequest("action", "You cannot " + action + " yourself"));
    }
    return switch (action) {
      case "delete_message" -> may(Action.MESSAGE_DELETE, actor, Long.parseLong(report.getString("channel_id")),
          new JsonObject().put("author_id", authorId));
      case "timeout" -> may(Action.MEMBER_TIMEOUT, actor, guildId, target);
      case "kick" -> may(Action.MEMBER_KICK, actor, guildId, target);
      case "ban" -> may(Action.BAN_PUT, actor, guildId, target);
      default -> Future.succeededFuture(new JsonObject());
    };
  }
}
