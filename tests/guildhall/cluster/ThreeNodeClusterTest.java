package guildhall.cluster;

import guildhall.support.ApiClient;
import guildhall.support.LocalCluster;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static guildhall.support.Steps.runOffThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Guildhall processes on one PostgreSQL behind nginx, started by {@code bin/cluster start 3} as an
 * operator would: streams pass through the proxy unbuffered and stay open past several heartbeats; a
 * transaction held open on one node for longer than any time window is not passed by the others'
 * events, live or on a replay from a third node; a node killed with SIGKILL costs each of its stream
 * clients one reconnect through nginx (with {@code Last-Event-ID}) and not one event, its users go
 * offline for the others, and it serves again once restarted. The kill comes last: it changes the cluster.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterTest {
  private static final int HEARTBEAT_MS = 1_000;
  private LocalCluster cluster;

  @BeforeAll
  @Timeout(value = 200, timeUnit = TimeUnit.SECONDS)
  void startCluster(VertxTestContext ctx) {
    runOffThread(() -> cluster = LocalCluster.start(3,
        new JsonObject().put("sse", new JsonObject().put("heartbeat_ms", HEARTBEAT_MS))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void stopCluster(VertxTestContext ctx) {
    runOffThread(() -> {
      if (cluster == null) {
        return;
      }
      List<Long> pids = new ArrayList<>();
      for (int n = 1; n <= cluster.nodes; n++) {
        pids.add(cluster.pid(n));
      }
      cluster.close();
      for (long pid : pids) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "bin/cluster stop ended node pid " + pid);
      }
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(1)
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Through nginx a stream stays open past several heartbeats and each event arrives as it happens")
  void streamsPassThrough(VertxTestContext ctx) {
    runOffThread(() -> {
      ApiClient api = cluster.viaNginx();
      ApiClient.Session user = api.login("proxied-" + UUID.randomUUID().toString().substring(0, 8));
      String channel = firstChannel(user.post("/guilds", new JsonObject().put("name", "behind nginx")).json());
      try (SseClient stream = user.stream(null)) {
        assertEquals(200, stream.status);
        Thread.sleep(4L * HEARTBEAT_MS);
        for (int i = 0; i < 3; i++) {
          String id = user.post("/channels/" + channel + "/messages", new JsonObject().put("content", "through " + i)).json().getString("id");
          // One small event at a time: a buffering proxy would hold it back, and this would time out.
          stream.next(e -> e.type().equals("MESSAGE_CREATE") && id.equals(e.data().getString("id")), "message " + i + " through nginx");
        }
      }
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(2)
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Three users on three nodes: messages, edits, reactions, typing; concurrent writers on all three reach every node in id order once; a channel hidden on node 1 sends nothing more to nodes 2 and 3")
  void usersOnThreeNodes(VertxTestContext ctx) {
    runOffThread(() -> {
      String tag = UUID.randomUUID().toString().substring(0, 6);
      List<ApiClient.Session> users = List.of(cluster.node(1).login("one_" + tag), cluster.node(2).login("two_" + tag), cluster.node(3).login("three_" + tag));
      ApiClient.Session owner = users.get(0);
      JsonObject guild = owner.post("/guilds", new JsonObject().put("name", "three nodes")).json();
      String g = guild.getString("id");
      String channel = firstChannel(guild);
      String secret = owner.post("/guilds/" + g + "/channels", new JsonObject().put("name", "soon-hidden")).json().getString("id");
      for (ApiClient.Session member : users.subList(1, 3)) {
        String code = owner.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
        assertEquals(200, member.post("/invites/" + code, null).status());
      }
      List<SseClient> streams = new ArrayList<>();
      for (ApiClient.Session user : users) {
        streams.add(user.stream(user.get("/snapshot").json().getString("cursor")));
      }
      try {
        String m = owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "from node 1")).json().getString("id");
        assertEquals(200, owner.patch("/channels/" + channel + "/messages/" + m, new JsonObject().put("content", "edited on node 1")).status());
        assertEquals(204, users.get(1).put("/channels/" + channel + "/messages/" + m + "/reactions/%F0%9F%91%8D/@me", null).status());
        assertEquals(204, users.get(2).post("/channels/" + channel + "/typing", null).status());
        for (int i = 0; i < 3; i++) {
          SseClient stream = streams.get(i);
          stream.next(e -> e.type().equals("MESSAGE_UPDATE") && m.equals(e.data().getString("id")), "node 1's edit on node " + (i + 1));
          stream.next(e -> e.type().equals("MESSAGE_REACTION_ADD") && m.equals(e.data().getString("message_id")), "node 2's reaction on node " + (i + 1));
          if (i != 2) {
            stream.next(e -> e.type().equals("TYPING_START") && users.get(2).userId().equals(e.data().getString("user_id")), "node 3's typing on node " + (i + 1));
          }
        }
        // Concurrent writers, one on each node.
        List<java.util.concurrent.CompletableFuture<List<String>>> writers = new ArrayList<>();
        for (ApiClient.Session writer : users) {
          writers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              ids.add(writer.post("/channels/" + channel + "/messages", new JsonObject().put("content", writer.username() + " " + i)).json().getString("id"));
            }
            return ids;
          }));
        }
        Set<String> written = new HashSet<>();
        for (var writer : writers) {
          written.addAll(writer.get(60, TimeUnit.SECONDS));
        }
        assertEquals(60, written.size());
        for (int i = 0; i < 3; i++) {
          Set<String> missing = new HashSet<>(written);
          long deadline = System.currentTimeMillis() + 15_000;
          while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
            for (SseClient.Event e : streams.get(i).drain(200)) {
              if (e.type().equals("MESSAGE_CREATE")) {
                missing.remove(e.data().getString("id"));
              }
            }
          }
          assertTrue(missing.isEmpty(), "node " + (i + 1) + "'s stream missed " + missing.size() + " of the 60");
          List<String> logged = streams.get(i).seen().stream().filter(e -> e.id() != null).map(SseClient.Event::id).toList();
          assertInIdOrderOnce(logged, "node " + (i + 1));
        }
        // Hidden on node 1; once acknowledged, nothing of it reaches the others on nodes 2 and 3.
        assertEquals(204, owner.put("/channels/" + secret + "/permissions/" + g,
            new JsonObject().put("type", 0).put("allow", "0").put("deny", Long.toString(1L << 10))).status());
        String hidden = owner.post("/channels/" + secret + "/messages", new JsonObject().put("content", "members must not see this")).json().getString("id");
        streams.get(0).next(e -> e.type().equals("MESSAGE_CREATE") && hidden.equals(e.data().getString("id")), "the owner sees their own hidden message");
        for (int i = 1; i < 3; i++) {
          List<SseClient.Event> after = streams.get(i).drain(1_500);
          assertTrue(after.stream().noneMatch(e -> e.type().equals("MESSAGE_CREATE") && hidden.equals(e.data().getString("id"))),
              "the hidden channel's message reached node " + (i + 1));
          assertTrue(streams.get(i).seen().stream().anyMatch(e -> e.type().equals("CHANNEL_DELETE") && secret.equals(e.data().getString("id"))),
              "node " + (i + 1) + " was told the channel is gone from view");
        }
      } finally {
        streams.forEach(SseClient::close);
      }
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(3)
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A transaction held open 10 s on node 1 is not passed: node 3's stream and a replay on node 3 get every event in id order, once")
  void lateCommitIsNotPassed(VertxTestContext ctx) {
    runOffThread(() -> {
      ApiClient.Session owner = cluster.node(1).login("slow-" + UUID.randomUUID().toString().substring(0, 8));
      ApiClient.Session onNode2 = new ApiClient.Session(cluster.node(2), owner.token(), owner.userId(), owner.username());
      ApiClient.Session onNode3 = new ApiClient.Session(cluster.node(3), owner.token(), owner.userId(), owner.username());
      JsonObject guild = owner.post("/guilds", new JsonObject().put("name", "late commit")).json();
      String slow = firstChannel(guild);
      String fast = owner.post("/guilds/" + guild.getString("id") + "/channels", new JsonObject().put("name", "fast")).json().getString("id");
      String cursor = onNode3.get("/snapshot").json().getString("cursor");
      String edited = owner.post("/channels/" + slow + "/messages", new JsonObject().put("content", "before")).json().getString("id");
      try (SseClient live = onNode3.stream(cursor); java.sql.Connection db = cluster.jdbc()) {
        live.next(e -> e.type().equals("MESSAGE_CREATE") && edited.equals(e.data().getString("id")), "the first message");
        String resumeFrom = live.lastEventId;
        // Hold the log rows an edit rewrites: node 1's edit gets its event id, then waits inside its transaction.
        db.setAutoCommit(false);
        db.createStatement().executeQuery("SELECT id FROM events WHERE message_id = " + edited + " FOR UPDATE").close();
        java.util.concurrent.CompletableFuture<ApiClient.Reply> edit = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> owner.patch("/channels/" + slow + "/messages/" + edited, new JsonObject().put("content", "after")));
        awaitWaitingLock(db);
        List<String> newer = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          ApiClient.Session via = i % 2 == 0 ? onNode2 : onNode3;
          newer.add(via.post("/channels/" + fast + "/messages", new JsonObject().put("content", "meanwhile " + i)).json().getString("id"));
        }
        List<SseClient.Event> duringHold = live.drain(10_000);
        assertTrue(duringHold.stream().noneMatch(e -> e.id() != null),
            "nothing passes the open transaction, however long it stays open: " + duringHold);
        db.commit();
        assertEquals(200, edit.get(20, TimeUnit.SECONDS).status(), "the held edit commits once let go");
        List<SseClient.Event> after = live.drain(3_000);
        List<String> liveOrder = after.stream().filter(e -> e.id() != null).map(SseClient.Event::id).toList();
        assertInIdOrderOnce(liveOrder, "live on node 3");
        assertEquals("MESSAGE_UPDATE", after.stream().filter(e -> e.id() != null).findFirst().orElseThrow().type(),
            "the held edit comes first: its id is older than the others'");
        for (String id : newer) {
          assertTrue(after.stream().anyMatch(e -> e.type().equals("MESSAGE_CREATE") && id.equals(e.data().getString("id"))), "message " + id + " arrived");
        }
        // A client that had seen the first message comes back on node 3: the replay holds everything, in order, once.
        try (SseClient replay = onNode3.stream(resumeFrom)) {
          replay.next("RESUMED");
          List<String> replayed = replay.seen().stream().filter(e -> e.id() != null).map(SseClient.Event::id).toList();
          assertEquals(liveOrder, replayed, "the replay from node 3 gives what node 3's live stream gave");
        }
      }
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Until some transaction waits for a lock: the edit has taken its event id and is held inside its commit. */
  private static void awaitWaitingLock(java.sql.Connection db) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try (java.sql.ResultSet waiting = db.createStatement().executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
        waiting.next();
        if (waiting.getLong(1) > 0) {
          return;
        }
      }
      assertTrue(System.currentTimeMillis() < deadline, "the edit never came to wait for the held rows");
      Thread.sleep(20);
    }
  }

  private static void assertInIdOrderOnce(List<String> ids, String where) {
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(Long.parseLong(ids.get(i - 1)) < Long.parseLong(ids.get(i)), where + ": ids in increasing order, once each: " + ids);
    }
  }

  @Test
  @Order(4)
  @Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A node killed behind nginx: its stream clients reconnect once through nginx and miss no message; its typing user goes offline")
  void nodeKilledBehindNginx(VertxTestContext ctx) {
    runOffThread(() -> {
      ApiClient api = cluster.viaNginx();
      ApiClient.Session owner = api.login("survivor-" + UUID.randomUUID().toString().substring(0, 8));
      JsonObject guild = owner.post("/guilds", new JsonObject().put("name", "node dies")).json();
      String channel = firstChannel(guild);
      // nginx spreads the streams by open connections (least_conn): two on each of the three nodes.
      List<Reconnecting> readers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        readers.add(new Reconnecting(owner));
      }
      // Someone whose only stream is on node 1, watched by someone on node 2.
      ApiClient.Session watcher = cluster.node(2).login("watcher-" + UUID.randomUUID().toString().substring(0, 8));
      ApiClient.Session doomed = cluster.node(1).login("doomed-" + UUID.randomUUID().toString().substring(0, 8));
      String invite = "/invites/" + owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
      assertEquals(200, watcher.post(invite, null).status(), "the watcher joins");
      assertEquals(200, doomed.post(invite, null).status(), "the one on node 1 joins");
      SseClient watching = watcher.stream(null);
      SseClient doomedStream = doomed.stream(null);
      watching.next(e -> isPresence(e, doomed.userId(), "online"), "node 1's user shown online on node 2");
      // Typing just before the node dies: the offline below is what ends it in the client at once, rather
      // than the indicator's own 8 s expiry (PresenceBrowserTest shows the client doing so).
      assertEquals(204, doomed.post("/channels/" + channel + "/typing", null).status());
      watching.next(e -> e.type().equals("TYPING_START") && doomed.userId().equals(e.data().getString("user_id")),
          "node 1's user typing, seen on node 2");
      Set<String> acknowledged = new LinkedHashSet<>();
      long killedAt = 0;
      for (int i = 0; i < 120; i++) {
        if (i == 40) {
          cluster.kill(1);
          killedAt = System.currentTimeMillis();
        }
        ApiClient.Reply reply = owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "m" + i));
        if (reply.status() == 200) {
          acknowledged.add(reply.json().getString("id"));
        }
        Thread.sleep(20);
      }
      assertTrue(acknowledged.size() >= 110, "nginx sends writes past the dead node: " + acknowledged.size() + " of 120 acknowledged");
      int reconnected = 0;
      for (Reconnecting reader : readers) {
        reader.awaitAll(acknowledged, 20_000);
        assertTrue(reader.reconnects <= 1, "one reconnect at most, not " + reader.reconnects);
        reconnected += reader.reconnects;
      }
      assertTrue(reconnected >= 1, "the killed node held streams, and their clients came back through nginx");
      watching.next(e -> isPresence(e, doomed.userId(), "offline"), "node 1's user shown offline once node 1 died");
      long offlineAfter = System.currentTimeMillis() - killedAt;
      assertTrue(offlineAfter < 15_000, "offline within 15 s of the kill, not " + offlineAfter + " ms");
      doomedStream.close();

      // Node 1 comes back: it serves again, and knows who is online elsewhere, with no restart of the others.
      cluster.restart(1);
      ApiClient.Session back = new ApiClient.Session(cluster.node(1), doomed.token(), doomed.userId(), doomed.username());
      JsonObject snapshot = back.get("/snapshot").json();
      assertTrue(snapshot.getJsonArray("presences").stream().anyMatch(p -> watcher.userId().equals(((JsonObject) p).getString("user_id"))),
          "the restarted node knows the watcher on node 2 is online: " + snapshot.getJsonArray("presences"));
      try (SseClient again = back.stream(snapshot.getString("cursor"))) {
        String fromNode2 = watcher.post("/channels/" + channel + "/messages", new JsonObject().put("content", "welcome back")).json().getString("id");
        again.next(e -> e.type().equals("MESSAGE_CREATE") && fromNode2.equals(e.data().getString("id")), "node 2's message on the restarted node 1");
        String fromNode1 = back.post("/channels/" + channel + "/messages", new JsonObject().put("content", "I am back")).json().getString("id");
        watching.next(e -> e.type().equals("MESSAGE_CREATE") && fromNode1.equals(e.data().getString("id")), "the restarted node's message on node 2");
      }
      watching.close();
    }).onComplete(ctx.succeedingThenComplete());
  }

  private static boolean isPresence(SseClient.Event e, String userId, String status) {
    return e.type().equals("PRESENCE_UPDATE") && userId.equals(e.data().getString("user_id")) && status.equals(e.data().getString("status"));
  }

  private static String firstChannel(JsonObject guild) {
    return guild.getJsonArray("channels").getJsonObject(0).getString("id");
  }

  /** A client as the browser's EventSource is one: when the stream ends, it reconnects with its last event id. */
  private static final class Reconnecting {
    private final ApiClient.Session user;
    private SseClient stream;
    private final String first;
    final Map<String, Integer> received = new HashMap<>();
    int reconnects;

    Reconnecting(ApiClient.Session user) {
      this.user = user;
      // Start at the snapshot's cursor, as the client does, so that a reconnect always has a position.
      this.first = user.get("/snapshot").json().getString("cursor");
      this.stream = user.stream(first);
      assertEquals(200, stream.status, "stream through nginx");
    }

    /** Reads until every id in {@code wanted} came (reconnecting when the stream ends); each must come once. */
    void awaitAll(Set<String> wanted, long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      Set<String> missing = new HashSet<>(wanted);
      while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
        for (SseClient.Event event : stream.drain(200)) {
          if (event.type().equals("MESSAGE_CREATE")) {
            String id = event.data().getString("id");
            received.merge(id, 1, Integer::sum);
            missing.remove(id);
          }
        }
        if (!missing.isEmpty() && stream.awaitEnd(1)) {
          String last = stream.lastEventId != null ? stream.lastEventId : first;
          stream.close();
          reconnects++;
          stream = openAgain(last, deadline);
        }
      }
      stream.close();
      assertTrue(missing.isEmpty(), missing.size() + " acknowledged messages never reached this client");
      received.forEach((id, times) -> assertEquals(1, times, "message " + id + " arrived once"));
    }

    /** nginx may still try the dead node once; a client retries, as EventSource does. */
    private SseClient openAgain(String last, long deadline) throws InterruptedException {
      while (true) {
        SseClient again = user.stream(last);
        if (again.status == 200 || System.currentTimeMillis() > deadline) {
          return again;
        }
        again.close();
        Thread.sleep(200);
      }
    }
  }
}
