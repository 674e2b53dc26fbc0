package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.contents;
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
 * The message list as Discord draws it: replies and their quotes (and the jump to the original, paging
 * history back until it is found), runs of messages under one header, date dividers, the hover toolbar
 * on a desktop and the long-press menu on a phone, the delete confirmation, nicknames and role colours
 * that follow changes live, the "jump to present" bar, and Up / Escape in the composer.
 */
class MessageListBrowserTest extends BrowserTestBase {

  private record Setup(ApiClient.Session alice, ApiClient.Session bob, String guild, String channel) {}

  private static String name(String who) {
    return who + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static Setup setUp() {
    ApiClient.Session alice = app.client().login(name("alice"));
    ApiClient.Session bob = app.client().login(name("bob"));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Lantern")).json();
    String g = guild.getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    return new Setup(alice, bob, g, guild.getJsonArray("channels").getJsonObject(0).getString("id"));
  }

  private static String post(ApiClient.Session who, String channel, String content) {
    return who.post("/channels/" + channel + "/messages", new JsonObject().put("content", content)).json().getString("id");
  }

  private static boolean phone(int width) {
    return width < 500;
  }

  /** A phone is a touch screen: no hover, pointer coarse (as in ComposerBrowserTest). */
  private static WebDriver browser(int width, int height) {
    WebDriver d = Browsers.chrome(width, height);
    if (phone(width)) {
      ((ChromiumDriver) d).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    }
    return d;
  }

  private static By row(String id) {
    return By.cssSelector("[data-message-id='" + id + "']");
  }

  private static Object js(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  private static WebElement scrollTo(WebDriver d, String id) {
    WebElement el = waitFor(d, ExpectedConditions.presenceOfElementLocated(row(id)), "message " + id);
    js(d, "arguments[0].scrollIntoView({block: 'center'})", el);
    return el;
  }

  /** A finger held on the element for 700 ms, through the DevTools touch input. */
  private static void longPress(WebDriver d, WebElement el) {
    Rectangle r = el.getRect();
    Map<String, Object> point = Map.of("x", r.getX() + r.getWidth() / 2, "y", r.getY() + Math.min(r.getHeight() / 2, 14));
    ChromiumDriver cdp = (ChromiumDriver) d;
    cdp.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchStart", "touchPoints", List.of(point)));
    try {
      Thread.sleep(700);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cdp.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
  }

  /**
   * Runs a message action the way the device offers it: on a desktop from the toolbar shown on hover
   * (or its More menu), on a phone from the sheet a long press opens.
   */
  private static void action(WebDriver d, String messageId, String action) {
    WebElement el = scrollTo(d, messageId);
    if (Boolean.TRUE.equals(js(d, "return matchMedia('(pointer: coarse)').matches"))) {
      longPress(d, el);
      WebElement menu = visible(d, "message-menu");
      waitFor(d, ExpectedConditions.elementToBeClickable(menu.findElement(testId(action))), action + " in the long-press menu").click();
      return;
    }
    new Actions(d).moveToElement(el).perform();
    List<WebElement> direct = el.findElement(testId("message-toolbar")).findElements(testId(action));
    if (direct.isEmpty()) {
      click(d, "message-more");
    }
    waitFor(d, ExpectedConditions.elementToBeClickable(el.findElement(testId(action))), action + " in the toolbar").click();
  }

  private static void send(WebDriver d, String text) {
    WebElement composer = visible(d, "composer");
    composer.sendKeys(text);
    if (d.findElement(testId("composer-send")).isDisplayed()) {
      click(d, "composer-send");
    } else {
      composer.sendKeys(Keys.ENTER);
    }
  }

  private static boolean inView(WebDriver d, WebElement el) {
    return Boolean.TRUE.equals(js(d, "const r = arguments[0].getBoundingClientRect();"
        + "const l = document.querySelector('[data-testid=message-list]').getBoundingClientRect();"
        + "return r.top >= l.top - 1 && r.bottom <= l.bottom + 1;", el));
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1280, 800", "390, 844"})
  @DisplayName("Reply: the bar, the send, the quote for the other user, the jump to the original through older pages, and its deletion")
  void replies(int width, int height) {
    String size = width + "x" + height;
    Setup s = setUp();
    String original = post(s.bob(), s.channel(), "Which way to the lighthouse?");
    WebDriver alice = browser(width, height);
    WebDriver bob = browser(width, height);
    try {
      login(alice, app.baseUrl(), s.alice().username());
      openChannel(alice, "general");
      waitForMessage(alice, "Which way to the lighthouse?", "alice");
      for (int i = 1; i <= 60; i++) {
        post(s.bob(), s.channel(), "filler " + i);
      }
      waitForMessage(alice, "filler 60", "alice");

      // Alice replies to the original: the bar names bob; × would cancel, Enter (or Send) sends.
      action(alice, original, "message-reply");
      WebElement bar = visible(alice, "reply-bar");
      assertTrue(bar.getText().contains("Replying to " + s.bob().username()), bar.getText());
      Browsers.screenshot(alice, "reply-bar-" + size);
      send(alice, "Follow the coast road");
      waitFor(alice, ExpectedConditions.invisibilityOfElementLocated(testId("reply-bar")), "the bar to go once sent");
      waitFor(alice, x -> s.alice().get("/channels/" + s.channel() + "/messages?limit=1").array().getJsonObject(0)
          .getJsonObject("message_reference") != null, "the reply stored with its reference");
      JsonObject stored = s.alice().get("/channels/" + s.channel() + "/messages?limit=1").array().getJsonObject(0);
      assertEquals(original, stored.getJsonObject("message_reference").getString("message_id"));
      String reply = stored.getString("id");

      // Bob opens the channel afresh: the reply is in the newest page, the original (61 back) is not.
      login(bob, app.baseUrl(), s.bob().username());
      openChannel(bob, "general");
      waitForMessage(bob, "Follow the coast road", "bob");
      WebElement quote = bob.findElement(row(reply)).findElement(testId("reply-quote"));
      assertTrue(quote.getText().contains(s.alice().username()) || quote.getText().contains(s.bob().username()), quote.getText());
      assertEquals("Which way to the lighthouse?", quote.findElement(testId("reply-quote-text")).getText());
      assertTrue(bob.findElements(row(original)).isEmpty(), "the original is not loaded yet");
      Browsers.screenshot(bob, "reply-quote-" + size);

      // A click on the quote loads older pages until the original is there, scrolls to it and highlights it.
      quote.click();
      WebElement found = waitFor(bob, ExpectedConditions.presenceOfElementLocated(
          By.cssSelector("[data-message-id='" + original + "'][data-highlighted='true']")), "the original, highlighted");
      waitFor(bob, x -> inView(x, found), "the original scrolled into view");
      Browsers.screenshot(bob, "reply-jump-" + size);

      // The quote follows an edit of the original.
      assertEquals(200, s.bob().patch("/channels/" + s.channel() + "/messages/" + original,
          new JsonObject().put("content", "Which way to the old lighthouse?")).status());
      waitFor(bob, x -> x.findElement(row(reply)).findElement(testId("reply-quote-text")).getText().equals("Which way to the old lighthouse?"),
          "the quote to show the edit");

      // Bob deletes the original: both see the reply's quote say so, and so does a fresh load.
      assertEquals(204, s.bob().delete("/channels/" + s.channel() + "/messages/" + original).status());
      for (WebDriver d : List.of(alice, bob)) {
        WebElement r = scrollTo(d, reply);
        waitFor(d, x -> !r.findElements(testId("reply-quote-deleted")).isEmpty(), "\"Original message was deleted\"");
        assertEquals("Original message was deleted", r.findElement(testId("reply-quote-deleted")).getText().trim());
      }
      bob.navigate().refresh();
      visible(bob, "composer");
      waitForMessage(bob, "Follow the coast road", "bob after a reload");
      assertEquals("Original message was deleted", bob.findElement(row(reply)).findElement(testId("reply-quote-deleted")).getText().trim());
      Browsers.screenshot(bob, "reply-deleted-" + size);
    } finally {
      Browsers.quit(alice);
      Browsers.quit(bob);
    }
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1280, 800", "390, 844"})
  @DisplayName("Runs under one header, today's divider, the toolbar on hover or the long-press menu, delete asks first (Shift skips), Up edits and Escape cancels")
  void listAndActions(int width, int height) {
    String size = width + "x" + height;
    Setup s = setUp();
    WebDriver d = browser(width, height);
    try {
      login(d, app.baseUrl(), s.alice().username());
      openChannel(d, "general");
      for (String text : List.of("one", "two", "three")) {
        send(d, text);
        waitForMessage(d, text, "alice");
      }
      JsonArray page = s.alice().get("/channels/" + s.channel() + "/messages?limit=3").array();
      String first = page.getJsonObject(2).getString("id");
      String second = page.getJsonObject(1).getString("id");
      String third = page.getJsonObject(0).getString("id");
      waitFor(d, x -> !x.findElements(row(third)).isEmpty(), "the confirmed copies");
      assertEquals("true", d.findElement(row(first)).getDomAttribute("data-head"));
      assertEquals("false", d.findElement(row(second)).getDomAttribute("data-head"));
      assertEquals("false", d.findElement(row(third)).getDomAttribute("data-head"));
      assertEquals(1, d.findElement(testId("message-list")).findElements(testId("message-author")).size(), "one header for the run");
      List<WebElement> dividers = d.findElements(testId("date-separator"));
      assertEquals(1, dividers.size(), "one divider: every message is from today");
      String today = LocalDate.now().format(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US));
      assertEquals(today, dividers.get(0).getText().trim());
      Browsers.screenshot(d, "message-run-" + size);

      WebElement toolbar = d.findElement(row(second)).findElement(testId("message-toolbar"));
      assertFalse(toolbar.isDisplayed(), "no toolbar before any hover");
      if (phone(width)) {
        // A tap shows nothing; a long press opens the menu with the message's actions.
        d.findElement(row(second)).findElement(testId("message-content")).click();
        assertFalse(toolbar.isDisplayed(), "no toolbar on a touch screen");
        longPress(d, d.findElement(row(second)));
        WebElement menu = visible(d, "message-menu");
        for (String id : List.of("message-reply", "message-edit", "message-delete", "message-copy-id")) {
          assertTrue(menu.findElement(testId(id)).isDisplayed(), id + " in the menu");
        }
        Browsers.screenshot(d, "message-menu-" + size);
        d.findElement(By.cssSelector(".sheet-backdrop")).click();
        waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("message-menu")), "the menu to close");
      } else {
        new Actions(d).moveToElement(d.findElement(row(second))).perform();
        waitFor(d, x -> toolbar.isDisplayed(), "the toolbar on hover");
        for (String id : List.of("reaction-add", "message-reply", "message-create-thread", "message-edit", "message-delete", "message-more")) {
          assertTrue(toolbar.findElement(testId(id)).isDisplayed(), id + " in the toolbar");
        }
        assertFalse(d.findElement(row(first)).findElement(testId("message-toolbar")).isDisplayed(), "only the hovered row's toolbar");
        Browsers.screenshot(d, "message-toolbar-" + size);
        new Actions(d).moveToElement(d.findElement(testId("composer"))).perform();
        waitFor(d, x -> !toolbar.isDisplayed(), "the toolbar to go with the mouse");
      }

      // Delete asks, showing the message; Cancel keeps it, Delete removes it.
      action(d, first, "message-delete");
      WebElement preview = visible(d, "delete-preview");
      assertTrue(preview.getText().contains("one"), preview.getText());
      Browsers.screenshot(d, "message-delete-confirm-" + size);
      click(d, "message-delete-cancel");
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("delete-preview")), "the dialog to close");
      assertTrue(contents(d).contains("one"), "cancel kept it");
      action(d, first, "message-delete");
      click(d, "message-delete-confirm");
      waitFor(d, x -> !contents(x).contains("one"), "the message to go");
      assertEquals(2, s.alice().get("/channels/" + s.channel() + "/messages?limit=5").array().size());
      // "two" now heads the run.
      waitFor(d, x -> "true".equals(x.findElement(row(second)).getDomAttribute("data-head")), "two to head the run");

      if (!phone(width)) {
        // Shift-click deletes at once.
        WebElement r = d.findElement(row(second));
        new Actions(d).moveToElement(r).perform();
        WebElement delete = waitFor(d, ExpectedConditions.elementToBeClickable(r.findElement(testId("message-delete"))), "Delete");
        new Actions(d).keyDown(Keys.SHIFT).click(delete).keyUp(Keys.SHIFT).perform();
        waitFor(d, x -> !contents(x).contains("two"), "two to go without a dialog");
        assertTrue(d.findElements(testId("delete-preview")).isEmpty(), "no dialog with Shift");
      }

      // Up in the empty composer edits the newest own message; Escape cancels; Enter saves.
      WebElement composer = visible(d, "composer");
      composer.click();
      composer.sendKeys(Keys.ARROW_UP);
      WebElement edit = visible(d, "message-edit-input");
      assertEquals("three", edit.getDomProperty("value"));
      Browsers.screenshot(d, "message-edit-up-" + size);
      edit.sendKeys(Keys.ESCAPE);
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("message-edit-input")), "Escape to cancel the edit");
      assertTrue(contents(d).contains("three"));
      waitFor(d, x -> x.switchTo().activeElement().getDomAttribute("data-testid") != null
          && x.switchTo().activeElement().getDomAttribute("data-testid").equals("composer"), "focus back in the composer");
      visible(d, "composer").sendKeys(Keys.ARROW_UP);
      edit = visible(d, "message-edit-input");
      edit.sendKeys(" and four");
      edit.sendKeys(Keys.ENTER);
      waitForMessage(d, "three and four", "alice");

      // Escape in the composer cancels a reply.
      action(d, third, "message-reply");
      visible(d, "reply-bar");
      visible(d, "composer").sendKeys(Keys.ESCAPE);
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("reply-bar")), "Escape to cancel the reply");
      action(d, third, "message-reply");
      click(d, "reply-cancel");
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("reply-bar")), "× to cancel the reply");
    } finally {
      Browsers.quit(d);
    }
  }

  /** Counts renders of message rows from here on, through Preact's own `options.diffed` hook. */
  private static void countRowRenders(WebDriver d) {
    ((JavascriptExecutor) d).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "const url = JSON.parse(document.querySelector('script[type=importmap]').textContent).imports.preact;"
        + "import(url).then(({ options }) => {"
        + "  window.rowRenders = 0; const prev = options.diffed;"
        + "  options.diffed = (v) => { if (v.type && v.type.name === 'MessageRow') window.rowRenders++; if (prev) prev(v); };"
        + "  done(true); });");
  }

  private static long rowRenders(WebDriver d) {
    return ((Number) js(d, "return window.rowRenders")).longValue();
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1280, 800", "390, 844"})
  @DisplayName("Messages show the guild nickname in the top role's colour and follow changes live; typing and presence render no row again")
  void nicknamesAndColours(int width, int height) {
    String size = width + "x" + height;
    Setup s = setUp();
    String id = post(s.bob(), s.channel(), "Evening, all");
    WebDriver d = browser(width, height);
    try {
      login(d, app.baseUrl(), s.alice().username());
      openChannel(d, "general");
      waitForMessage(d, "Evening, all", "alice");
      post(s.alice(), s.channel(), "Evening, bob");
      waitForMessage(d, "Evening, bob", "alice");
      WebElement author = d.findElement(row(id)).findElement(testId("message-author"));
      assertEquals(s.bob().username(), author.getText());

      // Rows are memoized: typing and a presence change render none of them again.
      countRowRenders(d);
      assertEquals(204, s.bob().post("/channels/" + s.channel() + "/typing", null).status());
      waitFor(d, x -> x.findElement(testId("typing-indicator")).getText().contains(s.bob().username()), "bob typing");
      assertEquals(200, s.alice().put("/users/@me/presence", new JsonObject().put("status", "dnd")).status());
      waitFor(d, x -> "dnd".equals(js(x, "const e = document.querySelector(\"[data-testid='status-button'] .presence\"); return e && e.dataset.status")),
          "alice's own status to change");
      assertEquals(0L, rowRenders(d), "no row rendered for typing or presence");

      // A nickname renders the rows of that member only.
      assertEquals(200, s.alice().patch("/guilds/" + s.guild() + "/members/" + s.bob().userId(),
          new JsonObject().put("nick", "Lamplighter")).status());
      waitFor(d, x -> x.findElement(row(id)).findElement(testId("message-author")).getText().equals("Lamplighter"), "the nickname, live");
      assertEquals(1L, rowRenders(d), "bob's one row rendered again, alice's not");

      String role = s.alice().post("/guilds/" + s.guild() + "/roles", new JsonObject().put("name", "keepers").put("color", 0xE91E63)).json().getString("id");
      assertEquals(200, s.alice().patch("/guilds/" + s.guild() + "/members/" + s.bob().userId(),
          new JsonObject().put("roles", new JsonArray().add(role))).status());
      waitFor(d, x -> x.findElement(row(id)).findElement(testId("message-author")).getCssValue("color").equals("rgba(233, 30, 99, 1)"),
          "the role colour, live");
      assertEquals(200, s.alice().patch("/guilds/" + s.guild() + "/roles/" + role, new JsonObject().put("color", 0x2ECC71)).status());
      waitFor(d, x -> x.findElement(row(id)).findElement(testId("message-author")).getCssValue("color").equals("rgba(46, 204, 113, 1)"),
          "the changed role colour, live");
      Browsers.screenshot(d, "message-nickname-" + size);
    } finally {
      Browsers.quit(d);
    }
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1280, 800", "390, 844"})
  @DisplayName("Scrolled up, a bar counts the new messages and takes the reader back to the newest; a polite region reads them out")
  void jumpToPresent(int width, int height) {
    String size = width + "x" + height;
    Setup s = setUp();
    for (int i = 1; i <= 40; i++) {
      post(s.bob(), s.channel(), "story " + i);
    }
    WebDriver d = browser(width, height);
    try {
      login(d, app.baseUrl(), s.alice().username());
      openChannel(d, "general");
      waitForMessage(d, "story 40", "alice");
      assertTrue(d.findElements(testId("jump-bar")).isEmpty(), "no bar at the bottom");
      assertEquals("polite", d.findElement(testId("message-announcer")).getDomAttribute("aria-live"));

      js(d, "const l = document.querySelector('[data-testid=message-list]'); l.scrollTop = 0; l.dispatchEvent(new Event('scroll'));");
      visible(d, "jump-bar");
      post(s.bob(), s.channel(), "news one");
      post(s.bob(), s.channel(), "news two");
      waitForMessage(d, "news two", "alice");
      waitFor(d, x -> x.findElement(testId("jump-count")).getText().equals("2 new messages"), "the count of new messages");
      waitFor(d, x -> x.findElement(testId("message-announcer")).getText().contains("news two"), "the announcer to read the newest");
      Browsers.screenshot(d, "jump-to-present-" + size);
      click(d, "jump-to-present");
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("jump-bar")), "the bar to go");
      waitFor(d, x -> Boolean.TRUE.equals(js(x, "const l = document.querySelector('[data-testid=message-list]');"
          + "return l.scrollHeight - l.scrollTop - l.clientHeight < 4;")), "the list at the bottom");

      // At the bottom, new messages keep it there and bring no bar.
      post(s.bob(), s.channel(), "news three");
      waitForMessage(d, "news three", "alice");
      assertTrue(d.findElements(testId("jump-bar")).isEmpty(), "no bar while at the bottom");
    } finally {
      Browsers.quit(d);
    }
  }
}
