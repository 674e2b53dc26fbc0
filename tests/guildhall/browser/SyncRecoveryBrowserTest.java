package guildhall.browser;

import guildhall.support.ApiClient;
import guildhall.support.Backend;
import guildhall.support.SseClient;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static guildhall.browser.BrowserSteps.contents;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server drops the page's event stream (as a crash or network failure would) while messages
 * keep arriving: the page catches up by itself, without a reload and without showing anything twice,
 * whether by replay from its cursor or, when the log no longer reaches back that far, by RESYNC.
 */
class SyncRecoveryBrowserTest extends BrowserTestBase {
  /** Long enough for EventSource's 2 s reconnection delay plus the replay. */
  private static final Duration CATCH_UP = Duration.ofSeconds(20);
  private WebDriver driver;

  @AfterEach
  void quitBrowser() {
    Browsers.quit(driver);
    driver = null;
  }

  /** Alice owns a guild that bob has joined; returns the id of its `general` channel. */
  private record Setup(ApiClient.Session alice, ApiClient.Session bob, String channel) {}

  private static Setup setUp(TestApp server) {
    ApiClient api = server.client();
    ApiClient.Session alice = api.login(unique("alice"));
    ApiClient.Session bob = api.login(unique("bob"));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Tavern")).json();
    String code = alice.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status(), "bob joins");
    return new Setup(alice, bob, guild.getJsonArray("channels").getJsonObject(0).getString("id"));
  }

  private static String unique(String name) {
    return name + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** Alice's page, on general, with its stream open; marked so that a reload would show. */
  private WebDriver openAlicesPage(TestApp server, Setup s) {
    driver = Browsers.chrome(1280, 800);
    login(driver, server.baseUrl(), s.alice().username());
    openChannel(driver, "general");
    // The page shows its own user online only while its stream is open.
    By online = By.cssSelector("[data-testid='member'][data-user-id='" + s.alice().userId() + "'][data-online='true']");
    waitFor(driver, ExpectedConditions.presenceOfElementLocated(online), "alice's stream to open");
    js(driver, "window.__noReload = true;"
        + "window.__sawReconnecting = false;"
        + "new MutationObserver(() => {"
        + "  if (document.querySelector(\"[data-testid='reconnecting-bar']\")) window.__sawReconnecting = true;"
        + "}).observe(document.body, { childList: true, subtree: true });");
    return driver;
  }

  private static Object js(WebDriver d, String script) {
    return ((JavascriptExecutor) d).executeScript(script);
  }

  private static String post(ApiClient.Session who, String channel, String content) {
    ApiClient.Reply reply = who.post("/channels/" + channel + "/messages", new JsonObject().put("content", content));
    assertEquals(200, reply.status(), "post " + content + ": " + reply);
    return reply.json().getString("id");
  }

  /** Waits until the open channel shows exactly {@code expected}, in that order, each once. */
  private static void waitForExactly(WebDriver d, List<String> expected, String what) {
    List<List<String>> last = new ArrayList<>(List.of(List.of()));
    try {
      waitFor(d, CATCH_UP, x -> {
        last.set(0, contents(x));
        return last.get(0).equals(expected);
      }, what);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(what + ": expected " + expected + " but the page shows " + last.get(0), e);
    }
  }

  /** How many snapshots the page has fetched since it loaded. */
  private static long snapshotsFetched(WebDriver d) {
    return ((Number) js(d, "return performance.getEntriesByType('resource')"
        + ".filter((e) => e.name.includes('/api/v1/snapshot')).length")).longValue();
  }

  private static void assertNotReloaded(WebDriver d) {
    assertEquals(Boolean.TRUE, js(d, "return window.__noReload === true"), "the page caught up without a reload");
  }

  @Test
  @DisplayName("Stream killed by the server while 5 messages arrive: the page shows each once, in order, without a reload")
  void catchesUpAfterStreamIsDropped() {
    Setup s = setUp(app);
    WebDriver alice = openAlicesPage(app, s);

    int dropped = app.dropAllStreams();
    assertTrue(dropped > 0, "alice's stream was open, so something was dropped: " + dropped);
    List<String> away = IntStream.rangeClosed(1, 5).mapToObj(i -> "while you were away " + i).toList();
    List<String> ids = new ArrayList<>();
    for (String text : away) {
      ids.add(post(s.bob(), s.channel(), text));
    }

    waitForExactly(alice, away, "alice's page to catch up on the 5 messages");
    waitFor(alice, CATCH_UP, ExpectedConditions.invisibilityOfElementLocated(testId("reconnecting-bar")),
        "the reconnecting bar to go away");
    // The bar shows from the drop until EventSource reconnects, about 2 s later.
    assertEquals(Boolean.TRUE, js(alice, "return window.__sawReconnecting"), "the reconnecting bar showed meanwhile");
    assertNotReloaded(alice);

    List<String> all = new ArrayList<>(away);
    all.add("live again");
    post(s.bob(), s.channel(), "live again");
    waitForExactly(alice, all, "the next live message to show once");

    String thumbs = "\uD83D\uDC4D";
    String third = ids.get(2);
    assertEquals(204, s.bob().put("/channels/" + s.channel() + "/messages/" + third + "/reactions/"
        + URLEncoder.encode(thumbs, StandardCharsets.UTF_8) + "/@me", null).status(), "bob reacts");
    By chip = By.cssSelector("[data-message-id='" + third + "'] [data-testid='reaction'][data-emoji='" + thumbs + "']");
    waitFor(alice, d -> {
      var found = d.findElements(chip);
      return !found.isEmpty() && "1".equals(found.get(0).findElement(testId("reaction-count")).getText().trim());
    }, "bob's reaction to show on the third message with count 1");
    assertEquals("false", alice.findElement(chip).getDomAttribute("data-me"), "the reaction is bob's, not alice's");
    assertEquals(1, alice.findElements(By.cssSelector("[data-testid='reaction']")).size(), "one chip in all");
    assertEquals(all, contents(alice), "still each message once");
    assertNotReloaded(alice);
    Browsers.screenshot(alice, "sync-recovered");
  }

  @Test
  @DisplayName("Away longer than the event log reaches: RESYNC, and the open channel is re-fetched, each message once")
  void resyncsWhenTheLogWasCompactedPastTheCursor() {
    JsonObject tinyLog = new JsonObject().put("events", new JsonObject().put("retention_count", 5).put("compact_every_s", 1));
    try (TestApp small = TestApp.start(Backend.SQLITE, tinyLog)) {
      Setup s = setUp(small);
      ChromeDriver alice = (ChromeDriver) openAlicesPage(small, s);
      assertEquals(1, snapshotsFetched(alice), "one snapshot on load");

      // Reconnection is held off (the page's requests for the stream fail) until the log has been
      // compacted past alice's cursor: EventSource would otherwise be back within 2 s, maybe first.
      alice.executeCdpCommand("Network.enable", Map.of());
      alice.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/v1/updates*")));
      String cursor = s.bob().get("/snapshot").json().getString("cursor"); // no older than alice's
      assertTrue(small.dropAllStreams() > 0, "alice's stream was dropped");
      List<String> away = IntStream.rangeClosed(1, 20).mapToObj(i -> "missed " + i).toList();
      for (String text : away) {
        post(s.bob(), s.channel(), text);
      }
      // Compaction runs every second; poll until a stream from that cursor is told RESYNC.
      new FluentWait<>(s.bob()).withTimeout(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(200))
          .withMessage("the event log to be compacted past the cursor")
          .until(bob -> {
            try (SseClient probe = bob.stream(cursor)) {
              return probe.next(e -> e.id() != null || e.type().equals("RESYNC"), "an event or RESYNC").type().equals("RESYNC");
            }
          });
      assertTrue(alice.findElement(testId("reconnecting-bar")).isDisplayed(), "alice is still trying to reconnect");
      alice.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));

      waitForExactly(alice, away, "alice's page to re-fetch general and show the 20 messages once");
      waitFor(alice, CATCH_UP, ExpectedConditions.invisibilityOfElementLocated(testId("reconnecting-bar")),
          "the reconnecting bar to go away");
      assertEquals(2, snapshotsFetched(alice), "RESYNC made the page take a second snapshot");
      assertNotReloaded(alice);

      List<String> all = new ArrayList<>(away);
      all.add("after the resync");
      post(s.bob(), s.channel(), "after the resync");
      waitForExactly(alice, all, "a live message after the resync to show once");
      Browsers.screenshot(alice, "sync-resynced");
    }
  }
}
