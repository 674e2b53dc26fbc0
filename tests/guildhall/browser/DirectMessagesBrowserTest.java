package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.contents;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.showChannels;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DMs in the browser, on a desktop and a phone: "Message" on a member opens the DM, two people chat in
 * it, the Home list shows what is unread, a group DM is made by picking people, and a blocked person's
 * guild messages fold away until shown.
 */
class DirectMessagesBrowserTest extends BrowserTestBase {

  @Test
  @DisplayName("At 1280×800: DM from a member, live chat, unread on Home, group DM by picking, blocked messages folded")
  void desktop() {
    scenario(1280, 800, "desktop");
  }

  @Test
  @DisplayName("At 390×844: the same on a phone, through the drawers")
  void phone() {
    scenario(390, 844, "phone");
  }

  /** As BrowserSteps.waitForMessage, reading again when the list re-rendered under it (a pending copy swapped for the confirmed one). */
  private static void waitForMessage(WebDriver d, String text, String who) {
    waitFor(d, x -> {
      try {
        return contents(x).contains(text);
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return false;
      }
    }, who + " to see \"" + text + "\"");
  }

  private static String name(String base) {
    return base + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static void send(WebDriver d, String text) {
    WebElement composer = visible(d, "composer");
    composer.sendKeys(text);
    composer.sendKeys(Keys.ENTER);
  }

  private static void openMember(WebDriver d, String userId) {
    if (!d.findElement(testId("member-list")).isDisplayed()) {
      click(d, "open-members-drawer");
    }
    By row = By.cssSelector("[data-testid='member'][data-user-id='" + userId + "']");
    waitFor(d, ExpectedConditions.elementToBeClickable(row), "the member " + userId).click();
    visible(d, "profile-card");
  }

  private static void home(WebDriver d) {
    showChannels(d);
    click(d, "home-button");
    visible(d, "home-view");
  }

  /** Back to the guild's #general (from Home, through the rail). */
  private static void backToGeneral(WebDriver d, String guildId) {
    showChannels(d);
    d.findElement(By.cssSelector("[data-testid='guild-icon'][data-guild-id='" + guildId + "']")).click();
    openChannel(d, "general");
  }

  private static String dmHeader(WebDriver d) {
    return d.findElement(testId("channel-header")).getText();
  }

  private void scenario(int width, int height, String size) {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login(name("alice"));
    ApiClient.Session bob = api.login(name("bob"));
    ApiClient.Session carol = api.login(name("carol"));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Tavern")).json();
    String g = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    for (ApiClient.Session s : new ApiClient.Session[] {bob, carol}) {
      String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
      assertEquals(200, s.post("/invites/" + code, null).status());
    }

    WebDriver d = Browsers.chrome(width, height);
    try {
      login(d, app.baseUrl(), alice.username());
      openChannel(d, "general");

      // "Message" on bob opens the DM with him.
      openMember(d, bob.userId());
      click(d, "member-message");
      waitFor(d, x -> dmHeader(x).contains(bob.username()), "the DM with bob to open");
      send(d, "hi bob");
      waitForMessage(d, "hi bob", "alice");
      JsonObject dm = bob.post("/users/@me/channels", new JsonObject().put("recipient_id", alice.userId())).json();
      waitFor(d, x -> bob.get("/channels/" + dm.getString("id") + "/messages").array().size() == 1, "alice's message in bob's DM");
      assertEquals(200, bob.post("/channels/" + dm.getString("id") + "/messages", new JsonObject().put("content", "hello alice")).status());
      waitForMessage(d, "hello alice", "alice (live)");
      Browsers.screenshot(d, "dm-chat-" + size);

      // Away in the guild, bob writes again: Home shows the DM unread; opening it reads it.
      backToGeneral(d, g);
      assertEquals(200, bob.post("/channels/" + dm.getString("id") + "/messages", new JsonObject().put("content", "are you there?")).status());
      waitFor(d, x -> "true".equals(x.findElement(testId("home-button")).getDomAttribute("data-unread")), "Home to show something unread");
      home(d);
      By item = By.cssSelector("[data-testid='dm-item'][data-channel-id='" + dm.getString("id") + "']");
      waitFor(d, x -> "true".equals(x.findElement(item).getDomAttribute("data-unread")), "the DM to be unread");
      Browsers.screenshot(d, "dm-home-unread-" + size);
      // The in-app notice of bob's message may lie over the list on a phone: it goes by itself.
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("notice")), "the notice to go");
      d.findElement(item).click();
      waitForMessage(d, "are you there?", "alice");
      home(d);
      waitFor(d, x -> "false".equals(x.findElement(item).getDomAttribute("data-unread")), "the DM read once opened");

      // A group DM, by picking bob and carol.
      click(d, "new-group-dm-button");
      visible(d, "new-group-dm");
      d.findElement(By.cssSelector("[data-testid='pick-person'][data-user-id='" + bob.userId() + "'] input")).click();
      d.findElement(By.cssSelector("[data-testid='pick-person'][data-user-id='" + carol.userId() + "'] input")).click();
      visible(d, "group-dm-name").sendKeys("Trio");
      Browsers.screenshot(d, "dm-group-picking-" + size);
      click(d, "group-dm-create");
      waitFor(d, x -> dmHeader(x).contains("Trio"), "the group DM to open");
      send(d, "hello trio");
      waitForMessage(d, "hello trio", "alice");
      JsonArray carols = carol.get("/users/@me/channels").array();
      JsonObject trio = carols.stream().map(o -> (JsonObject) o).filter(c -> "Trio".equals(c.getString("name"))).findFirst().orElseThrow();
      assertEquals(3, trio.getInteger("type"));
      waitFor(d, x -> carol.get("/channels/" + trio.getString("id") + "/messages").array().size() == 1, "carol to have alice's message");
      Browsers.screenshot(d, "dm-group-" + size);

      // Alice blocks carol; carol's guild messages fold away until alice asks to see one.
      backToGeneral(d, g);
      openMember(d, carol.userId());
      click(d, "member-block");
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("profile-card")), "the profile card to close");
      if (!d.findElements(By.cssSelector(".scrim")).isEmpty() && d.findElement(By.cssSelector(".scrim")).isDisplayed()) {
        // The scrim's uncovered strip, left of the members drawer: a tap there closes the drawer.
        new org.openqa.selenium.interactions.Actions(d).moveToElement(d.findElement(By.cssSelector(".scrim")), -180, 0).click().perform();
      }
      assertEquals(200, carol.post("/channels/" + general + "/messages", new JsonObject().put("content", "carol was here")).status());
      WebElement folded = waitFor(d, ExpectedConditions.visibilityOfElementLocated(testId("blocked-message")), "carol's message folded");
      assertTrue(folded.getText().contains("Blocked message"), folded.getText());
      assertTrue(!contents(d).contains("carol was here"), "its text is not shown");
      Browsers.screenshot(d, "dm-blocked-folded-" + size);
      click(d, "blocked-message-show");
      waitForMessage(d, "carol was here", "alice, after show");
      Browsers.screenshot(d, "dm-blocked-shown-" + size);
    } finally {
      Browsers.quit(d);
    }
  }
}
