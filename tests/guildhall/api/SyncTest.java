package guildhall.api;

import guildhall.support.Api;
import guildhall.support.ChannelModel;
import guildhall.support.Sse;
import guildhall.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State sync that loses nothing: a client's state built from history plus the stream (with replays
 * and resyncs) equals the server's state, whatever the disconnects.
 */
class SyncTest extends AsyncApiTestBase {
  private static final String[] EMOJI = {"👍", "🎉", "🔥"};

  /** One writer: posts, edits some, deletes some, reacts to some, one request at a time. */
  private static Future<Void> writeAll(Api.Session writer, String channel, int messagesEach) {
    return inTurn(messagesEach, i -> writer.post("/channels/" + channel + "/messages",
        new JsonObject().put("content", writer.username() + " " + i)).compose(reply -> {
          String path = "/channels/" + channel + "/messages/" + reply.json().getString("id");
          int roll = ThreadLocalRandom.current().nextInt(10);
          if (roll == 0) {
            return writer.patch(path, new JsonObject().put("content", "edited " + i));
          } else if (roll == 1) {
            return writer.delete(path);
          } else if (roll <= 3) {
            String emoji = java.net.URLEncoder.encode(EMOJI[roll % EMOJI.length], java.nio.charset.StandardCharsets.UTF_8);
            Future<Api.Reply> reacted = writer.put(path + "/reactions/" + emoji + "/@me", null);
            return roll == 3 ? reacted.compose(r -> writer.delete(path + "/reactions/" + emoji + "/@me")) : reacted;
          }
          return Future.succeededFuture(reply);
        })).mapEmpty();
  }

  /** Writers, all at once: each runs {@link #writeAll}; a marker message ends the run. */
  private static Future<Void> writeConcurrently(List<Api.Session> writers, String channel, int messagesEach) {
    List<Future<Void>> done = new ArrayList<>();
    for (Api.Session writer : writers) {
      done.add(writeAll(writer, channel, messagesEach));
    }
    return Future.all(done).mapEmpty();
  }

  /** The whole channel as the server has it now, paged back with before=. */
  private static Future<ChannelModel> history(Api.Session session, String channelId) {
    ChannelModel model = new ChannelModel(channelId, session.userId());
    return pageBack(session, channelId, null, model).map(model);
  }

  private static Future<Void> pageBack(Api.Session session, String channelId, String before, ChannelModel model) {
    return session.get("/channels/" + channelId + "/messages?limit=100" + (before == null ? "" : "&before=" + before)).compose(reply -> {
      JsonArray page = reply.array();
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      for (Object m : page) {
        model.put((JsonObject) m);
      }
      return pageBack(session, channelId, page.getJsonObject(page.size() - 1).getString("id"), model);
    });
  }

  /**
   * Hands every event of {@code stream} to {@code handle} until it answers true. Events already
   * received are taken in a loop, not by recursion, so that a long backlog cannot exhaust the stack.
   */
  private static Future<Void> eachEvent(Sse stream, String until, Predicate<Sse.Event> handle) {
    Promise<Void> done = Promise.promise();
    eachEvent(stream, until, handle, done);
    return done.future();
  }

  private static void eachEvent(Sse stream, String until, Predicate<Sse.Event> handle, Promise<Void> done) {
    while (true) {
      Future<Sse.Event> next = stream.next(e -> true, until);
      if (!next.isComplete()) {
        next.onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
          } else if (handled(handle, ar.result(), done)) {
            eachEvent(stream, until, handle, done);
          }
        });
        return;
      }
      if (next.failed()) {
        done.tryFail(next.cause());
        return;
      }
      if (!handled(handle, next.result(), done)) {
        return;
      }
    }
  }

  /** Whether to go on: false once {@code handle} says stop (or throws), with {@code done} completed. */
  private static boolean handled(Predicate<Sse.Event> handle, Sse.Event event, Promise<Void> done) {
    try {
      if (handle.test(event)) {
        done.tryComplete();
        return false;
      }
      return true;
    } catch (Throwable t) {
      done.tryFail(t);
      return false;
    }
  }

  /** Reads the stream into the model until the marker message arrives. */
  private static Future<Void> readUntil(Sse stream, ChannelModel model, String markerId) {
    return eachEvent(stream, "the marker " + markerId, event -> {
      model.apply(event.id(), event.type(), event.data());
      return event.type().equals("MESSAGE_CREATE") && event.data().getString("id").equals(markerId);
    });
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("(a) Cut off while four clients post 1,000 messages with edits, deletes and reactions: the replay makes it exact")
  void cutOffThenReplay(VertxTestContext ctx) {
    Checkpoint exact = ctx.checkpoint();
    user("owner").compose(owner -> guild(owner, false).compose(guild -> {
      String channel = general(guild);
      return users("writer0", "writer1", "writer2", "writer3", "reader").compose(u -> {
        List<Api.Session> writers = u.subList(0, 4);
        Api.Session reader = u.get(4);
        return inTurn(u.size(), i -> join(u.get(i), guild, owner))
            .compose(v -> history(reader, channel))
            .compose(model -> Sse.using(reader.stream(null), stream -> send(owner, channel, "before the cut")
                    .compose(m -> stream.next("MESSAGE_CREATE"))
                    .map(seen -> {
                      model.apply(seen.id(), seen.type(), seen.data());
                      return seen.id();
                    }))
                .compose(lastId -> writeConcurrently(writers, channel, 250)
                    .compose(v -> send(owner, channel, "the end"))
                    .map(marker -> marker.getString("id"))
                    .compose(marker -> Sse.using(reader.stream(lastId), stream -> readUntil(stream, model, marker))))
                .compose(v -> history(reader, channel))
                .compose(server -> check(ctx, () -> {
                  assertTrue(server.size() > 800, "most of the 1,000 messages survive the deletes: " + server.size());
                  assertEquals(server.messages(), model.messages(), "history + replayed events = the server's state");
                  exact.flag();
                })));
      });
    })).onFailure(ctx::failNow);
  }

  /** Opens a stream at {@code cursor} until it starts with RESYNC (compaction runs every second) or {@code deadline} passes; answers the last first event. */
  private Future<Sse.Event> untilResync(Api.Session reader, String cursor, long deadline) {
    return Sse.using(reader.stream(cursor), stream -> stream.next(e -> e.id() != null || e.type().equals("RESYNC"), "a replayed event or RESYNC"))
        .compose(first -> {
          if (first.type().equals("RESYNC") || System.currentTimeMillis() >= deadline) {
            return Future.succeededFuture(first);
          }
          // Not compacted yet: the stream replayed instead; ask again shortly.
          Promise<Void> shortly = Promise.promise();
          vertx.setTimer(200, t -> shortly.complete());
          return shortly.future().compose(v -> untilResync(reader, cursor, deadline));
        });
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("(b) Away longer than the retained log: the stream says RESYNC, and snapshot + history + live events is exact")
  void resyncAfterRetention(VertxTestContext ctx) {
    Checkpoint resync = ctx.checkpoint();
    Checkpoint exact = ctx.checkpoint();
    onItsOwnServer(new JsonObject().put("events", new JsonObject().put("retention_count", 20).put("compact_every_s", 1)), (small, smallApi) ->
        twoInAGuild(smallApi, "owner", "reader").compose(two -> {
          Api.Session owner = two.owner();
          Api.Session reader = two.member();
          String channel = two.channel();
          return reader.get("/snapshot").map(snapshot -> snapshot.json().getString("cursor")).compose(cursor ->
              inTurn(100, i -> owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "while away " + i)))
                  .compose(v -> untilResync(reader, cursor, System.currentTimeMillis() + 10_000))
                  .compose(first -> check(ctx, () -> {
                    assertEquals("RESYNC", first.type(), "a cursor older than the log gets RESYNC");
                    resync.flag();
                  }))
                  // The client's protocol: keep the stream, buffer live events, take a new snapshot, apply the newer ones.
                  .compose(v -> Sse.using(reader.stream(cursor), stream -> stream.next("RESYNC")
                      .compose(r -> reader.get("/snapshot")).map(Api.Reply::json)
                      .compose(snapshot -> history(reader, channel).compose(model ->
                          owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "after resync"))
                              .map(reply -> reply.json().getString("id"))
                              .compose(marker -> {
                                long snapshotCursor = Long.parseLong(snapshot.getString("cursor"));
                                return eachEvent(stream, "the marker", event -> {
                                  if (event.id() == null || Long.parseLong(event.id()) > snapshotCursor) {
                                    model.apply(event.id(), event.type(), event.data());
                                  }
                                  return event.type().equals("MESSAGE_CREATE") && event.data().getString("id").equals(marker);
                                });
                              })
                              .compose(v2 -> history(reader, channel))
                              .compose(server -> check(ctx, () -> {
                                assertEquals(server.messages(), model.messages());
                                assertEquals(101, model.size(), "100 while away and one after");
                                exact.flag();
                              })))))));
        }))
        .onFailure(ctx::failNow);
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("On shutdown the server ends every stream cleanly, so clients reconnect (to another node if there is one)")
  void shutdownEndsStreams(VertxTestContext ctx) {
    Checkpoint ended = ctx.checkpoint();
    Checkpoint cleanly = ctx.checkpoint();
    offThread(() -> TestApp.start(backend())).compose(node -> {
      Api nodeApi = new Api(vertx, node.port());
      AtomicBoolean stopped = new AtomicBoolean();
      Supplier<Future<Void>> stop = () -> stopped.getAndSet(true) ? Future.succeededFuture() : offThread(() -> {
        node.close();
        return null;
      });
      return nodeApi.login(unique("alice"))
          .compose(alice -> Sse.using(alice.stream(null), stream -> stream.drain(200) // the stream is open and live
              .compose(v -> stop.get())
              .compose(v -> {
                // Wait for the end, or give up after ten seconds.
                Promise<Void> waited = Promise.promise();
                long timer = vertx.setTimer(10_000, t -> waited.tryComplete());
                stream.ended().onComplete(ar -> {
                  vertx.cancelTimer(timer);
                  waited.tryComplete();
                });
                return waited.future();
              })
              .compose(v -> check(ctx, () -> {
                assertTrue(stream.ended().isComplete(), "the stream ended when the server stopped");
                ended.flag();
              }))
              .compose(v -> check(ctx, () -> {
                assertTrue(stream.endedCleanly(), "it ended with a proper end of body, not a broken connection");
                cleanly.flag();
              }))))
          .eventually(() -> nodeApi.close().otherwiseEmpty().compose(v -> stop.get()));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("(c) One nonce sent 20 times at once makes one message")
  void concurrentNonce(VertxTestContext ctx) {
    Checkpoint sameMessage = ctx.checkpoint();
    Checkpoint oneMessage = ctx.checkpoint();
    // 20 connections, so that the 20 sends really are in flight together (Api's pool holds 16).
    WebClient twenty = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port())
        .setUserAgentEnabled(false), new PoolOptions().setHttp1MaxSize(20));
    user("alice").compose(alice -> guild(alice, false).compose(guild -> {
      String channel = general(guild);
      List<Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        replies.add(twenty.post("/api/v1/channels/" + channel + "/messages").timeout(30_000)
            .putHeader("Authorization", "Bearer " + alice.token()).putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(new JsonObject().put("content", "once").put("nonce", "same-nonce").encode()))
            .map(reply -> reply.bodyAsJsonObject().getString("id")));
      }
      return Future.all(replies)
          .compose(all -> check(ctx, () -> {
            Set<String> ids = new HashSet<>(all.<String>list());
            assertEquals(1, ids.size(), "every retry answered with the same message");
            sameMessage.flag();
          }))
          .compose(v -> alice.get("/channels/" + channel + "/messages"))
          .compose(list -> check(ctx, () -> {
            assertEquals(1, list.array().size());
            oneMessage.flag();
          }));
    })).eventually(() -> {
      twenty.close();
      return Future.succeededFuture();
    }).onFailure(ctx::failNow);
  }

  /** What the reconnecting client knows between two connections. */
  private static final class Client {
    String cursor;
    ChannelModel model;
    int resyncs;
    int reconnects;
    boolean finished;
  }

  /** One connection of the loop: a random 30–150 ms of events from {@code client.cursor}, applied as the client would. */
  private Future<Void> connectOnce(Api.Session reader, String channel, Client client, Future<String> done) {
    client.reconnects++;
    return Sse.using(reader.stream(client.cursor), stream -> stream.drain(ThreadLocalRandom.current().nextInt(30, 150))
        .compose(events -> {
          for (Sse.Event event : events) {
            if (event.type().equals("RESYNC")) {
              client.resyncs++;
              // New snapshot: its cursor and a fresh history replace everything known.
              return reader.get("/snapshot").map(snapshot -> snapshot.json().getString("cursor"))
                  .compose(cursor -> history(reader, channel).map(model -> {
                    client.cursor = cursor;
                    client.model = model;
                    return (Void) null;
                  }));
            }
            client.model.apply(event.id(), event.type(), event.data());
            if (event.id() != null) {
              client.cursor = event.id();
            }
            if (done.succeeded() && event.type().equals("MESSAGE_CREATE") && event.data().getString("id").equals(done.result())) {
              client.finished = true;
            }
          }
          return Future.succeededFuture();
        }))
        .compose(v -> {
          if (done.failed()) {
            return Future.failedFuture(done.cause());
          }
          if (done.succeeded() && !client.finished && client.model.messages().containsKey(Long.parseLong(done.result()))) {
            client.finished = true; // the marker came with a resync's history
          }
          return client.finished ? Future.succeededFuture() : connectOnce(reader, channel, client, done);
        });
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("(d) With a tiny log and a fast writer, a client reconnecting in a loop never loses an event")
  void reconnectLoop(VertxTestContext ctx) {
    Checkpoint everyMessage = ctx.checkpoint();
    onItsOwnServer(new JsonObject().put("events", new JsonObject().put("retention_count", 50).put("compact_every_s", 1)), (small, smallApi) ->
        twoInAGuild(smallApi, "owner", "reader").compose(two -> {
          Api.Session owner = two.owner();
          Api.Session reader = two.member();
          String channel = two.channel();
          Future<String> done = inTurn(600, i -> owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "fast " + i)))
              .compose(v -> owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "the end")))
              .map(reply -> reply.json().getString("id"));
          Client client = new Client();
          return reader.get("/snapshot").map(snapshot -> snapshot.json().getString("cursor"))
              .compose(cursor -> history(reader, channel).map(model -> {
                client.cursor = cursor;
                client.model = model;
                return client;
              }))
              .compose(c -> connectOnce(reader, channel, client, done))
              .compose(v -> history(reader, channel))
              .compose(server -> check(ctx, () -> {
                assertEquals(server.messages(), client.model.messages(),
                    "after " + client.reconnects + " reconnects and " + client.resyncs + " resyncs the client has every message");
                assertEquals(601, client.model.size(), "600 and the end marker");
                everyMessage.flag();
              }))
              .eventually(() -> done.otherwiseEmpty()); // the writer is over before its server stops
        }))
        .onFailure(ctx::failNow);
  }
}
