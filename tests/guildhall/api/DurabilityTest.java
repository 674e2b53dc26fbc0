package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.Backend;
import guildhall.support.GuildhallProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static guildhall.support.Steps.runOffThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An acknowledged message survives {@code kill -9}: several clients post at once to a Guildhall running
 * as its own JVM, which is killed with SIGKILL in the middle of their burst, twice, and restarted each
 * time on the same database. Every message whose POST got its 200 is there afterwards, once, with the
 * content sent. (What was in flight at the kill may or may not be there; it was never acknowledged.)
 * On SQLite here, on PostgreSQL in {@code DurabilityPostgresTest}.
 */
@ExtendWith(VertxExtension.class)
class DurabilityTest {
  private static final int CLIENTS = 4;
  private static final int KILLS = 2;
  /** Acknowledged messages (from all clients) after which a burst is cut by the kill. */
  private static final int PER_BURST = 150;

  protected Backend backend() {
    return Backend.SQLITE;
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Killed with SIGKILL mid-burst and restarted, twice: every acknowledged message is there, once, whole")
  void acknowledgedSurvivesKill(VertxTestContext ctx) {
    runOffThread(this::scenario).onComplete(ctx.succeedingThenComplete());
  }

  private void scenario() throws Exception {
    String url = backend().freshDatabaseUrl(Files.createTempDirectory("guildhall-durability"));
    try {
      GuildhallProcess node = GuildhallProcess.start(url).awaitReady(60_000);
      ApiClient.Session owner;
      String channel;
      List<ApiClient.Session> clients = new ArrayList<>();
      try {
        ApiClient api = node.client();
        owner = api.login("keeper-" + UUID.randomUUID().toString().substring(0, 8));
        JsonObject guild = owner.post("/guilds", new JsonObject().put("name", "durable")).json();
        channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
        String invite = owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
        for (int i = 0; i < CLIENTS; i++) {
          ApiClient.Session client = api.login("poster" + i + "-" + UUID.randomUUID().toString().substring(0, 8));
          assertEquals(200, client.post("/invites/" + invite, null).status());
          clients.add(client);
        }
      } catch (Exception | AssertionError e) {
        node.close();
        throw e;
      }

      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      for (int kill = 0; kill < KILLS; kill++) {
        try {
          burstThenKill(node, clients, channel, acknowledged, kill);
        } finally {
          node.close(); // already killed; closes the log
        }
        node = GuildhallProcess.start(url).awaitReady(60_000); // the same database, after a crash
      }
      try {
        ApiClient api = node.client();
        ApiClient.Session reader = new ApiClient.Session(api, owner.token(), owner.userId(), owner.username());
        Map<String, String> stored = DiskFullTest.allMessages(reader, channel); // fails on an id listed twice
        assertTrue(acknowledged.size() >= KILLS * PER_BURST, "bursts were acknowledged: " + acknowledged.size());
        for (Map.Entry<String, String> sent : acknowledged.entrySet()) {
          assertEquals(sent.getValue(), stored.get(sent.getKey()), "acknowledged message " + sent.getKey() + " is there, whole");
        }
        Map<String, Integer> copies = new java.util.HashMap<>();
        stored.values().forEach(content -> copies.merge(content, 1, Integer::sum));
        copies.forEach((content, n) -> assertEquals(1, n, "stored once: " + content));
      } finally {
        node.close();
      }
    } finally {
      Backend.dropIfPostgres(url);
    }
  }

  /** Every client posts as fast as it is answered; once enough are acknowledged, the node is killed under them. */
  private static void burstThenKill(GuildhallProcess node, List<ApiClient.Session> clients, String channel,
                                    Map<String, String> acknowledged, int burst) throws Exception {
    ApiClient api = node.client();
    AtomicBoolean stop = new AtomicBoolean();
    int before = acknowledged.size();
    List<Thread> posters = new ArrayList<>();
    for (ApiClient.Session client : clients) {
      ApiClient.Session onThisNode = new ApiClient.Session(api, client.token(), client.userId(), client.username());
      Thread poster = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          String content = "burst " + burst + " from " + client.username() + " #" + i + " " + UUID.randomUUID();
          try {
            ApiClient.Reply reply = onThisNode.post("/channels/" + channel + "/messages",
                new JsonObject().put("content", content).put("nonce", UUID.randomUUID().toString().substring(0, 25)));
            if (reply.status() != 200) {
              return; // the node is going down under us
            }
            acknowledged.put(reply.json().getString("id"), content);
          } catch (RuntimeException connectionGone) {
            return;
          }
        }
      }, "poster-" + client.username());
      poster.start();
      posters.add(poster);
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (acknowledged.size() - before < PER_BURST && System.currentTimeMillis() < deadline) {
      Thread.sleep(2);
    }
    node.kill(); // mid-burst: the posters are still sending
    stop.set(true);
    for (Thread poster : posters) {
      poster.join(30_000);
    }
    assertTrue(acknowledged.size() - before >= PER_BURST, "burst " + burst + " acknowledged only " + (acknowledged.size() - before));
  }
}
