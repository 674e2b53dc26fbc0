package guildhall.browser;

import guildhall.support.ApiClient;
import guildhall.support.Backend;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.contents;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Typing faster than the message limit: the client waits its turn and sends everything, in order, once. */
class RateLimitBrowserTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    Browsers.requireChromium();
    // Messages 5 at once, then one per 2 s (slower than the default 1/s, so typing eight can never outrun it).
    app = TestApp.start(Backend.SQLITE, new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
        .put("messages", new JsonObject().put("burst", 5).put("per_second", 0.5))));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static List<String> quick(List<String> contents) {
    return contents.stream().filter(c -> c.startsWith("quick ")).toList();
  }

  @Test
  @DisplayName("Eight messages typed at once: the ones past the limit show as waiting, then all eight arrive in order, none twice")
  void waitsAndSendsAll() {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Hasty")).json();
    String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");

    WebDriver d = Browsers.chrome(1280, 800);
    try {
      login(d, app.baseUrl(), alice.username());
      openChannel(d, "general");
      WebElement composer = visible(d, "composer");
      List<String> typed = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        typed.add("quick " + i);
        composer.sendKeys("quick " + i, Keys.ENTER);
      }
      waitFor(d, x -> !x.findElements(testId("message-waiting")).isEmpty(), "a message shown as waiting its turn");
      waitFor(d, Duration.ofSeconds(20), x -> x.findElements(testId("message-pending")).isEmpty()
          && quick(contents(x)).equals(typed), "all eight, confirmed, in order");
      List<String> stored = new ArrayList<>(quick(alice.get("/channels/" + channel + "/messages?limit=50").array().stream()
          .map(m -> ((JsonObject) m).getString("content")).toList()));
      Collections.reverse(stored); // newest first from the API
      assertEquals(typed, stored, "stored once each, in order");
    } finally {
      d.quit();
    }
  }
}
