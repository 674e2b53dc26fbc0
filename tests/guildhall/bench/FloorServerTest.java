package guildhall.bench;

import guildhall.Metrics;
import guildhall.floor.FloorServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/bench's floor compares Guildhall's send with what is left when only the write remains: if the floor
 * answered without storing, or stored without the group commit, every ratio it prints would be wrong.
 */
class FloorServerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("The floor answers each of 64 concurrent posts with its stored message, every one is a row in its SQLite file, and they commit in shared batches")
  void postsAreStoredThroughTheGroupCommit() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path file = Files.createTempDirectory("guildhall-floor-test").resolve("floor.db");
    FloorServer.deploy(vertx, port, file.toString()).await();
    HttpClientAgent client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(64));

    List<Future<JsonObject>> posts = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      JsonObject body = new JsonObject().put("content", "floor message " + i).put("nonce", "n" + i);
      posts.add(client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
              .setURI("/api/v1/channels/42/messages").putHeader("Content-Type", "application/json"))
          .compose(request -> request.send(body.toBuffer()))
          .compose(response -> response.body().map(answer -> {
            assertEquals(200, response.statusCode(), "status: " + answer);
            return answer.toJsonObject();
          })));
    }
    Future.all(posts).await();

    Map<String, String> answered = new HashMap<>();
    for (Future<JsonObject> post : posts) {
      JsonObject message = post.result();
      assertEquals("42", message.getString("channel_id"));
      answered.put(message.getString("id"), message.getString("content"));
    }
    assertEquals(64, answered.size(), "each post got its own id");

    Map<String, String> stored = new HashMap<>();
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + file);
         ResultSet rows = conn.createStatement().executeQuery("SELECT id, content FROM messages WHERE channel_id = 42")) {
      while (rows.next()) {
        stored.put(Long.toString(rows.getLong("id")), rows.getString("content"));
      }
    }
    assertEquals(answered, stored, "what was answered is what was stored");
    double largestBatch = Metrics.of(vertx).storeBatchSize.max();
    assertTrue(largestBatch > 1, "64 posts at once share commits; the largest batch was " + largestBatch);
  }
}
