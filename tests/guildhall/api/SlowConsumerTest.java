package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream that stops reading is closed once its queue passes the bound; the other streams never wait for it. */
class SlowConsumerTest extends AsyncApiTestBase {

  /** ~3.7 MB of frames: far past the 64 KiB bound plus the sockets' own buffers. */
  private static final int TOTAL = 1500;
  private static final int WRITERS = 4;
  /** How long the stalled stream may stay silent, once read again, before it counts as never ended. */
  private static final long IDLE_MS = 10_000;

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A stream that never reads is dropped at its bound (its user goes offline), while a reading stream gets every message")
  void slowStreamIsDroppedOthersUnaffected(VertxTestContext ctx) {
    Checkpoint stalledAccepted = ctx.checkpoint();
    Checkpoint healthyGotEvery = ctx.checkpoint();
    Checkpoint stalledCutOff = ctx.checkpoint();
    Checkpoint droppedOffline = ctx.checkpoint();
    onItsOwnServer(new JsonObject().put("sse", new JsonObject().put("max_queue_bytes", 64 * 1024)), (small, smallApi) ->
        twoInAGuild(smallApi, "alice", "slow").compose(two -> {
          Api.Session alice = two.owner();
          Api.Session slow = two.member();
          String channel = general(two.guild());
          return Sse.using(alice.stream(null), healthy -> stalled(small.port(), slow.token()).compose(stalled ->
              stalled.head()
                  .compose(headBytes -> check(ctx, () -> {
                    assertTrue(headBytes > 0, "the stalled stream was accepted");
                    stalledAccepted.flag();
                  }))
                  .compose(v -> healthy.next(e -> e.type().equals("PRESENCE_UPDATE") && slow.userId().equals(e.data().getString("user_id"))
                      && "online".equals(e.data().getString("status")), "the stalled user online"))
                  .compose(v -> {
                    String big = "x".repeat(2000);
                    AtomicInteger sent = new AtomicInteger();
                    List<Future<Void>> writing = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                      writing.add(write(alice, channel, big, sent));
                    }
                    // The reading stream keeps up, message by message, while the writers go on.
                    Future<List<Sse.Event>> reading = inTurn(TOTAL, i -> healthy.next("MESSAGE_CREATE"));
                    return Future.all(Future.all(writing), reading);
                  })
                  .compose(v -> check(ctx, healthyGotEvery::flag))
                  // Now read what the stalled stream was sent: it must end (dropped) well before the last message.
                  .compose(v -> stalled.readToEnd())
                  .compose(got -> check(ctx, () -> {
                    assertTrue(got.frames() < TOTAL, "the stalled stream was cut off (it got " + got.frames() + " of " + TOTAL
                        + " messages, " + got.bytes() + " bytes)");
                    stalledCutOff.flag();
                  }))
                  .compose(v -> healthy.next(e -> e.type().equals("PRESENCE_UPDATE") && slow.userId().equals(e.data().getString("user_id"))
                      && "offline".equals(e.data().getString("status")), "the dropped user offline"))
                  .compose(v -> check(ctx, droppedOffline::flag))
                  .eventually(stalled::close)));
        }))
        .onFailure(ctx::failNow);
  }

  /** One writer: posts the big message until the writers together have sent {@link #TOTAL}. */
  private static Future<Void> write(Api.Session alice, String channel, String big, AtomicInteger sent) {
    if (sent.getAndIncrement() >= TOTAL) {
      return Future.succeededFuture();
    }
    return alice.post("/channels/" + channel + "/messages", new JsonObject().put("content", big))
        .compose(reply -> write(alice, channel, big, sent));
  }

  /** What the stalled stream received in all. */
  private record Received(int frames, long bytes) {}

  /**
   * A real HTTP client that reads the response head and then nothing more: a raw TCP socket with a
   * small receive buffer, paused after its first bytes, so that the kernel's buffers fill and the
   * server's queue for it grows.
   */
  private final class Stalled {
    private final NetClient client;
    private final NetSocket socket;
    private final Promise<Integer> head = Promise.promise();
    private final Promise<Void> closed = Promise.promise();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicLong lastData = new AtomicLong(System.currentTimeMillis());
    private String tail = "";

    Stalled(NetClient client, NetSocket socket) {
      this.client = client;
      this.socket = socket;
      socket.handler(this::received);
      socket.closeHandler(v -> closed.tryComplete());
      socket.exceptionHandler(e -> closed.tryFail(e));
    }

    private void received(Buffer buffer) {
      lastData.set(System.currentTimeMillis());
      String chunk = tail + buffer.toString(StandardCharsets.ISO_8859_1);
      frames.addAndGet(chunk.split("event: MESSAGE_CREATE", -1).length - 1);
      tail = chunk.substring(Math.max(0, chunk.length() - 32));
      bytes.addAndGet(buffer.length());
      if (!head.future().isComplete()) {
        socket.pause(); // read the head, then nothing more until readToEnd
        head.complete(buffer.length());
      }
    }

    Future<Integer> head() {
      return head.future();
    }

    /** Reads again until the server closes the connection; fails if it stays silent for {@value #IDLE_MS} ms first. */
    Future<Received> readToEnd() {
      lastData.set(System.currentTimeMillis());
      long watch = vertx.setPeriodic(500, id -> {
        if (System.currentTimeMillis() - lastData.get() > IDLE_MS) {
          closed.tryFail(new AssertionError("the stalled stream was never ended: silent for " + IDLE_MS / 1000
              + " s after " + frames.get() + " messages, " + bytes.get() + " bytes"));
        }
      });
      socket.resume();
      return closed.future().eventually(() -> {
        vertx.cancelTimer(watch);
        return Future.succeededFuture();
      }).map(v -> new Received(frames.get(), bytes.get()));
    }

    Future<Void> close() {
      return socket.close().otherwiseEmpty().eventually(client::close);
    }
  }

  private Future<Stalled> stalled(int port, String token) {
    NetClient client = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(4096).setConnectTimeout(2000));
    return client.connect(port, "127.0.0.1").compose(socket -> {
      Stalled stalled = new Stalled(client, socket);
      return socket.write(Buffer.buffer("GET /api/v1/updates HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nAccept: text/event-stream\r\n\r\n", "US-ASCII")).map(stalled);
    });
  }
}
