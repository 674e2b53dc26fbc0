package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threads in the browser, on a desktop and on a phone: starting one from a message, talking in it
 * (another's message arriving live), the chip on the starter message, the channel's thread list with
 * its "New thread" form; the pane sits beside the channel on a desktop and covers the screen on a phone.
 */
class ThreadsBrowserTest extends BrowserTestBase {
  /** Enter sends on a desktop; on a touch screen Enter is a new line and the Send button sends. */
  private static void sendIn(WebDriver d, boolean phone, WebElement composer) {
    if (phone) {
      d.findElement(testId("thread-composer-send")).click();
    } else {
      composer.sendKeys(org.openqa.selenium.Keys.ENTER);
    }
  }

  private static String threadMessages(WebDriver d) {
    return d.findElement(testId("thread-message-list")).getText();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"desktop, 1280, 800", "phone, 390, 844"})
  @DisplayName("Bob starts a thread from alice's message, they talk in it, the chip counts, and the thread list starts another")
  void threads(String size, int width, int height) {
    boolean phone = width < 700;
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + UUID.randomUUID().toString().substring(0, 6));
    ApiClient.Session bob = api.login("bob_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Puzzlers")).json();
    String g = guild.getString("id");
    String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    String message = alice.post("/channels/" + channel + "/messages", new JsonObject().put("content", "Who is up for a puzzle?")).json().getString("id");

    WebDriver d = Browsers.chrome(width, height);
    try {
      login(d, app.baseUrl(), bob.username());
      openChannel(d, "general");
      waitForMessage(d, "Who is up for a puzzle?", "bob");

      // "Create thread" on alice's message: the form starts with her words as the name.
      WebElement row = d.findElement(By.cssSelector("[data-message-id='" + message + "']"));
      new Actions(d).moveToElement(row).perform();
      waitFor(d, ExpectedConditions.elementToBeClickable(row.findElement(testId("message-create-thread"))), "the Create thread action").click();
      WebElement name = visible(d, "thread-name-input");
      assertEquals("Who is up for a puzzle?", name.getDomProperty("value"));
      name.clear();
      name.sendKeys("Puzzle night");
      click(d, "thread-create");
      waitFor(d, x -> x.findElement(testId("thread-title")).getText().equals("Puzzle night"), "the new thread to open");
      JsonObject thread = alice.get("/channels/" + channel + "/threads").json().getJsonArray("threads").getJsonObject(0);
      assertEquals(message, thread.getString("id"), "the thread has the starter message's id");

      // Bob posts; alice's answer arrives live.
      // The thread's composer is the channel's: :shortcode: completions, the emoji button, Send on a phone.
      WebElement composer = visible(d, "thread-composer");
      composer.sendKeys("I am in :pizz");
      waitFor(d, ExpectedConditions.visibilityOfElementLocated(testId("autocomplete-option")), "emoji completions in the thread").click();
      waitFor(d, x -> composer.getDomProperty("value").equals("I am in \uD83C\uDF55 "), "the completion written in: " + composer.getDomProperty("value"));
      assertTrue(visible(d, "thread-composer-emoji").isDisplayed(), "the emoji button");
      Browsers.screenshot(d, "threads-" + size + "-composer");
      sendIn(d, phone, composer);
      waitFor(d, x -> threadMessages(x).contains("I am in \uD83C\uDF55"), "bob's message in the thread");
      assertEquals(200, alice.post("/channels/" + message + "/messages", new JsonObject().put("content", "Me too, bring snacks")).status());
      waitFor(d, x -> threadMessages(x).contains("Me too, bring snacks"), "alice's message to arrive live");
      waitFor(d, x -> x.findElement(testId("thread-counts")).getText().startsWith("2 messages"), "the thread's count");

      WebElement pane = d.findElement(testId("thread-pane"));
      if (phone) {
        assertTrue(pane.getRect().getWidth() >= width - 2, "on a phone the thread covers the screen: " + pane.getRect().getWidth());
      } else {
        WebElement list = d.findElement(testId("message-list"));
        assertTrue(list.isDisplayed(), "on a desktop the channel stays in view");
        assertTrue(pane.getRect().getX() >= list.getRect().getX() + list.getRect().getWidth() - 1, "the pane is beside the channel");
      }
      Browsers.screenshot(d, "threads-" + size + "-thread");

      // Back (a phone) or on (a desktop): the starter message's chip shows the name and the count.
      if (phone) {
        click(d, "thread-back");
        visible(d, "thread-list");
        click(d, "thread-back");
        waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("thread-pane")), "the pane to close");
      }
      By chip = By.cssSelector("[data-message-id='" + message + "'] [data-testid='thread-chip']");
      WebElement chipEl = waitFor(d, ExpectedConditions.visibilityOfElementLocated(chip), "the thread chip");
      assertEquals("Puzzle night", chipEl.findElement(testId("thread-chip-name")).getText());
      waitFor(d, x -> x.findElement(chip).findElement(testId("thread-chip-count")).getText().equals("2 messages"), "the chip's count");
      Browsers.screenshot(d, "threads-" + size + "-chip");

      // The channel's thread list, and a new thread from its form.
      if (!phone) {
        click(d, "thread-close");
        waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("thread-pane")), "the pane to close");
      }
      click(d, "open-threads");
      waitFor(d, x -> x.findElements(testId("thread-row")).stream().anyMatch(r -> r.getText().contains("Puzzle night")), "the thread in the list");
      visible(d, "thread-name-input").sendKeys("Loose ends");
      Browsers.screenshot(d, "threads-" + size + "-list");
      click(d, "thread-create");
      waitFor(d, x -> x.findElement(testId("thread-title")).getText().equals("Loose ends"), "the second thread to open");
      visible(d, "thread-composer").sendKeys("First!");
      sendIn(d, phone, d.findElement(testId("thread-composer")));
      waitFor(d, x -> threadMessages(x).contains("First!"), "the second thread's first message");
      assertEquals(2, alice.get("/channels/" + channel + "/threads").json().getJsonArray("threads").size());
    } finally {
      Browsers.quit(d);
    }
  }
}
