package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.UUID;

import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.showChannels;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unread and mentions in the browser, on a desktop and a phone: bob, in another channel, sees #general
 * go bold and a mention badge on it, on the guild's icon and in the tab's title when alice mentions him,
 * on both his browsers; opening it on one shows a "new messages" line where he had left off and clears
 * the badges there, and on the other browser too (MESSAGE_ACK).
 */
class ReadStatesBrowserTest extends BrowserTestBase {

  @Test
  @DisplayName("At 1280×800: a mention makes the channel bold with badges on it, the guild and the title; reading it clears them on both browsers")
  void desktop() {
    scenario(1280, 800, "desktop");
  }

  @Test
  @DisplayName("At 390×844: the same on a phone, through the drawer")
  void phone() {
    scenario(390, 844, "phone");
  }

  private static String name(String base) {
    return base + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static By channelItem(String channelId) {
    return By.cssSelector("[data-testid='channel-item'][data-channel-id='" + channelId + "']");
  }

  /** The mention badge of a channel's row (beside its item), or null. */
  private static String channelBadge(WebDriver d, String channelId) {
    WebElement row = d.findElement(channelItem(channelId)).findElement(By.xpath(".."));
    var badges = row.findElements(testId("mention-badge"));
    return badges.isEmpty() ? null : badges.get(0).getDomProperty("textContent");
  }

  private static String guildBadge(WebDriver d, String guildId) {
    var badges = d.findElements(By.cssSelector("[data-testid='guild-icon'][data-guild-id='" + guildId + "'] [data-testid='mention-badge']"));
    return badges.isEmpty() ? null : badges.get(0).getDomProperty("textContent");
  }

  /** Bob's read state of a channel, from his snapshot. */
  private static JsonObject readState(ApiClient.Session who, String channelId) {
    for (Object r : who.get("/snapshot").json().getJsonArray("read_states")) {
      if (channelId.equals(((JsonObject) r).getString("channel_id"))) {
        return (JsonObject) r;
      }
    }
    return null;
  }

  private void scenario(int width, int height, String size) {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login(name("alice"));
    ApiClient.Session bob = api.login(name("bob"));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Reading Room")).json();
    String g = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    assertEquals(201, alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "lounge")).status());
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    String earlier = alice.post("/channels/" + general + "/messages", new JsonObject().put("content", "earlier news")).json().getString("id");

    WebDriver d1 = Browsers.chrome(width, height);
    WebDriver d2 = null;
    try {
      // Bob reads #general up to "earlier news", then goes to #lounge.
      login(d1, app.baseUrl(), bob.username());
      openChannel(d1, "general");
      waitForMessage(d1, "earlier news", "bob");
      waitFor(d1, x -> {
        JsonObject state = readState(bob, general);
        return state != null && earlier.equals(state.getString("last_message_id"));
      }, "bob's read state to reach the message he saw");
      openChannel(d1, "lounge");
      // His second browser (another device) is in #lounge too.
      d2 = Browsers.chrome(width, height);
      login(d2, app.baseUrl(), bob.username());
      openChannel(d2, "lounge");

      String mention = "hey <@" + bob.userId() + "> look here";
      assertEquals(200, alice.post("/channels/" + general + "/messages", new JsonObject().put("content", "first unread")).status());
      assertEquals(200, alice.post("/channels/" + general + "/messages", new JsonObject().put("content", mention)).status());

      for (WebDriver d : new WebDriver[] {d1, d2}) {
        waitFor(d, x -> "(1) Guildhall".equals(x.getTitle()), "the title to count the mention");
        showChannels(d);
        waitFor(d, x -> "true".equals(x.findElement(channelItem(general)).getDomAttribute("data-unread")), "#general to be unread");
        assertTrue(d.findElement(channelItem(general)).findElement(By.xpath("..")).getDomAttribute("class").contains("unread"), "its row is bold");
        waitFor(d, x -> "1".equals(channelBadge(x, general)), "a mention badge on #general");
        assertEquals("1", guildBadge(d, g), "and on the guild's icon");
        String weight = (String) ((JavascriptExecutor) d).executeScript(
            "return getComputedStyle(arguments[0]).fontWeight", d.findElement(channelItem(general)));
        assertTrue(Integer.parseInt(weight) >= 600, "an unread channel is drawn bold, was " + weight);
      }
      // (The in-app notice of the mention may lie over the drawer on a phone: it goes by itself.)
      waitFor(d1, org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated(testId("notice")), "the notice to go");
      Browsers.screenshot(d1, "readstates-mentioned-" + size);

      // Bob opens #general on his first browser: a line where he left off, and the badges go, on both.
      openChannel(d1, "general");
      waitForMessage(d1, "hey @" + bob.username() + " look here", "bob"); // the mention shows as a pill with the name
      WebElement line = visible(d1, "new-messages-line");
      String after = (String) ((JavascriptExecutor) d1).executeScript("return arguments[0].nextElementSibling.textContent", line);
      String before = (String) ((JavascriptExecutor) d1).executeScript("return arguments[0].previousElementSibling.textContent", line);
      assertTrue(after.contains("first unread"), "the line is above the first message he had not read: " + after);
      assertTrue(before.contains("earlier news"), "and below the last one he had: " + before);
      waitFor(d1, x -> "Guildhall".equals(x.getTitle()), "the title to clear once read");
      Browsers.screenshot(d1, "readstates-new-messages-line-" + size);
      waitFor(d1, x -> {
        JsonObject state = readState(bob, general);
        return state != null && state.getInteger("mention_count") == 0;
      }, "the server to count nothing unread");

      WebDriver other = d2;
      waitFor(other, x -> "Guildhall".equals(x.getTitle()), "the other browser's title to clear (MESSAGE_ACK)");
      waitFor(other, x -> x.findElements(testId("mention-badge")).isEmpty(), "the other browser's badges to go");
      waitFor(other, x -> "false".equals(x.findElement(channelItem(general)).getDomAttribute("data-unread")), "and #general not bold there");
      Browsers.screenshot(other, "readstates-other-browser-cleared-" + size);
    } finally {
      Browsers.quit(d1);
      Browsers.quit(d2);
    }
  }
}
