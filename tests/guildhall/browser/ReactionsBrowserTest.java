package guildhall.browser;

import guildhall.permissions.Permissions;
import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reactions in the browser: picking one, others' arriving live, toggling a chip, and no button without the permission. */
class ReactionsBrowserTest extends BrowserTestBase {
  private static final String PARTY = "\uD83C\uDF89"; // 🎉

  private static By chip(String messageId, String emoji) {
    return By.cssSelector("[data-message-id='" + messageId + "'] [data-testid='reaction'][data-emoji='" + emoji + "']");
  }

  /** The chip's count and whether it is ours ("2/true"), or "none" when there is no chip. */
  private static String chipState(WebDriver d, String messageId, String emoji) {
    List<WebElement> found = d.findElements(chip(messageId, emoji));
    if (found.isEmpty()) {
      return "none";
    }
    return found.get(0).findElement(testId("reaction-count")).getText().trim() + "/" + found.get(0).getDomAttribute("data-me");
  }

  private static void waitForChip(WebDriver d, String messageId, String emoji, String state, String what) {
    waitFor(d, x -> chipState(x, messageId, emoji).equals(state), what + " (want " + state + ", see "
        + chipState(d, messageId, emoji) + ")");
  }

  private static String path(String channel, String message, String emoji) {
    return "/channels/" + channel + "/messages/" + message + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8) + "/@me";
  }

  @Test
  @DisplayName("Bob picks a reaction, alice's arrives live, an edit keeps them, a chip click toggles, and without ADD_REACTIONS the button goes")
  void reactions() {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + UUID.randomUUID().toString().substring(0, 6));
    ApiClient.Session bob = api.login("bob_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Tavern")).json();
    String g = guild.getString("id");
    String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    String message = alice.post("/channels/" + channel + "/messages", new JsonObject().put("content", "Party tonight?")).json().getString("id");

    WebDriver d = Browsers.chrome(1280, 800);
    try {
      login(d, app.baseUrl(), bob.username());
      openChannel(d, "general");
      waitForMessage(d, "Party tonight?", "bob");
      By online = By.cssSelector("[data-testid='member'][data-user-id='" + bob.userId() + "'][data-online='true']");
      waitFor(d, ExpectedConditions.presenceOfElementLocated(online), "bob's stream to open");

      // Bob picks 🎉 from the picker on alice's message.
      WebElement row = d.findElement(By.cssSelector("[data-message-id='" + message + "']"));
      new Actions(d).moveToElement(row).perform();
      waitFor(d, ExpectedConditions.elementToBeClickable(row.findElement(testId("reaction-add"))), "the add-reaction button").click();
      WebElement picker = waitFor(d, ExpectedConditions.visibilityOfElementLocated(testId("emoji-picker")), "the picker");
      waitFor(d, x -> picker.findElements(testId("emoji-option")).size() > 1500, "the whole emoji set, not a short list");
      Browsers.screenshot(d, "reaction-picker");
      picker.findElement(By.cssSelector("[data-testid='emoji-option'][data-emoji='" + PARTY + "']")).click();
      waitForChip(d, message, PARTY, "1/true", "bob's 🎉 to show as his");
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("emoji-picker")), "the picker to close");
      JsonArray reactions = alice.get("/channels/" + channel + "/messages?limit=1").array().getJsonObject(0).getJsonArray("reactions");
      assertEquals(1, reactions.getJsonObject(0).getInteger("count"), "the server has bob's reaction: " + reactions);

      // Alice's reaction arrives over the stream; her edit (which carries no reactions) keeps them.
      assertEquals(204, alice.put(path(channel, message, PARTY), null).status());
      waitForChip(d, message, PARTY, "2/true", "alice's 🎉 to count");
      assertEquals(200, alice.patch("/channels/" + channel + "/messages/" + message,
          new JsonObject().put("content", "Party tonight!")).status());
      waitForMessage(d, "Party tonight!", "bob");
      assertEquals("2/true", chipState(d, message, PARTY), "the edit kept the reactions");

      // A click on the chip takes bob's away again; alice's stays.
      d.findElement(chip(message, PARTY)).click();
      waitForChip(d, message, PARTY, "1/false", "bob's 🎉 to be removed");
      assertEquals(204, alice.delete(path(channel, message, PARTY)).status());
      waitForChip(d, message, PARTY, "none", "the chip to go at zero");

      // Without ADD_REACTIONS in the channel, the button goes (live, on the overwrite's CHANNEL_UPDATE).
      assertEquals(1, d.findElements(testId("reaction-add")).size(), "one add button, on the one message");
      assertEquals(204, alice.put("/channels/" + channel + "/permissions/" + g, new JsonObject()
          .put("type", 0).put("deny", Long.toString(Permissions.ADD_REACTIONS))).status());
      waitFor(d, x -> x.findElements(testId("reaction-add")).isEmpty(), "the add-reaction button to go");
      assertTrue(d.findElement(testId("message-list")).isDisplayed());
      Browsers.screenshot(d, "reactions");
    } finally {
      Browsers.quit(d);
    }
  }
}
