package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

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
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The composer's completions and the shared emoji picker, at a desktop's and a phone's size: @mentions
 * of members and roles by keyboard and by click, :emoji: completion and :smile: replacement, picker
 * search and "Recently used", a reaction picked in the picker reaching the other user, and a 400
 * said in plain words in the create-channel dialog.
 */
class EmojiAndMentionsBrowserTest extends BrowserTestBase {
  private static final String PARTY = "\uD83C\uDF89"; // 🎉
  private static final String SMILE = "\uD83D\uDE04"; // 😄
  private static final String THUMBS_UP = "\uD83D\uDC4D"; // 👍
  private static final String PIZZA = "\uD83C\uDF55"; // 🍕
  private static final String ROCKET = "\uD83D\uDE80"; // 🚀

  private record Setup(ApiClient.Session alice, ApiClient.Session bob, String guild, String general, String raiders,
      String hidden, String bobsMessage) {}

  /** Alice owns the guild; bob is "Bobby" there with the Raiders role; Hidden is not mentionable. */
  private static Setup setUp() {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + tag);
    ApiClient.Session bob = api.login("bob_" + tag);
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Larder")).json();
    String g = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    String raiders = alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "Raiders").put("color", 0xE67E22)
        .put("mentionable", true)).json().getString("id");
    String hidden = alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "Hidden").put("mentionable", false))
        .json().getString("id");
    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + bob.userId(), new JsonObject().put("nick", "Bobby")
        .put("roles", new JsonArray().add(raiders))).status());
    String message = bob.post("/channels/" + general + "/messages", new JsonObject().put("content", "Who brings food?"))
        .json().getString("id");
    return new Setup(alice, bob, g, general, raiders, hidden, message);
  }

  private static WebDriver browser(boolean phone) {
    WebDriver d = Browsers.chrome(phone ? 390 : 1280, phone ? 844 : 800);
    if (phone) {
      ((ChromiumDriver) d).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    }
    return d;
  }

  private static String value(WebElement composer) {
    return composer.getDomProperty("value");
  }

  private static List<WebElement> options(WebDriver d) {
    return d.findElements(testId("autocomplete-option"));
  }

  private static String values(WebDriver d) {
    return String.join(" ", options(d).stream().map(o -> o.getDomAttribute("data-value")).toList());
  }

  private static int selected(WebDriver d) {
    List<WebElement> all = options(d);
    for (int i = 0; i < all.size(); i++) {
      if ("true".equals(all.get(i).getDomAttribute("aria-selected"))) {
        return i;
      }
    }
    return -1;
  }

  private static void clear(WebDriver d, WebElement composer) {
    ((JavascriptExecutor) d).executeScript("const el = arguments[0];"
        + "Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(el, '');"
        + "el.dispatchEvent(new Event('input', { bubbles: true }));", composer);
  }

  private static String focused(WebDriver d) {
    return (String) ((JavascriptExecutor) d).executeScript("return document.activeElement && document.activeElement.dataset.testid");
  }

  /** Sends what the composer holds: Enter on a desktop, the Send button on a phone. */
  private static void send(WebDriver d, boolean phone, WebElement composer) {
    if (phone) {
      click(d, "composer-send");
    } else {
      composer.sendKeys(Keys.ENTER);
    }
  }

  private static String lastContent(Setup s) {
    return s.alice().get("/channels/" + s.general() + "/messages?limit=1").array().getJsonObject(0).getString("content");
  }

  private void mentions(WebDriver d, Setup s, boolean phone, String size) {
    WebElement composer = visible(d, "composer");
    // A bare "@" lists everyone who can be mentioned: members, the mentionable role, and (for the owner) @everyone/@here.
    composer.sendKeys("@");
    waitFor(d, x -> !options(x).isEmpty(), "the mention popup");
    String all = values(d);
    assertTrue(all.contains("<@" + s.bob().userId() + ">") && all.contains("<@" + s.alice().userId() + ">"), all);
    assertTrue(all.contains("<@&" + s.raiders() + ">"), "the mentionable role: " + all);
    assertTrue(all.contains("<@&" + s.hidden() + ">"), "MENTION_EVERYONE lets the owner mention any role: " + all);
    assertTrue(all.contains("@everyone") && all.contains("@here"), all);
    assertFalse(all.contains("<@&" + s.guild() + ">"), "@everyone is not listed as a role: " + all);

    // Keyboard: Down and Up move the highlight, Enter picks; the nickname finds bob.
    composer.sendKeys("bob");
    waitFor(d, x -> values(x).startsWith("<@" + s.bob().userId() + ">"), "bob first for @bob");
    WebElement bob = options(d).get(0);
    assertTrue(bob.getText().contains("Bobby"), "listed by his nickname: " + bob.getText());
    assertEquals(0, selected(d));
    clear(d, composer);
    composer.sendKeys("@");
    waitFor(d, x -> options(x).size() >= 4, "the popup again");
    composer.sendKeys(Keys.ARROW_DOWN);
    waitFor(d, x -> selected(x) == 1, "Down to move to the second row");
    composer.sendKeys(Keys.ARROW_DOWN, Keys.ARROW_UP);
    waitFor(d, x -> selected(x) == 1, "Down then Up to come back");
    composer.sendKeys(Keys.ARROW_UP);
    waitFor(d, x -> selected(x) == 0, "Up to the first row");
    composer.sendKeys("Bobb");
    waitFor(d, x -> options(x).size() == 1, "only Bobby for @Bobb");
    Browsers.screenshot(d, "mention-autocomplete-" + size);
    composer.sendKeys(Keys.ENTER);
    waitFor(d, x -> value(composer).equals("<@" + s.bob().userId() + "> "), "Enter to write bob's mention and a space (see " + value(composer) + ")");
    assertTrue(options(d).isEmpty(), "the popup closed");

    // A role by Tab.
    composer.sendKeys("and @rai");
    waitFor(d, x -> values(x).equals("<@&" + s.raiders() + ">"), "Raiders for @rai (see " + values(d) + ")");
    WebElement role = options(d).get(0);
    assertEquals("rgba(230, 126, 34, 1)", role.findElement(By.className("autocomplete-label")).getCssValue("color"), "in the role's colour");
    composer.sendKeys(Keys.TAB);
    waitFor(d, x -> value(composer).endsWith("and <@&" + s.raiders() + "> "), "Tab to write the role mention (see " + value(composer) + ")");

    // Esc closes the popup and leaves the text alone; a click (a tap on the phone) picks.
    composer.sendKeys("@ali");
    waitFor(d, x -> !options(x).isEmpty(), "the popup for @ali");
    composer.sendKeys(Keys.ESCAPE);
    waitFor(d, x -> options(x).isEmpty(), "Esc to close the popup");
    assertTrue(value(composer).endsWith("@ali"), value(composer));
    composer.sendKeys("c");
    waitFor(d, x -> !options(x).isEmpty(), "the popup to come back when the word grows");
    options(d).get(0).click();
    waitFor(d, x -> value(composer).endsWith("<@" + s.alice().userId() + "> "), "a click to write alice's mention (see " + value(composer) + ")");
    assertEquals("composer", focused(d), "the field kept the focus");
    composer.sendKeys("dinner?");
    send(d, phone, composer);
    String expected = "<@" + s.bob().userId() + "> and <@&" + s.raiders() + "> <@" + s.alice().userId() + "> dinner?";
    waitFor(d, x -> expected.equals(lastContent(s)), "the raw mentions sent (see " + lastContent(s) + ")");
  }

  private void emojiCompletion(WebDriver d, Setup s, boolean phone, String size) {
    WebElement composer = visible(d, "composer");
    composer.sendKeys("Party :t");
    assertTrue(options(d).isEmpty(), "one letter after : opens nothing");
    composer.sendKeys("ad");
    waitFor(d, x -> !options(x).isEmpty() && PARTY.equals(options(x).get(0).getDomAttribute("data-value")), "🎉 first for :tad");
    Browsers.screenshot(d, "emoji-autocomplete-" + size);
    composer.sendKeys(Keys.ENTER);
    waitFor(d, x -> value(composer).equals("Party " + PARTY + " "), "Enter to write 🎉 (see " + value(composer) + ")");
    composer.sendKeys("time :smile:");
    assertTrue(value(composer).endsWith(":smile:"), "not replaced before the space");
    composer.sendKeys(" ");
    waitFor(d, x -> value(composer).equals("Party " + PARTY + " time " + SMILE + " "), ":smile: and a space become 😄 (see " + value(composer) + ")");
    composer.sendKeys(":thumbsup:");
    send(d, phone, composer);
    String expected = "Party " + PARTY + " time " + SMILE + " " + THUMBS_UP;
    waitFor(d, x -> expected.equals(lastContent(s)), "a :shortcode: at the end replaced on send (see " + lastContent(s) + ")");
  }

  private void picker(WebDriver d, boolean phone, String size) {
    WebElement composer = visible(d, "composer");
    click(d, "composer-emoji");
    WebElement picker = visible(d, "emoji-picker");
    waitFor(d, x -> x.findElements(testId("emoji-option")).size() > 1500, "the full emoji set to load");
    assertTrue(d.findElements(By.cssSelector("[data-section='recent']")).isEmpty(), "nothing recently used yet");
    if (phone) {
      long innerHeight = (Long) ((JavascriptExecutor) d).executeScript("return window.innerHeight");
      assertEquals(innerHeight, picker.getRect().getY() + picker.getRect().getHeight(), 1, "a bottom sheet");
      WebElement option = d.findElements(testId("emoji-option")).get(0);
      assertTrue(option.getSize().getHeight() >= 44 && option.getSize().getWidth() >= 44, "44 px targets: " + option.getSize());
      assertTrue(d.findElements(testId("emoji-tab")).get(0).getSize().getHeight() >= 44, "44 px category tabs");
      d.findElement(testId("emoji-search")).click();
    } else {
      assertEquals("emoji-search", focused(d), "the search has the focus");
    }
    d.findElement(testId("emoji-search")).sendKeys("pizza");
    waitFor(d, x -> PIZZA.equals(x.findElements(testId("emoji-option")).get(0).getDomAttribute("data-emoji")), "🍕 first for pizza");
    Browsers.screenshot(d, "emoji-picker-search-" + size);
    d.findElements(testId("emoji-option")).get(0).click();
    waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("emoji-picker")), "the picker to close");
    assertEquals(PIZZA, value(composer), "🍕 written into the composer");

    // Next time 🍕 is the first of "Recently used"; Esc closes and gives the focus back to the button.
    click(d, "composer-emoji");
    waitFor(d, x -> !x.findElements(By.cssSelector("[data-section='recent'] [data-testid='emoji-option']")).isEmpty(), "recently used");
    WebElement first = d.findElements(testId("emoji-option")).get(0);
    assertEquals(PIZZA, first.getDomAttribute("data-emoji"), "the last pick comes first");
    assertTrue("Recently used".equalsIgnoreCase(d.findElement(By.cssSelector("[data-section='recent'] .emoji-section-title")).getText().trim()));
    Browsers.screenshot(d, "emoji-picker-recent-" + size);
    new Actions(d).sendKeys(Keys.ESCAPE).perform();
    waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("emoji-picker")), "Esc to close the picker");
    assertEquals("composer-emoji", focused(d), "the focus is back on the emoji button");
    clear(d, composer);
  }

  private void reactThroughPicker(WebDriver d, WebDriver bobsView, Setup s, String size) {
    WebElement row = d.findElement(By.cssSelector("[data-message-id='" + s.bobsMessage() + "']"));
    new Actions(d).moveToElement(row).perform();
    waitFor(d, ExpectedConditions.elementToBeClickable(row.findElement(testId("reaction-add"))), "the add-reaction button").click();
    visible(d, "emoji-picker");
    WebElement search = d.findElement(testId("emoji-search"));
    search.click();
    search.sendKeys("rocket");
    waitFor(d, x -> ROCKET.equals(x.findElements(testId("emoji-option")).get(0).getDomAttribute("data-emoji")), "🚀 first for rocket");
    // Keyboard: Down goes into the grid and Enter picks.
    search.sendKeys(Keys.ARROW_DOWN);
    waitFor(d, x -> "emoji-option".equals(focused(x)), "Down to move into the grid");
    new Actions(d).sendKeys(Keys.ENTER).perform();
    By chip = By.cssSelector("[data-message-id='" + s.bobsMessage() + "'] [data-testid='reaction'][data-emoji='" + ROCKET + "']");
    waitFor(d, ExpectedConditions.visibilityOfElementLocated(chip), "alice's 🚀 chip");
    assertEquals("true", d.findElement(chip).getDomAttribute("data-me"));
    waitFor(bobsView, ExpectedConditions.visibilityOfElementLocated(chip), "bob to see alice's 🚀");
    assertEquals("1", bobsView.findElement(chip).findElement(testId("reaction-count")).getText().trim());
    Browsers.screenshot(bobsView, "reaction-seen-by-bob-" + size);
  }

  private void plainWordsError(WebDriver d, String size) {
    showChannels(d);
    click(d, "create-channel-button");
    WebElement name = visible(d, "create-channel-name");
    // The field stops typing at 100 characters; a script (or an older page) can still send more.
    ((JavascriptExecutor) d).executeScript("const el = arguments[0];"
        + "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, 'x'.repeat(101));"
        + "el.dispatchEvent(new Event('input', { bubbles: true }));", name);
    click(d, "create-channel-submit");
    WebElement error = waitFor(d, ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal .form-error, .form-error")), "the error");
    assertEquals("name must be at most 100 characters", error.getText().trim());
    Browsers.screenshot(d, "plain-words-400-" + size);
  }

  private void run(boolean phone) {
    String size = phone ? "phone" : "desktop";
    Setup s = setUp();
    WebDriver d = browser(phone);
    WebDriver bobsView = Browsers.chrome(1280, 800);
    try {
      login(bobsView, app.baseUrl(), s.bob().username());
      openChannel(bobsView, "general");
      waitForMessage(bobsView, "Who brings food?", "bob");
      login(d, app.baseUrl(), s.alice().username());
      openChannel(d, "general");
      waitForMessage(d, "Who brings food?", "alice");
      mentions(d, s, phone, size);
      emojiCompletion(d, s, phone, size);
      picker(d, phone, size);
      // A phone has no hover toolbar: it reacts from the long-press sheet (MessageListBrowserTest).
      if (!phone) {
        reactThroughPicker(d, bobsView, s, size);
      }
      plainWordsError(d, size);
    } finally {
      Browsers.quit(d);
      Browsers.quit(bobsView);
    }
  }

  @Test
  @DisplayName("Desktop (1280x800): mentions by keys and click, roles, :emoji: and :smile:, the picker and its recents, a reaction bob sees, a 400 in plain words")
  void desktop() {
    run(false);
  }

  @Test
  @DisplayName("Phone (390x844): the same, with the Send button, a bottom-sheet picker and 44 px targets")
  void phone() {
    run(true);
  }
}
