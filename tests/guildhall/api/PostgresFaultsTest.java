package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.Backend;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static guildhall.support.Steps.runOffThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL goes away under a running server and comes back: its connections are cut and new ones
 * refused (the database stops accepting connections), as in a failover or a restart of the server.
 * Meanwhile requests answer 503 {@code unavailable}, never 500, and {@code /ready} says not ready; once
 * the database takes connections again, the pool reconnects and writes succeed, with no restart.
 */
@ExtendWith(VertxExtension.class)
class PostgresFaultsTest {

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("PostgreSQL unreachable: 503 and /ready 503, never 500; back: writes succeed again, the acknowledged all kept")
  void connectionLostThenBack(VertxTestContext ctx) {
    runOffThread(this::scenario).onComplete(ctx.succeedingThenComplete());
  }

  private void scenario() throws Exception {
    try (TestApp app = TestApp.start(Backend.POSTGRES, new JsonObject().put("store", new JsonObject().put("ready_probe_ms", 200)))) {
      String database = app.databaseUrl.substring(app.databaseUrl.lastIndexOf('/') + 1);
      ApiClient api = app.client();
      ApiClient.Session owner = api.login("pg-keeper");
      String channel = owner.post("/guilds", new JsonObject().put("name", "failover")).json()
          .getJsonArray("channels").getJsonObject(0).getString("id");
      Map<String, String> acknowledged = new LinkedHashMap<>();
      for (int i = 0; i < 10; i++) {
        send(owner, channel, "before " + i, acknowledged);
      }

      admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
      ApiClient.Reply refused = null;
      for (int i = 0; i < 20 && refused == null; i++) { // a connection the pool had not yet found dead fails once
        ApiClient.Reply reply = send(owner, channel, "while away " + i, acknowledged);
        if (reply.status() != 200) {
          refused = reply;
        }
      }
      assertTrue(refused != null, "a write failed while PostgreSQL was away");
      assertEquals(503, refused.status(), refused.toString());
      assertEquals("unavailable", refused.json().getJsonObject("error").getString("code"));
      assertEquals(503, send(owner, channel, "still away", acknowledged).status());
      assertEquals(503, owner.get("/channels/" + channel + "/messages").status(), "a read answers 503 too");
      ApiClient.Reply notReady = api.send("GET", "//ready", null, null);
      assertEquals(503, notReady.status(), notReady.toString());

      admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
      int ready = api.awaitReady(15_000, () -> { });
      assertEquals(200, ready, "ready again once PostgreSQL takes connections");
      for (int i = 0; i < 10; i++) {
        assertEquals(200, send(owner, channel, "after " + i, acknowledged).status());
      }
      Map<String, String> stored = DiskFullTest.allMessages(owner, channel);
      for (Map.Entry<String, String> sent : acknowledged.entrySet()) {
        assertEquals(sent.getValue(), stored.get(sent.getKey()), "acknowledged message " + sent.getKey());
      }
    }
  }

  private static ApiClient.Reply send(ApiClient.Session who, String channel, String content, Map<String, String> acknowledged) {
    ApiClient.Reply reply = who.post("/channels/" + channel + "/messages", new JsonObject().put("content", content));
    assertNotEquals(500, reply.status(), "never a 500: " + reply);
    if (reply.status() == 200) {
      acknowledged.put(reply.json().getString("id"), content);
    }
    return reply;
  }

  /** As the operator, on the maintenance database (its own connection, untouched by the cut). */
  private static void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
