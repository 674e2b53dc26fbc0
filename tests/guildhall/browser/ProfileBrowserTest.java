package guildhall.browser;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Duration;
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

/**
 * Profile cards: from a message's author and from the member list, with names, roles, status and custom
 * status; Message opens the DM; a moderator's kick and ban, and what the removed member is told.
 */
class ProfileBrowserTest extends BrowserTestBase {

  /**
   * The removed member's card closes, also when the removal event reaches the page before the request's reply
   * (a busy server often answers in that order): {@link #slowReplies} forces that order.
   */
  private static void cardClosesAfterRemoval(WebDriver d) {
    waitFor(d, REMOVAL, ExpectedConditions.invisibilityOfElementLocated(testId("profile-card")), "the card to close after the removal");
  }

  /** From now on every reply reaches the page's code a second late, after the events the request caused (the page keeps it until reloaded). */
  private static void slowReplies(WebDriver d) {
    ((JavascriptExecutor) d).executeScript("if (!window.__slow) { window.__slow = true; const f = window.fetch;"
        + " window.fetch = (...a) => f(...a).then((r) => new Promise((ok) => setTimeout(() => ok(r), 1000))); }");
  }

  private static final Duration REMOVAL = Duration.ofSeconds(30);

  private static final long KICK_BAN_TIMEOUT = (1L << 1) | (1L << 2) | (1L << 40);

  private static String name(String base) {
    return base + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static WebElement card(WebDriver d, String userId) {
    return waitFor(d, ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[data-testid='profile-card'][data-user-id='" + userId + "']")), "the profile card of " + userId);
  }

  private static String text(WebElement card, String id) {
    return card.findElement(testId(id)).getText();
  }

  private static boolean has(WebElement card, String id) {
    return !card.findElements(testId(id)).isEmpty();
  }

  private static void openMember(WebDriver d, String userId) {
    if (!d.findElement(testId("member-list")).isDisplayed()) {
      click(d, "open-members-drawer");
    }
    By row = By.cssSelector("[data-testid='member'][data-user-id='" + userId + "']");
    waitFor(d, ExpectedConditions.elementToBeClickable(row), "the member " + userId).click();
  }

  private static String focusedTestId(WebDriver d) {
    return (String) ((JavascriptExecutor) d).executeScript("return document.activeElement && document.activeElement.dataset.testid || null");
  }

  /** The title and text of the dialog that tells a removed member why. */
  private static String goneDialog(WebDriver d) {
    WebElement gone = waitFor(d, REMOVAL, ExpectedConditions.visibilityOfElementLocated(testId("guild-gone")), "the guild-gone dialog");
    return gone.findElement(By.xpath("ancestor::*[@role='dialog']")).getText();
  }

  private static boolean inRail(WebDriver d, String guildId) {
    return !d.findElements(By.cssSelector("[data-testid='guild-icon'][data-guild-id='" + guildId + "']")).isEmpty();
  }

  private static void switchUser(WebDriver d, String username) {
    ((JavascriptExecutor) d).executeScript("localStorage.clear()");
    login(d, app.baseUrl(), username);
  }

  private void scenario(int width, int height, String size) {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login(name("alice")); // the owner: a moderator over everyone
    ApiClient.Session bob = api.login(name("bob"));
    ApiClient.Session carol = api.login(name("carol")); // a plain member
    ApiClient.Session dave = api.login(name("dave")); // kicked, then banned
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Harbour")).json();
    String g = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    for (ApiClient.Session s : new ApiClient.Session[] {bob, carol, dave}) {
      String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
      assertEquals(200, s.post("/invites/" + code, null).status());
    }
    JsonObject crew = alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "Crew").put("color", 0x1abc9c)).json();
    JsonObject mods = alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "Deckhands")
        .put("permissions", Long.toString(KICK_BAN_TIMEOUT))).json();
    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().put("nick", "Captain Bob")
        .put("roles", new io.vertx.core.json.JsonArray().add(crew.getString("id")).add(mods.getString("id")))).status());
    assertEquals(200, bob.put("/users/@me/presence", new JsonObject().put("status", "dnd")
        .put("custom_status", new JsonObject().put("text", "Mending nets").put("emoji", "🧵"))).status());

    WebDriver d = Browsers.chrome(width, height);
    WebDriver other = null;
    try (SseClient bobOnline = bob.stream(null)) {
      assertEquals(200, bob.post("/channels/" + general + "/messages", new JsonObject().put("content", "ahoy")).status());
      login(d, app.baseUrl(), alice.username());
      openChannel(d, "general");
      waitForMessage(d, "ahoy", "alice");

      // From a message's author: names, nickname, roles, status and custom status.
      WebElement author = d.findElement(By.xpath("//*[@data-testid='message'][.//*[normalize-space(.)='ahoy']]//*[@data-testid='message-author']"));
      author.click();
      WebElement card = card(d, bob.userId());
      assertEquals(bob.username(), text(card, "profile-display-name"));
      assertEquals("@" + bob.username(), text(card, "profile-username"));
      assertTrue(text(card, "profile-nick").contains("Captain Bob"), text(card, "profile-nick"));
      assertEquals(2, card.findElements(testId("profile-role")).size(), "both of bob's roles as chips");
      assertTrue(text(card, "profile-roles").contains("Crew") && text(card, "profile-roles").contains("Deckhands"));
      waitFor(d, x -> "dnd".equals(card(x, bob.userId()).findElement(testId("profile-status")).getDomAttribute("data-status")), "bob's dnd status");
      assertEquals("Do Not Disturb", text(card(d, bob.userId()), "profile-status"));
      assertTrue(text(card, "profile-custom-status").contains("Mending nets"), text(card, "profile-custom-status"));
      // The owner sees timeout, kick and ban for bob.
      assertTrue(has(card, "member-kick") && has(card, "member-ban") && has(card, "member-timeout-apply"), "the owner's moderation");
      Browsers.screenshot(d, "profile-from-message-" + size);
      // Escape closes it and gives focus back to the name that opened it.
      new Actions(d).sendKeys(Keys.ESCAPE).perform();
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("profile-card")), "the card to close on Escape");
      assertEquals("message-author", focusedTestId(d), "focus is back on the author's name");

      // From the member list: kick dave, whose client is told why the server went.
      other = Browsers.chrome(width, height);
      login(other, app.baseUrl(), dave.username());
      openChannel(other, "general");
      openMember(d, dave.userId());
      WebElement daveCard = card(d, dave.userId());
      assertEquals("@" + dave.username(), text(daveCard, "profile-username"));
      assertFalse(has(daveCard, "profile-nick"), "no nickname, no nickname line");
      Browsers.screenshot(d, "profile-from-members-" + size);
      // A timeout from the card: dave's composer says until when, and is back when it is lifted.
      new org.openqa.selenium.support.ui.Select(daveCard.findElement(testId("member-timeout-select"))).selectByValue("300");
      daveCard.findElement(testId("member-timeout-apply")).click();
      String reason = waitFor(other, ExpectedConditions.visibilityOfElementLocated(testId("composer-disabled-reason")), "dave's composer to say he is timed out").getText();
      assertTrue(reason.startsWith("You are timed out until "), reason);
      Browsers.screenshot(other, "profile-timed-out-" + size);
      card(d, dave.userId()).findElement(testId("member-timeout-remove")).click();
      waitFor(other, ExpectedConditions.visibilityOfElementLocated(testId("composer")), "dave's composer back once the timeout is lifted");
      daveCard = card(d, dave.userId());
      daveCard.findElement(testId("member-kick")).click();
      waitFor(d, x -> card(x, dave.userId()).findElement(testId("member-kick")).getText().startsWith("Really kick"), "the kick to ask again");
      slowReplies(d);
      card(d, dave.userId()).findElement(testId("member-kick")).click();
      cardClosesAfterRemoval(d);
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-testid='member'][data-user-id='" + dave.userId() + "']")),
          "dave to leave alice's member list");
      String kicked = goneDialog(other);
      assertTrue(kicked.contains("You were kicked from Harbour"), kicked);
      waitFor(other, x -> !inRail(x, g), "Harbour to leave dave's rail");
      Browsers.screenshot(other, "profile-kicked-" + size);
      click(other, "guild-gone-ok");

      // Dave comes back by invite and is banned: told so.
      String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
      assertEquals(200, dave.post("/invites/" + code, null).status());
      waitFor(other, x -> inRail(x, g), "Harbour back in dave's rail");
      openMember(d, dave.userId());
      card(d, dave.userId()).findElement(testId("member-ban-reason")).sendKeys("again");
      card(d, dave.userId()).findElement(testId("member-ban")).click();
      waitFor(d, x -> card(x, dave.userId()).findElement(testId("member-ban")).getText().startsWith("Really ban"), "the ban to ask again");
      card(d, dave.userId()).findElement(testId("member-ban")).click();
      cardClosesAfterRemoval(d);
      String banned = goneDialog(other);
      assertTrue(banned.contains("You were banned from Harbour"), banned);
      waitFor(other, x -> !inRail(x, g), "Harbour to leave dave's rail again");
      Browsers.screenshot(other, "profile-banned-" + size);

      // A plain member sees bob's card without any moderation, and Message opens the DM with him.
      switchUser(other, carol.username());
      openChannel(other, "general");
      waitForMessage(other, "ahoy", "carol");
      other.findElement(By.xpath("//*[@data-testid='message'][.//*[normalize-space(.)='ahoy']]//*[@data-testid='message-avatar']")).click();
      WebElement carolsView = card(other, bob.userId());
      assertTrue(text(carolsView, "profile-roles").contains("Crew"));
      assertFalse(has(carolsView, "member-kick") || has(carolsView, "member-ban") || has(carolsView, "member-timeout-apply")
          || has(carolsView, "member-moderation"), "a plain member gets no moderation");
      Browsers.screenshot(other, "profile-plain-member-" + size);
      carolsView.findElement(testId("member-message")).click();
      waitFor(other, x -> x.findElement(testId("channel-header")).getText().contains(bob.username()), "the DM with bob to open");
      assertTrue(other.findElements(testId("profile-card")).isEmpty(), "the card closed");
      // The DM's header name opens the same card.
      click(other, "dm-header-name");
      assertEquals("@" + bob.username(), text(card(other, bob.userId()), "profile-username"));
      Browsers.screenshot(other, "profile-dm-header-" + size);
    } finally {
      Browsers.quit(other);
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("Desktop: profile cards from a message and the member list; kick and ban from the card, and the removed member is told why")
  void desktop() {
    scenario(1280, 800, "desktop");
  }

  @Test
  @DisplayName("Phone: the same as a bottom sheet")
  void phone() {
    scenario(390, 844, "phone");
  }
}
