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

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A member's notification settings in a guild and its channels, Discord's
 * {@code /users/@me/guilds/{guild_id}/settings}. Only storage: which message notifies is the client's call.
 */
final class NotificationSettingsRoutes extends Api {
  /** A thread (type 11) follows its parent channel's settings; only guild channels and categories take an override. */
  private static final int THREAD = 11;

  NotificationSettingsRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("getGuildSettings").addHandler(this::get);
    routes.getRoute("patchGuildSettings").addHandler(this::patch);
  }

  private void get(RoutingContext ctx) {
    long userId = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    may(Action.GUILD_VIEW, userId, guildId)
        .compose(ok -> ask(Addresses.STORE_NOTIFICATION_SETTINGS_GET, new JsonObject().put("user_id", userId).put("guild_id", guildId)))
        .onSuccess(settings -> ok(ctx, settings)).onFailure(ctx::fail);
  }

  /** Membership first (404), then the whole body (400s naming the field), then each channel named (404 when not the guild's or not visible). */
  private void patch(RoutingContext ctx) {
    long userId = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    JsonObject body = body(ctx);
    may(Action.GUILD_VIEW, userId, guildId)
        .compose(ok -> {
          JsonObject change = new JsonObject().put("user_id", userId).put("guild_id", guildId);
          copyFields(body, change, "");
          JsonArray overrides = new JsonArray();
          Set<Long> seen = new HashSet<>();
          JsonArray given = body.getJsonArray("channel_overrides", new JsonArray());
          for (int i = 0; i < given.size(); i++) {
            String field = "channel_overrides[" + i + "]";
            JsonObject o = given.getJsonObject(i);
            long channelId = Ids.parse(o.getValue("channel_id"), field + ".channel_id");
            if (!seen.add(channelId)) {
              throw ApiError.badRequest(field + ".channel_id", "Each channel may appear once in channel_overrides");
            }
            JsonObject override = new JsonObject().put("channel_id", channelId);
            copyFields(o, override, field + ".");
            overrides.add(override);
          }
          change.put("channel_overrides", overrides);
          return channelsOfGuild(userId, guildId, overrides).map(v -> change);
        })
        .compose(change -> ask(Addresses.STORE_NOTIFICATION_SETTINGS_SET, change))
        .onSuccess(settings -> ok(ctx, settings)).onFailure(ctx::fail);
  }

  /** message_notifications, muted, and mute_config.end_time as ms (null: until turned back on). */
  private static void copyFields(JsonObject from, JsonObject to, String prefix) {
    if (from.containsKey("message_notifications")) {
      to.put("message_notifications", from.getValue("message_notifications"));
    }
    if (from.containsKey("muted")) {
      to.put("muted", from.getBoolean("muted"));
    }
    if (from.containsKey("mute_config")) {
      JsonObject config = from.getJsonObject("mute_config");
      to.put("mute_end_time", config == null ? null : parseTime(config.getString("end_time"), prefix + "mute_config.end_time"));
    }
  }

  private static Long parseTime(String iso, String field) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(field, field + " must be an ISO 8601 time");
    }
  }

  /** Every override's channel must be one of this guild's channels the user may see: else 404 naming it, as a missing one. */
  private Future<Void> channelsOfGuild(long userId, long guildId, JsonArray overrides) {
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (int i = 0; i < overrides.size(); i++) {
      String field = "channel_overrides[" + i + "].channel_id";
      long channelId = overrides.getJsonObject(i).getLong("channel_id");
      checks.add(may(Action.CHANNEL_VIEW, userId, channelId).recover(failure -> {
        ApiError error = ApiError.fromReply(failure);
        return Future.failedFuture(error != null && error.status == 404 ? unknownChannel(field) : failure);
      }).map(decision -> {
        if (!Ids.str(guildId).equals(decision.getString("guild_id")) || decision.getString("guild_id") == null) {
          throw unknownChannel(field);
        }
        if (decision.getInteger("channel_type", 0) == THREAD) {
          throw ApiError.badRequest(field, "A thread follows its parent channel's notification settings");
        }
        return decision;
      }));
    }
    return Future.all(checks).mapEmpty();
  }

  private static ApiError unknownChannel(String field) {
    return new ApiError(404, "not_found", "Unknown channel in this guild", field);
  }
}
