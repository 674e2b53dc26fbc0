package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static guildhall.support.Steps.runOffThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real disk fills up under a running server: its SQLite file lives on a small tmpfs, which the test
 * then fills to the last byte. Writes answer 503 {@code unavailable} (never 500), {@code /ready} says not
 * ready while {@code /health} still answers; once space is freed, writes succeed again without a
 * restart, and every message acknowledged before, during and after is there, once, as sent.
 *
 * <p>Mounting needs root (CI runs as root): elsewhere the test is skipped, except under CI=true.
 * {@code StoreFaultsTest} shows the same recovery without a mount, with a size-limited database.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullTest {
  private Path mount;

  @BeforeAll
  void mountSmallDisk() throws Exception {
    mount = Files.createTempDirectory("guildhall-small-disk");
    Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    boolean mounted = mounting.waitFor(10, TimeUnit.SECONDS) && mounting.exitValue() == 0;
    if (!mounted) {
      String why = "cannot mount a tmpfs (needs root): " + new String(mounting.getInputStream().readAllBytes()).trim();
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why + " (CI=true: this test must run)");
      }
      Assumptions.abort(why);
    }
  }

  @AfterAll
  void unmount() throws Exception {
    if (mount != null) {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Disk full: writes answer 503 and /ready 503; space freed: writes succeed again, no restart, nothing acknowledged lost")
  void diskFullThenFreed(VertxTestContext ctx) {
    runOffThread(this::scenario).onComplete(ctx.succeedingThenComplete());
  }

  private void scenario() throws Exception {
    JsonObject overrides = new JsonObject()
        .put("database", new JsonObject().put("url", "jdbc:sqlite:" + mount.resolve("guildhall.db")))
        .put("store", new JsonObject().put("ready_probe_ms", 200));
    try (TestApp app = TestApp.start(guildhall.support.Backend.SQLITE, overrides)) {
      ApiClient api = app.client();
      assertEquals(200, api.send("GET", "//ready", null, null).status(), "ready at start");
      ApiClient.Session owner = api.login("filler");
      String channel = owner.post("/guilds", new JsonObject().put("name", "full disk")).json()
          .getJsonArray("channels").getJsonObject(0).getString("id");
      Map<String, String> acknowledged = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        send(owner, channel, "before " + i, acknowledged);
      }

      Path filler = mount.resolve("filler");
      fillDisk(filler);
      ApiClient.Reply refused = null;
      for (int i = 0; i < 2_000 && refused == null; i++) {
        ApiClient.Reply reply = send(owner, channel, "while full " + i + " " + "x".repeat(1_500), acknowledged);
        if (reply.status() != 200) {
          refused = reply;
        }
      }
      assertTrue(refused != null, "the full disk refused a write");
      assertEquals(503, refused.status(), refused.toString());
      assertEquals("unavailable", refused.json().getJsonObject("error").getString("code"), refused.toString());
      ApiClient.Reply again = owner.post("/channels/" + channel + "/messages", new JsonObject().put("content", "still full"));
      assertEquals(503, again.status(), "every write while full: " + again);
      ApiClient.Reply notReady = api.send("GET", "//ready", null, null);
      assertEquals(503, notReady.status(), notReady.toString());
      assertTrue(notReady.json().getJsonArray("reasons").getString(0).startsWith("database cannot commit"), notReady.toString());
      assertEquals(200, api.send("GET", "//health", null, null).status(), "alive all the same");
      assertEquals(200, owner.get("/channels/" + channel + "/messages?limit=5").status(), "reads go on while the disk is full");

      Files.delete(filler);
      int readyStatus = api.awaitReady(10_000, () -> { });
      assertEquals(200, readyStatus, "ready again once space is free, with no write to tell it");
      for (int i = 0; i < 20; i++) {
        ApiClient.Reply reply = send(owner, channel, "after " + i, acknowledged);
        assertEquals(200, reply.status(), "writes succeed again: " + reply);
      }

      Map<String, String> stored = allMessages(owner, channel);
      for (Map.Entry<String, String> sent : acknowledged.entrySet()) {
        assertEquals(sent.getValue(), stored.get(sent.getKey()), "acknowledged message " + sent.getKey() + " is there as sent");
      }
      assertEquals(acknowledged.size(), stored.size(), "nothing else: a refused write left no message behind");
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

  /** Writes until the file system says no more: the next page SQLite needs has nowhere to go. */
  private static void fillDisk(Path filler) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    byte[] last = new byte[512];
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(last);
        out.flush();
      }
    } catch (IOException full) {
      // to the last few bytes
    }
  }

  /** Every message of the channel, newest first, paged by {@code before}: id to content. */
  static Map<String, String> allMessages(ApiClient.Session who, String channel) {
    Map<String, String> all = new LinkedHashMap<>();
    String before = null;
    while (true) {
      ApiClient.Reply page = who.get("/channels/" + channel + "/messages?limit=100" + (before == null ? "" : "&before=" + before));
      assertEquals(200, page.status(), page.toString());
      JsonArray messages = page.array();
      for (Object m : messages) {
        JsonObject message = (JsonObject) m;
        assertTrue(all.put(message.getString("id"), message.getString("content")) == null, "listed once: " + message.getString("id"));
        before = message.getString("id");
      }
      if (messages.size() < 100) {
        return all;
      }
    }
  }
}
