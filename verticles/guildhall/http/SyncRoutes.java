package guildhall.http;

import guildhall.Addresses;
import guildhall.LocalCodec;
import guildhall.fanout.SseConnection;
import guildhall.permissions.Visibility;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The two halves of state sync: the snapshot (everything the user may see, with a cursor) and the
 * update stream (SSE, handed to this node's fan-out verticle once its headers are out).
 */
final class SyncRoutes extends Api {
  private static final DeliveryOptions TO_FANOUT = new DeliveryOptions().setLocalOnly(true)
      .setCodecName(new LocalCodec<>(SseConnection.class).name());
  /** Connection ids key the fan-out's map: a random prefix per HTTP instance, then a counter. */
  private final long connectionPrefix = (long) new java.security.SecureRandom().nextInt() << 32;
  private long connections;

  private final int maxQueueBytes;
  /** sse.max_streams_per_user; 0 for no limit. */
  private final int maxStreamsPerUser;
  /** Open streams per user id on this node, shared by every HTTP instance. */
  private final LocalMap<Long, Integer> streamsPerUser;

  /** Null when sse.quiet_pipeline is off (a lever, measured by bin/bench-levers): streams keep the full pipeline. */
  private final StreamPipeline pipeline;

  SyncRoutes(Vertx vertx, JsonObject sse, StreamPipeline pipeline) {
    super(vertx);
    this.pipeline = sse.getBoolean("quiet_pipeline", true) ? pipeline : null;
    this.maxQueueBytes = sse.getInteger("max_queue_bytes", 1 << 20);
    this.maxStreamsPerUser = sse.getInteger("max_streams_per_user", 16);
    this.streamsPerUser = vertx.sharedData().getLocalMap("guildhall.sse.streams_per_user");
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("getSnapshot").addHandler(this::snapshot);
    routes.getRoute("getUpdates").addHandler(this::updates);
  }

  private void snapshot(RoutingContext ctx) {
    long userId = userId(ctx);
    // The commit order's watermark first, then the snapshot: its cursor never passes an event still to come.
    this.<JsonObject>ask(Addresses.EVENTS_WATERMARK, new JsonObject())
        .compose(watermark -> this.<JsonObject>ask(Addresses.STORE_SNAPSHOT,
            new JsonObject().put("user_id", userId).put("until", watermark.getValue("until"))))
        .compose(snapshot -> {
          JsonArray guilds = new JsonArray();
          Set<String> people = new LinkedHashSet<>();
          Set<String> visibleChannels = new java.util.HashSet<>();
          for (Object g : snapshot.getJsonArray("guilds")) {
            JsonObject guild = Visibility.visibleGuild((JsonObject) g, userId);
            guilds.add(guild);
            for (String list : new String[] {"channels", "threads"}) {
              for (Object c : guild.getJsonArray(list, new JsonArray())) {
                visibleChannels.add(((JsonObject) c).getString("id"));
              }
            }
            for (Object m : guild.getJsonArray("members")) {
              people.add(((JsonObject) m).getJsonObject("user").getString("id"));
            }
          }
          snapshot.put("guilds", guilds);
          // The people of one's DMs and group DMs are in view too (their recipients leave out the user).
          for (Object c : snapshot.getJsonArray("private_channels", new JsonArray())) {
            visibleChannels.add(((JsonObject) c).getString("id"));
            for (Object r : ((JsonObject) c).getJsonArray("recipients", new JsonArray())) {
              people.add(((JsonObject) r).getString("id"));
            }
          }
          // Read states of the channels the user may see now; the others' stay stored for when they may again.
          JsonArray readStates = new JsonArray();
          for (Object r : snapshot.getJsonArray("read_states", new JsonArray())) {
            if (visibleChannels.contains(((JsonObject) r).getString("channel_id"))) {
              readStates.add(r);
            }
          }
          snapshot.put("read_states", readStates);
          return this.<JsonObject>ask(Addresses.PRESENCE_QUERY, new JsonObject().put("user_ids", new JsonArray(people.stream().toList())))
              .map(presence -> snapshot.put("presences", presence.getJsonArray("presences")));
        })
        .onSuccess(snapshot -> ok(ctx, snapshot)).onFailure(ctx::fail);
  }

  private void updates(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    String after = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : query(ctx, "after");
    Long cursor = null;
    if (after != null) {
      try {
        cursor = Long.parseLong(after);
      } catch (NumberFormatException e) {
        ctx.fail(guildhall.ApiError.badRequest("Last-Event-ID", "Last-Event-ID must be an event id"));
        return;
      }
    }
    long userId = userId(ctx);
    // Each stream holds a socket and a queue of up to max_queue_bytes: one token may not open them without end.
    if (maxStreamsPerUser > 0 && streamsPerUser.merge(userId, 1, Integer::sum) > maxStreamsPerUser) {
      release(userId);
      ctx.fail(new guildhall.ApiError(429, "too_many_streams",
          "At most " + maxStreamsPerUser + " update streams per user are open at once; close one first", null));
      return;
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no"); // nginx: pass each event on at once
    response.writeHead();
    // The head is on the wire and nothing reads either side's headers again (the request id and the token's
    // hash were taken earlier): an idle stream would hold both maps, about 0.7 KiB, for as long as it is open.
    response.headers().clear();
    ctx.request().headers().clear();
    io.vertx.core.http.HttpConnection socket = ctx.request().connection();
    if (pipeline != null) {
      pipeline.quiet(socket);
    }
    long connectionId = connectionPrefix | (++connections & 0xffff_ffffL);
    // The event loop's own context, not this request's duplicate of it: the fan-out keeps one writer per
    // context, and one per request would be a writer per stream, kept after the stream is gone.
    io.vertx.core.Context loop = ((io.vertx.core.internal.ContextInternal) vertx.getOrCreateContext()).unwrap();
    SseConnection connection = new SseConnection(connectionId, userId, ctx.get(Authenticator.TOKEN_HASH), response, cursor, loop, maxQueueBytes);
    // The stream's place is given back once, whichever comes first: the server ends it, or its connection closes.
    boolean[] released = {maxStreamsPerUser <= 0};
    Handler<Void> gone = v -> {
      if (!released[0]) {
        released[0] = true;
        release(userId);
      }
    };
    response.endHandler(v -> {
      if (pipeline != null) {
        pipeline.restore(socket);
      }
      gone.handle(null);
    });
    response.closeHandler(v -> {
      vertx.eventBus().send(Addresses.FANOUT_UNREGISTER, connectionId, new DeliveryOptions().setLocalOnly(true));
      gone.handle(null);
    });
    // When the server shuts down, end the stream so the client reconnects (elsewhere, if it can).
    socket.shutdownHandler(v -> {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    });
    vertx.eventBus().send(Addresses.FANOUT_REGISTER, connection, TO_FANOUT);
  }

  private void release(long userId) {
    streamsPerUser.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
  }
}
