package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A message written while the connection is down goes out by itself when it is back, once. */
class FailedSendBrowserTest extends BrowserTestBase {

  private static void offline(WebDriver d, boolean offline) {
    ((ChromiumDriver) d).executeCdpCommand("Network.enable", Map.of());
    ((ChromiumDriver) d).executeCdpCommand("Network.emulateNetworkConditions", Map.of(
        "offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  @Test
  @DisplayName("Offline, a send fails and says it will go again; back online, it is sent by itself, with its nonce, exactly once")
  void resentOnReconnect() {
    for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
      ApiClient api = app.client();
      ApiClient.Session dana = api.login("dana_" + UUID.randomUUID().toString().substring(0, 6));
      JsonObject guild = dana.post("/guilds", new JsonObject().put("name", "Signal")).json();
      String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
      WebDriver d = Browsers.chrome(size[0], size[1]);
      try {
        login(d, app.baseUrl(), dana.username());
        openChannel(d, "general");
        offline(d, true);
        visible(d, "composer").sendKeys("written in a tunnel", Keys.ENTER);
        waitFor(d, Duration.ofSeconds(20), ExpectedConditions.visibilityOfElementLocated(testId("message-failed")), "the send to fail");
        waitFor(d, x -> x.findElement(testId("message-list")).getText().contains("goes again once the connection is back"),
            "the failed message to say it will go again");
        Browsers.screenshot(d, "failed-send-" + size[0] + "x" + size[1]);
        offline(d, false);
        waitFor(d, Duration.ofSeconds(30), x -> x.findElements(testId("message-failed")).isEmpty()
            && x.findElements(testId("message-pending")).isEmpty(), "the message to go out by itself");
        waitForMessage(d, "written in a tunnel", "dana");
        JsonArray stored = dana.get("/channels/" + channel + "/messages?limit=10").array();
        assertEquals(1, stored.stream().map(JsonObject.class::cast)
            .filter(m -> "written in a tunnel".equals(m.getString("content"))).count(), "stored once: " + stored.encode());
      } finally {
        Browsers.quit(d);
      }
    }
  }
}
