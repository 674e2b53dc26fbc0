package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream that stops reading is closed once its queue passes the bound; the other streams never wait for it. */
class SlowConsumerTest extends ApiTestBase {

  @Test
  @DisplayName("A stream that never reads is dropped at its bound (its user goes offline), while a reading stream gets every message")
  void slowStreamIsDroppedOthersUnaffected() throws Exception {
    try (TestApp small = TestApp.start(backend(), new JsonObject().put("sse", new JsonObject().put("max_queue_bytes", 64 * 1024)))) {
      TwoInAGuild two = twoInAGuild(small.client(), "alice", "slow");
      ApiClient.Session alice = two.owner();
      ApiClient.Session slow = two.member();
      String channel = two.channel();

      try (SseClient healthy = alice.stream(null); Socket stalled = new Socket()) {
        // A real HTTP client that reads the response head and then nothing more.
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", small.port()), 2000);
        OutputStream out = stalled.getOutputStream();
        out.write(("GET /api/v1/updates HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + slow.token()
            + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = stalled.getInputStream();
        byte[] head = new byte[64];
        assertTrue(in.read(head) > 0, "the stalled stream was accepted");
        healthy.next(e -> e.type().equals("PRESENCE_UPDATE") && slow.userId().equals(e.data().getString("user_id"))
            && "online".equals(e.data().getString("status")), "the stalled user online");

        String big = "x".repeat(2000);
        int total = 1500; // ~3.7 MB of frames: far past the 64 KiB bound plus the socket's own buffers
        ExecutorService writers = Executors.newFixedThreadPool(4);
        AtomicInteger sent = new AtomicInteger();
        try {
          Future<?>[] done = new Future<?>[4];
          for (int w = 0; w < 4; w++) {
            done[w] = writers.submit(() -> {
              while (sent.getAndIncrement() < total) {
                alice.post("/channels/" + channel + "/messages", new JsonObject().put("content", big));
              }
            });
          }
          for (int i = 0; i < total; i++) {
            healthy.next("MESSAGE_CREATE"); // the reading stream keeps up, message by message
          }
          for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          writers.shutdownNow();
        }
        // Now read what the stalled stream was sent: it must end (dropped) well before the last message.
        stalled.setSoTimeout(10_000);
        byte[] buffer = new byte[65536];
        long bytes = 0;
        int frames = 0;
        String tail = "";
        int n;
        while ((n = in.read(buffer)) > 0) {
          String chunk = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
          frames += chunk.split("event: MESSAGE_CREATE", -1).length - 1;
          tail = chunk.substring(Math.max(0, chunk.length() - 32));
          bytes += n;
        }
        assertTrue(frames < total, "the stalled stream was cut off (it got " + frames + " of " + total + " messages, " + bytes + " bytes)");
        healthy.next(e -> e.type().equals("PRESENCE_UPDATE") && slow.userId().equals(e.data().getString("user_id"))
            && "offline".equals(e.data().getString("status")), "the dropped user offline");
      }
    }
  }
}
