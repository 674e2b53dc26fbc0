package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;

import java.util.Map;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The composer: a counter and plain words at the 2,000-character limit, drafts per channel, and a phone's Send button and new lines. */
class ComposerBrowserTest extends BrowserTestBase {

  private static void setText(WebDriver d, WebElement composer, String text) {
    // Typing 2,000 characters key by key is slow; set the value and fire the input event as typing does.
    ((JavascriptExecutor) d).executeScript("const el = arguments[0];"
        + "Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(el, arguments[1]);"
        + "el.dispatchEvent(new Event('input', { bubbles: true }));", composer, text);
  }

  private record Setup(ApiClient.Session user, String general) {}

  private static Setup setUp() {
    ApiClient.Session user = app.client().login("erin_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = user.post("/guilds", new JsonObject().put("name", "Quill")).json();
    user.post("/guilds/" + guild.getString("id") + "/channels", new JsonObject().put("name", "drafts"));
    return new Setup(user, guild.getJsonArray("channels").getJsonObject(0).getString("id"));
  }

  @Test
  @DisplayName("Desktop: the counter shows near 2,000, a longer message is stopped with plain words, and each channel keeps its draft")
  void desktop() {
    Setup s = setUp();
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      login(d, app.baseUrl(), s.user().username());
      openChannel(d, "general");
      WebElement composer = visible(d, "composer");
      assertTrue(d.findElements(testId("composer-counter")).isEmpty(), "no counter for a short message");
      assertFalse(d.findElement(testId("composer-send")).isDisplayed(), "no Send button on a desktop");
      setText(d, composer, "x".repeat(2010));
      assertEquals("-10", visible(d, "composer-counter").getText().trim());
      composer.sendKeys(Keys.ENTER);
      String error = visible(d, "composer-error").getText();
      assertTrue(error.contains("at most 2,000 characters") && error.contains("2,010"), error);
      assertFalse(error.contains("schema"), error);
      Browsers.screenshot(d, "composer-limit-desktop");
      assertEquals(0, s.user().get("/channels/" + s.general() + "/messages?limit=5").array().size(), "nothing was sent");

      // Drafts: what was written in general waits there while drafts is open.
      setText(d, composer, "half a thought");
      openChannel(d, "drafts");
      assertEquals("", visible(d, "composer").getDomProperty("value"));
      openChannel(d, "general");
      assertEquals("half a thought", visible(d, "composer").getDomProperty("value"), "the draft came back");
      visible(d, "composer").sendKeys(Keys.ENTER);
      waitForMessage(d, "half a thought", "erin");
      openChannel(d, "drafts");
      openChannel(d, "general");
      assertEquals("", visible(d, "composer").getDomProperty("value"), "a sent draft is gone");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("Phone: on a touch screen Enter writes a new line and the Send button sends both lines as one message")
  void phone() {
    Setup s = setUp();
    WebDriver d = Browsers.chrome(390, 844);
    try {
      ((ChromiumDriver) d).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
      login(d, app.baseUrl(), s.user().username());
      openChannel(d, "general");
      WebElement composer = visible(d, "composer");
      assertEquals("16px", composer.getCssValue("font-size"), "16 px, so that mobile Safari does not zoom");
      composer.sendKeys("first line", Keys.ENTER, "second line");
      assertEquals("first line\nsecond line", composer.getDomProperty("value"), "Enter wrote a new line");
      WebElement send = visible(d, "composer-send");
      assertTrue(send.getSize().getHeight() >= 44 && send.getSize().getWidth() >= 44, "a 44 px touch target: " + send.getSize());
      Browsers.screenshot(d, "composer-phone");
      click(d, "composer-send");
      waitFor(d, x -> s.user().get("/channels/" + s.general() + "/messages?limit=5").array().stream()
          .anyMatch(m -> "first line\nsecond line".equals(((JsonObject) m).getString("content"))), "the two lines sent as one message");
      JsonArray stored = s.user().get("/channels/" + s.general() + "/messages?limit=5").array();
      assertEquals(1, stored.size(), stored.encode());
    } finally {
      Browsers.quit(d);
    }
  }
}
