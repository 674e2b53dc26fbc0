package guildhall.browser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.contents;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.showChannels;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What people see in a real browser: two users chatting, the phone layout, and message text staying text. */
class TwoUsersChatBrowserTest extends BrowserTestBase {
  private final List<WebDriver> drivers = new ArrayList<>();

  @AfterEach
  void quitBrowsers() {
    drivers.forEach(Browsers::quit);
    drivers.clear();
  }

  private WebDriver browser(int width, int height) {
    WebDriver driver = Browsers.chrome(width, height);
    drivers.add(driver);
    return driver;
  }

  /** Several browsers at once: each takes seconds to start, so they start side by side. */
  private List<WebDriver> browsers(int count, int width, int height) {
    List<CompletableFuture<WebDriver>> starting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      starting.add(CompletableFuture.supplyAsync(() -> Browsers.chrome(width, height)));
    }
    List<WebDriver> started = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<WebDriver> f : starting) {
      try {
        started.add(f.join());
      } catch (CompletionException e) {
        failure = e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    drivers.addAll(started); // quit by @AfterEach even if a sibling failed to start
    if (failure != null) {
      throw failure;
    }
    return started;
  }

  // ---- steps a user takes (the common ones are in BrowserSteps) ----

  private static void login(WebDriver driver, String username) {
    BrowserSteps.login(driver, app.baseUrl(), username);
  }

  private static void createGuild(WebDriver driver, String name) {
    showChannels(driver);
    click(driver, "create-guild-button");
    WebElement input = visible(driver, "create-guild-name");
    input.clear();
    input.sendKeys(name);
    click(driver, "create-guild-submit");
    waitFor(driver, ExpectedConditions.invisibilityOfElementLocated(testId("create-guild-name")), "the create dialog to close");
    waitFor(driver, d -> guildTitle(d).equals(name), "the new server to open");
  }

  private static String guildTitle(WebDriver driver) {
    return driver.findElement(By.cssSelector(".guild-title")).getDomProperty("textContent").trim();
  }

  private static void send(WebDriver driver, String text) {
    WebElement composer = visible(driver, "composer");
    composer.sendKeys(text);
    composer.sendKeys(Keys.ENTER);
  }

  private static int pendingCount(WebDriver driver) {
    return driver.findElement(testId("message-list")).findElements(testId("message-pending")).size();
  }

  /** Waits until the sender's copy is confirmed (no pending message left) and returns how often it shows. */
  private static long confirmedCopies(WebDriver driver, String text) {
    waitFor(driver, d -> pendingCount(d) == 0 && contents(d).contains(text), "\"" + text + "\" to be confirmed");
    return contents(driver).stream().filter(text::equals).count();
  }

  private static WebElement member(WebDriver driver, String username) {
    By row = By.xpath("//*[@data-testid='member'][.//*[contains(@class,'member-name')][normalize-space(.)='" + username + "']]");
    return waitFor(driver, ExpectedConditions.presenceOfElementLocated(row), username + " in the member list");
  }

  // ---- the tests ----

  @Test
  @DisplayName("Two people in two browsers chat live: each sees the other's message once, and the other online")
  void twoUsersChat() {
    List<WebDriver> pair = browsers(2, 1280, 800);
    WebDriver alice = pair.get(0);
    WebDriver bob = pair.get(1);
    try {
      login(alice, "alice");
      createGuild(alice, "Tavern");
      click(alice, "guild-settings-button");
      click(alice, "create-invite-button");
      String code = waitFor(alice, d -> {
        String text = d.findElement(testId("invite-code")).getText().trim();
        return text.isEmpty() ? null : text;
      }, "an invite code");
      new Actions(alice).sendKeys(Keys.ESCAPE).perform();
      waitFor(alice, ExpectedConditions.invisibilityOfElementLocated(testId("invite-code")), "the settings dialog to close");
      openChannel(alice, "general");

      login(bob, "bob");
      click(bob, "join-guild-button");
      visible(bob, "join-invite-code").sendKeys(code);
      click(bob, "join-invite-submit");
      waitFor(bob, ExpectedConditions.invisibilityOfElementLocated(testId("join-invite-code")), "the join dialog to close");
      waitFor(bob, d -> guildTitle(d).equals("Tavern"), "bob to be in Tavern");
      openChannel(bob, "general");

      send(alice, "Hello Bob, welcome to the Tavern");
      waitForMessage(bob, "Hello Bob, welcome to the Tavern", "bob");
      assertEquals(1, confirmedCopies(alice, "Hello Bob, welcome to the Tavern"),
          "alice sees her own message once: " + contents(alice));

      send(bob, "Thanks Alice!");
      waitForMessage(alice, "Thanks Alice!", "alice");
      assertEquals(1, confirmedCopies(bob, "Thanks Alice!"), "bob sees his own reply once: " + contents(bob));
      // Bob's reply came after alice's own MESSAGE_CREATE on her stream, so any duplicate would be here by now.
      assertEquals(List.of("Hello Bob, welcome to the Tavern", "Thanks Alice!"), contents(alice), "alice's channel");
      assertEquals(List.of("Hello Bob, welcome to the Tavern", "Thanks Alice!"), contents(bob), "bob's channel");

      waitFor(alice, d -> "true".equals(member(d, "bob").getDomAttribute("data-online")),
          "bob to show online in alice's member list");
      assertEquals("true", member(alice, "alice").getDomAttribute("data-online"), "alice sees herself online");
      waitFor(bob, d -> "true".equals(member(d, "alice").getDomAttribute("data-online")),
          "alice to show online in bob's member list");
    } finally {
      Browsers.screenshot(alice, "desktop-alice");
      Browsers.screenshot(bob, "desktop-bob");
    }
  }

  @Test
  @DisplayName("On a phone, one person creates a server, chats, and opens and closes both drawers")
  void phoneLayout() {
    WebDriver phone = browser(390, 844);
    login(phone, "phoebe");
    assertEquals(390L, ((Number) ((JavascriptExecutor) phone).executeScript("return window.innerWidth")).longValue(),
        "the page is laid out at phone width");
    createGuild(phone, "Pocket");
    openChannel(phone, "general"); // picking a channel closes the drawer
    waitFor(phone, ExpectedConditions.invisibilityOfElementLocated(testId("guild-rail")), "the channels drawer to close");

    send(phone, "Hello from my phone");
    assertEquals(1, confirmedCopies(phone, "Hello from my phone"));
    WebElement message = phone.findElement(By.xpath(
        "//*[@data-testid='message-content'][normalize-space(.)='Hello from my phone']"));
    assertTrue(message.isDisplayed(), "the message is visible");
    assertTrue(inViewport(phone, message), "the message is on screen, not scrolled or pushed out of view");
    assertTrue(inViewport(phone, phone.findElement(testId("composer"))), "the composer is on screen");
    assertNoHorizontalOverflow(phone);
    Browsers.screenshot(phone, "phone-chat");

    click(phone, "open-members-drawer");
    visible(phone, "member-list");
    assertEquals("true", member(phone, "phoebe").getDomAttribute("data-online"), "phoebe sees herself online");
    waitFor(phone, d -> inViewport(d, d.findElement(testId("member-list"))), "the member drawer to slide fully on screen");
    tapScrim(phone, -1);
    waitFor(phone, ExpectedConditions.invisibilityOfElementLocated(testId("member-list")), "the member drawer to close");

    click(phone, "open-channels-drawer");
    visible(phone, "channel-list");
    visible(phone, "guild-rail");
    waitFor(phone, d -> inViewport(d, d.findElement(testId("channel-list"))), "the channels drawer to slide fully on screen");
    Browsers.screenshot(phone, "phone-drawer");
    tapScrim(phone, +1);
    waitFor(phone, ExpectedConditions.invisibilityOfElementLocated(testId("channel-list")), "the channels drawer to close");
    assertTrue(phone.findElement(testId("composer")).isDisplayed(), "back in the chat");
  }

  @Test
  @DisplayName("A channel an overwrite hides disappears live from the member's list, and its pane closes")
  void hiddenChannelDisappearsLive() {
    guildhall.support.ApiClient api = app.client();
    guildhall.support.ApiClient.Session alice = api.login("owner" + System.nanoTime() % 100000);
    String bobName = "viewer" + System.nanoTime() % 100000;
    guildhall.support.ApiClient.Session bob = api.login(bobName);
    io.vertx.core.json.JsonObject guild = alice.post("/guilds", new io.vertx.core.json.JsonObject().put("name", "Hideout")).json();
    String g = guild.getString("id");
    String secret = alice.post("/guilds/" + g + "/channels", new io.vertx.core.json.JsonObject().put("name", "secret")).json().getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new io.vertx.core.json.JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());

    WebDriver browser = browser(1280, 800);
    login(browser, bobName);
    openChannel(browser, "secret");
    By secretItem = By.xpath("//*[@data-testid='channel-item'][normalize-space(.)='secret']");
    assertEquals(204, alice.put("/channels/" + secret + "/permissions/" + g, new io.vertx.core.json.JsonObject()
        .put("type", 0).put("deny", Long.toString(guildhall.permissions.Permissions.VIEW_CHANNEL))).status());
    waitFor(browser, ExpectedConditions.invisibilityOfElementLocated(secretItem), "the hidden channel to leave the list");
    waitFor(browser, d -> !d.findElement(testId("channel-header")).getText().contains("secret"), "the hidden channel's pane to close");
    Browsers.screenshot(browser, "desktop-channel-hidden");
    assertEquals(204, alice.put("/channels/" + secret + "/permissions/" + g, new io.vertx.core.json.JsonObject()
        .put("type", 0).put("allow", Long.toString(guildhall.permissions.Permissions.VIEW_CHANNEL))).status());
    waitFor(browser, ExpectedConditions.visibilityOfElementLocated(secretItem), "the channel to come back when shown again");
  }

  @Test
  @DisplayName("Message text that looks like HTML is shown as that text, never turned into elements")
  void messageTextIsText() {
    String evil = "<b>bold</b><img src=x onerror=alert(1)>";
    WebDriver driver = browser(1280, 800);
    login(driver, "mallory");
    createGuild(driver, "Markup");
    openChannel(driver, "general");
    send(driver, evil);
    assertEquals(1, confirmedCopies(driver, evil), "the literal text is shown once: " + contents(driver));
    assertNoMarkupIn(driver);

    driver.navigate().refresh(); // and again as history from the server
    waitForMessage(driver, evil, "mallory after a reload");
    assertNoMarkupIn(driver);
  }

  private static void assertNoMarkupIn(WebDriver driver) {
    WebElement list = driver.findElement(testId("message-list"));
    assertTrue(list.findElements(By.cssSelector("b, img")).isEmpty(), "no <b> or <img> inside the message list");
    assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "no script ran");
  }

  // ---- layout checks ----

  private static boolean inViewport(WebDriver driver, WebElement element) {
    Object inside = ((JavascriptExecutor) driver).executeScript(
        "const r = arguments[0].getBoundingClientRect();"
            + "return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0"
            + " && r.right <= window.innerWidth + 0.5 && r.bottom <= window.innerHeight + 0.5;",
        element);
    return Boolean.TRUE.equals(inside);
  }

  private static void assertNoHorizontalOverflow(WebDriver driver) {
    Object width = ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth");
    assertFalse(((Number) width).longValue() > 0, "the page scrolls sideways by " + width + "px");
  }

  /** Taps the dimmed area beside an open drawer: side -1 is near the left edge, +1 near the right edge. */
  private static void tapScrim(WebDriver driver, int side) {
    WebElement scrim = waitFor(driver, ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".scrim")), "the scrim");
    int offset = side * (scrim.getRect().getWidth() / 2 - 12);
    new Actions(driver).moveToElement(scrim, offset, 0).click().perform();
  }
}
