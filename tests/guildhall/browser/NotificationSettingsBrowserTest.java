package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.showChannels;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notification settings in the browser: all messages, only mentions, the open channel never notifying,
 * a muted channel silenced and dimmed (in the other tab too), and desktop notifications once the user
 * enabled them with a click. Alice writes through the API; bob reads in Chromium.
 */
class NotificationSettingsBrowserTest extends BrowserTestBase {

  /**
   * Records what the page asks of the browser's Notification API, before any of the app's scripts run:
   * the real API is still called (a subclass of it), only watched.
   */
  private static final String RECORD_NOTIFICATIONS = """
      (() => {
        const Real = window.Notification;
        if (typeof Real !== 'function') return;
        const calls = window.__notificationCalls = { constructed: [], requested: 0 };
        class Recorded extends Real {
          constructor(title, options) {
            const call = { title, body: options && options.body };
            calls.constructed.push(call);
            super(title, options);
            call.instance = this;
          }
          static requestPermission(...args) {
            calls.requested++;
            return Real.requestPermission(...args);
          }
        }
        window.Notification = Recorded;
      })();
      """;

  @Test
  @DisplayName("Desktop: only mentions, the open channel, a muted channel dimmed in both tabs, and a desktop notification that opens its channel")
  void desktop() {
    scenario(1280, 800, "desktop");
  }

  @Test
  @DisplayName("Phone: the same, through the drawer and the channel header's bell")
  void phone() {
    scenario(390, 844, "phone");
  }

  private void scenario(int width, int height, String size) {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + UUID.randomUUID().toString().substring(0, 6));
    ApiClient.Session bob = api.login("bob_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Signal Box")).json();
    String g = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String random = alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "random")).json().getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    String dm = alice.post("/users/@me/channels", new JsonObject().put("recipient_id", bob.userId())).json().getString("id");
    String mention = "<@" + bob.userId() + "> ";

    ChromeDriver d = (ChromeDriver) Browsers.chrome(width, height);
    WebDriver other = null;
    try {
      d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_NOTIFICATIONS));
      login(d, app.baseUrl(), bob.username());
      openChannel(d, "general");
      assertEquals(0L, calls(d, "requested"), "nothing asks for the notification permission on load");

      // All messages: a plain message elsewhere notifies; one in the channel bob is looking at does not.
      chooseGuildLevel(d, bob, g, 0);
      say(alice, general, "right here " + size);
      say(alice, random, "plain one " + size);
      waitForNotice(d, "plain one " + size);
      assertNoNotice(d, "right here " + size, "the channel bob is looking at");

      // Only mentions: a plain message gives no notice, a mention does.
      chooseGuildLevel(d, bob, g, 1);
      say(alice, random, "plain two " + size);
      say(alice, random, mention + "mention two " + size);
      waitForNotice(d, "mention two " + size);
      assertNoNotice(d, "plain two " + size, "only mentions");
      Browsers.screenshot(d, "notifications-mention-" + size);

      // A second tab of bob's follows what the first one sets.
      other = Browsers.chrome(width, height);
      login(other, app.baseUrl(), bob.username());
      openChannel(other, "general");
      assertEquals("false", mutedAttribute(other, random), "not muted yet");

      // Muting #random from its header's bell: dimmed with the muted icon, here and in the other tab.
      notNoticesInTheWay(d);
      openChannel(d, "random");
      click(d, "channel-notifications-button");
      click(d, "mute-forever");
      assertTrue(visible(d, "mute-state").getText().contains("turn it back on"), "the dialog says until when");
      Browsers.screenshot(d, "notifications-dialog-" + size);
      click(d, "notification-settings-done");
      openChannel(d, "general");
      showChannels(d);
      waitFor(d, x -> "true".equals(mutedAttribute(x, random)), "#random dimmed as muted");
      assertFalse(d.findElements(By.xpath(rowXpath(random) + "//*[@data-testid='channel-muted-icon']")).isEmpty(), "the muted icon on #random");
      assertEquals("false", mutedAttribute(d, general), "#general is not muted");
      Browsers.screenshot(d, "notifications-muted-" + size);
      WebDriver otherTab = other;
      showChannels(otherTab);
      waitFor(otherTab, x -> "true".equals(mutedAttribute(x, random)), "the other tab to show #random muted");
      Browsers.screenshot(otherTab, "notifications-other-tab-" + size);

      // Desktop notifications: the button asks, and the browser (told by the test to allow them) answers.
      notNoticesInTheWay(d);
      showChannels(d);
      click(d, "guild-notifications-button");
      visible(d, "enable-desktop-notifications");
      d.executeCdpCommand("Browser.grantPermissions", Map.of("origin", app.baseUrl(), "permissions", List.of("notifications")));
      click(d, "enable-desktop-notifications");
      waitFor(d, x -> "granted".equals(x.findElement(testId("desktop-notifications")).getDomAttribute("data-permission")),
          "desktop notifications to be on");
      assertEquals(1L, calls(d, "requested"), "the click asked for the permission");
      click(d, "notification-settings-done");
      if (width < 500) {
        openChannel(d, "general"); // closes the drawer
      }

      // The muted channel stays silent, in the page and on the desktop; the DM after it notifies in both.
      say(alice, random, mention + "muted mention " + size);
      say(alice, dm, "dm marker " + size);
      waitForNotice(d, "dm marker " + size);
      assertNoNotice(d, "muted mention " + size, "a muted channel");
      waitFor(d, x -> constructedBodies(x).stream().anyMatch(b -> b.contains("dm marker " + size)), "a desktop notification of the DM");
      assertTrue(constructedBodies(d).stream().noneMatch(b -> b.contains("muted mention")), "no desktop notification from the muted channel");
      assertTrue(constructedBodies(d).stream().noneMatch(b -> b.contains("plain")), "none from before they were enabled");

      // Clicking the desktop notification opens its channel.
      ((JavascriptExecutor) d).executeScript("const c = window.__notificationCalls.constructed;"
          + "c[c.length - 1].instance.dispatchEvent(new Event('click'));");
      waitFor(d, x -> x.findElement(testId("channel-header")).getText().contains(alice.username()), "the DM to open");

      // Muting the whole server for an hour dims its icon on the rail.
      notNoticesInTheWay(d);
      showChannels(d);
      By icon = By.cssSelector("[data-testid='guild-icon'][data-guild-id='" + g + "']");
      assertEquals("false", d.findElement(icon).getDomAttribute("data-muted"));
      d.findElement(icon).click();
      showChannels(d);
      click(d, "guild-notifications-button");
      click(d, "mute-1h");
      assertTrue(visible(d, "mute-state").getText().startsWith("Muted until "), "the dialog says until when");
      click(d, "notification-settings-done");
      showChannels(d);
      waitFor(d, x -> "true".equals(x.findElement(icon).getDomAttribute("data-muted")), "the server's icon dimmed as muted");
      Browsers.screenshot(d, "notifications-guild-muted-" + size);

      // A timed mute ends by itself: #general is dimmed for a few seconds, then lit again with no event to say so.
      String end = java.time.Instant.now().plusSeconds(4).toString();
      assertEquals(200, bob.patch("/users/@me/guilds/" + g + "/settings", new JsonObject().put("channel_overrides", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("channel_id", general).put("muted", true).put("mute_config", new JsonObject().put("end_time", end))))).status());
      waitFor(d, x -> "true".equals(mutedAttribute(x, general)), "#general dimmed while its mute lasts");
      waitFor(d, java.time.Duration.ofSeconds(15), x -> "false".equals(mutedAttribute(x, general)), "#general lit again when its mute ends");
    } finally {
      Browsers.quit(other);
      Browsers.quit(d);
    }
  }

  private static void say(ApiClient.Session who, String channel, String content) {
    assertEquals(200, who.post("/channels/" + channel + "/messages", new JsonObject().put("content", content)).status());
  }

  private static void chooseGuildLevel(WebDriver d, ApiClient.Session me, String guildId, int level) {
    notNoticesInTheWay(d);
    showChannels(d);
    click(d, "guild-notifications-button");
    click(d, "notify-level-" + level);
    // Saved on the server, not only ticked: what alice writes next is judged by it.
    waitFor(d, x -> me.get("/users/@me/guilds/" + guildId + "/settings").json().getInteger("message_notifications") == level,
        "level " + level + " saved");
    waitFor(d, x -> x.findElement(testId("notify-level-" + level)).isSelected(), "level " + level + " shown chosen");
    click(d, "notification-settings-done");
    if (d.findElements(testId("open-channels-drawer")).stream().anyMatch(WebElement::isDisplayed)) {
      openChannel(d, "general"); // on a phone: back to the channel, the drawer closed
    }
  }

  /** On a phone the notices lie over the drawer's header: they go by themselves within seconds. */
  private static void notNoticesInTheWay(WebDriver d) {
    if (d.findElements(testId("open-channels-drawer")).stream().anyMatch(WebElement::isDisplayed)) {
      waitFor(d, java.time.Duration.ofSeconds(15), x -> x.findElements(testId("notice")).isEmpty(), "the notices to go");
    }
  }

  private static String rowXpath(String channelId) {
    return "//li[contains(@class,'channel-row')][.//*[@data-channel-id='" + channelId + "']]";
  }

  private static String mutedAttribute(WebDriver d, String channelId) {
    List<WebElement> rows = d.findElements(By.xpath(rowXpath(channelId)));
    return rows.isEmpty() ? "none" : rows.get(0).getDomAttribute("data-muted");
  }

  private static List<String> notices(WebDriver d) {
    return d.findElements(testId("notice")).stream().map(WebElement::getText).toList();
  }

  private static void waitForNotice(WebDriver d, String text) {
    waitFor(d, x -> notices(x).stream().anyMatch(n -> n.contains(text)), "a notice of \"" + text + "\"");
  }

  /** Events arrive in order: once a later message's notice shows, an earlier one's would have too. */
  private static void assertNoNotice(WebDriver d, String text, String why) {
    assertTrue(notices(d).stream().noneMatch(n -> n.contains(text)), why + ": no notice of \"" + text + "\", saw " + notices(d));
  }

  private static long calls(WebDriver d, String what) {
    Object n = ((JavascriptExecutor) d).executeScript("return window.__notificationCalls ? window.__notificationCalls." + what + " : -1");
    return ((Number) n).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<String> constructedBodies(WebDriver d) {
    return (List<String>) ((JavascriptExecutor) d).executeScript(
        "return (window.__notificationCalls ? window.__notificationCalls.constructed : []).map(c => (c.title || '') + ' ' + (c.body || ''))");
  }
}
