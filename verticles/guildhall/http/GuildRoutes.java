package guildhall.http;

import guildhall.Addresses;
import guildhall.permissions.Action;
import guildhall.permissions.Visibility;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Guilds, membership, invites, and a guild's channel list. */
final class GuildRoutes extends Api {
  GuildRoutes(Vertx vertx) {
    super(vertx);
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("createGuild").addHandler(this::create);
    routes.getRoute("listPublicGuilds").addHandler(this::directory);
    routes.getRoute("getGuild").addHandler(this::get);
    routes.getRoute("patchGuild").addHandler(this::patch);
    routes.getRoute("deleteGuild").addHandler(this::delete);
    routes.getRoute("joinGuild").addHandler(this::join);
    routes.getRoute("listMembers").addHandler(this::members);
    routes.getRoute("createInvite").addHandler(this::createInvite);
    routes.getRoute("acceptInvite").addHandler(this::acceptInvite);
    routes.getRoute("listChannels").addHandler(this::channels);
    routes.getRoute("createChannel").addHandler(this::createChannel);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = body(ctx);
    ask(Addresses.STORE_GUILD_CREATE, body.copy().put("user_id", userId(ctx)).put("name", body.getString("name").trim()))
        .onSuccess(guild -> created(ctx, guild)).onFailure(ctx::fail);
  }

  private void directory(RoutingContext ctx) {
    ask(Addresses.STORE_GUILD_DIRECTORY, new JsonObject()).onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long userId = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    may(Action.GUILD_VIEW, userId, guildId)
        .compose(ok -> this.<JsonObject>ask(Addresses.STORE_GUILD_GET, new JsonObject().put("guild_id", guildId).put("user_id", userId)))
        .onSuccess(guild -> ok(ctx, Visibility.visibleGuild(guild, userId))).onFailure(ctx::fail);
  }

  private void channels(RoutingContext ctx) {
    long userId = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    may(Action.CHANNEL_LIST, userId, guildId)
        .compose(ok -> this.<JsonObject>ask(Addresses.STORE_GUILD_GET, new JsonObject().put("guild_id", guildId)))
        .onSuccess(guild -> ok(ctx, Visibility.visibleGuild(guild, userId).getJsonArray("channels"))).onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    boolean transfer = body(ctx).containsKey("owner_id");
    may(transfer ? Action.GUILD_TRANSFER : Action.GUILD_UPDATE, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_GUILD_UPDATE, body(ctx).copy().put("guild_id", guildId)))
        .onSuccess(guild -> ok(ctx, guild)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    may(Action.GUILD_DELETE, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_GUILD_DELETE, new JsonObject().put("guild_id", guildId)))
        .onSuccess(v -> noContent(ctx)).onFailure(ctx::fail);
  }

  private void join(RoutingContext ctx) {
    long userId = userId(ctx);
    ask(Addresses.STORE_MEMBER_JOIN, new JsonObject().put("user_id", userId).put("guild_id", pathId(ctx, "guild_id")))
        .onSuccess(guild -> ok(ctx, Visibility.visibleGuild((JsonObject) guild, userId))).onFailure(ctx::fail);
  }

  private void members(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    may(Action.MEMBER_LIST, userId(ctx), guildId)
        .compose(ok -> this.<JsonArray>ask(Addresses.STORE_MEMBER_LIST, memberPage(ctx).put("guild_id", guildId)))
        .compose(this::withPresences)
        .onSuccess(list -> ok(ctx, list)).onFailure(ctx::fail);
  }

  /**
   * Each member of a page with how they show now ({@code presence}; absent: offline): a large guild's
   * client learns the presence of the members it pages in here, as its snapshot held only the first page's.
   */
  private Future<JsonArray> withPresences(JsonArray members) {
    JsonArray ids = new JsonArray();
    for (Object m : members) {
      ids.add(((JsonObject) m).getJsonObject("user").getString("id"));
    }
    return this.<JsonObject>ask(Addresses.PRESENCE_QUERY, new JsonObject().put("user_ids", ids)).map(reply -> {
      java.util.Map<String, JsonObject> shown = new java.util.HashMap<>();
      for (Object p : reply.getJsonArray("presences")) {
        JsonObject presence = (JsonObject) p;
        shown.put(presence.getString("user_id"), new JsonObject().put("status", presence.getString("status"))
            .put("custom_status", presence.getValue("custom_status")));
      }
      for (Object m : members) {
        JsonObject member = (JsonObject) m;
        JsonObject presence = shown.get(member.getJsonObject("user").getString("id"));
        if (presence != null) {
          member.put("presence", presence);
        }
      }
      return members;
    });
  }

  /** {after, limit} of a member page; the contract has checked both (a Snowflake, 1..1000). */
  private JsonObject memberPage(RoutingContext ctx) {
    String after = query(ctx, "after");
    String limit = query(ctx, "limit");
    return new JsonObject().put("after", after == null ? 0L : guildhall.Ids.parse(after, "after"))
        .put("limit", limit == null ? 100 : Integer.parseInt(limit));
  }

  private void createInvite(RoutingContext ctx) {
    long userId = userId(ctx);
    long guildId = pathId(ctx, "guild_id");
    may(Action.INVITE_CREATE, userId, guildId)
        .compose(ok -> ask(Addresses.STORE_INVITE_CREATE, body(ctx).copy().put("guild_id", guildId).put("user_id", userId)))
        .onSuccess(invite -> created(ctx, invite)).onFailure(ctx::fail);
  }

  private void acceptInvite(RoutingContext ctx) {
    long userId = userId(ctx);
    ask(Addresses.STORE_INVITE_ACCEPT, new JsonObject().put("user_id", userId).put("code", pathString(ctx, "code")))
        .onSuccess(guild -> ok(ctx, Visibility.visibleGuild((JsonObject) guild, userId))).onFailure(ctx::fail);
  }

  private void createChannel(RoutingContext ctx) {
    long guildId = pathId(ctx, "guild_id");
    may(Action.CHANNEL_CREATE, userId(ctx), guildId)
        .compose(ok -> ask(Addresses.STORE_CHANNEL_CREATE, body(ctx).copy().put("guild_id", guildId)))
        .onSuccess(channel -> created(ctx, channel)).onFailure(ctx::fail);
  }
}
