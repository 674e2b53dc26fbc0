package guildhall.cluster;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two clustered nodes on one PostgreSQL: any node serves any user, and what is written on one node
 * reaches streams on the other within a bound (the stream client waits at most 10 s).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {
  private List<TestApp> nodes;

  @BeforeAll
  void startCluster() {
    nodes = TestApp.cluster(2);
  }

  @AfterAll
  void stopCluster() {
    if (nodes != null) {
      nodes.forEach(TestApp::close);
      guildhall.support.Backend.dropIfPostgres(nodes.get(0).databaseUrl); // shared by the nodes: dropped once all are gone
    }
  }

  private static String unique(String name) {
    return name + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("A message sent on node A reaches a stream on node B; presence and permissions follow across nodes")
  void crossNode() {
    ApiClient a = nodes.get(0).client();
    ApiClient b = nodes.get(1).client();
    ApiClient.Session alice = a.login(unique("alice"));
    String bobName = unique("bob");
    ApiClient.Session bobOnA = a.login(bobName);
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "cluster").put("public", true)).json();
    String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    ApiClient.Session bob = b.login(bobName);
    assertEquals(bobOnA.userId(), bob.userId(), "one user, whichever node they log in on");
    // Node B learns of the new guild from the committed events; joining there must work at once.
    assertEquals(200, bob.put("/guilds/" + guild.getString("id") + "/members/@me", null).status());

    try (SseClient aliceStream = alice.stream(null); SseClient bobStream = bob.stream(null)) {
      aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE") && bob.userId().equals(e.data().getString("user_id")), "bob online, seen from node A");
      JsonObject sent = alice.post("/channels/" + channel + "/messages", new JsonObject().put("content", "from node A")).json();
      SseClient.Event got = bobStream.next(e -> e.type().equals("MESSAGE_CREATE")
          && e.data().getString("id").equals(sent.getString("id")), "node A's message on node B");
      assertEquals("from node A", got.data().getString("content"));
      JsonObject reply = bob.post("/channels/" + channel + "/messages", new JsonObject().put("content", "from node B")).json();
      assertNotEquals(sent.getString("id"), reply.getString("id"));
      aliceStream.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(reply.getString("id")), "node B's reply on node A");
    }
    // Kicked on node A: node B's permissions refuse at once.
    assertEquals(204, alice.delete("/guilds/" + guild.getString("id") + "/members/" + bob.userId()).status());
    long deadline = System.currentTimeMillis() + 5_000;
    int status;
    do {
      status = bob.get("/channels/" + channel + "/messages").status();
    } while (status != 404 && System.currentTimeMillis() < deadline);
    assertEquals(404, status, "the kick is known on node B within 5 s");
  }
}
