package guildhall.browser;

import guildhall.permissions.Permissions;
import guildhall.support.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports in the browser, on a desktop and on a phone: a member reports a message from its actions, a
 * moderator's badge shows it live, the Reports tab shows the message, its author, the reporter and the
 * reason, and resolving with "delete message" removes it for everyone and clears the badge.
 */
class ReportsBrowserTest extends BrowserTestBase {
  private static String name(String base) {
    return base + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1280, 800", "390, 844"})
  @DisplayName("A member reports a message, the moderator sees the badge, opens Reports and resolves it by deleting the message")
  void reportAndResolve(int width, int height) {
    String size = width + "x" + height;
    ApiClient api = app.client();
    ApiClient.Session alice = api.login(name("alice"));
    ApiClient.Session mod = api.login(name("mod"));
    ApiClient.Session rita = api.login(name("rita"));
    ApiClient.Session sam = api.login(name("sam"));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Tavern")).json();
    String g = guild.getString("id");
    String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    for (ApiClient.Session s : new ApiClient.Session[] {mod, rita, sam}) {
      assertEquals(200, s.post("/invites/" + code, null).status());
    }
    String mods = alice.post("/guilds/" + g + "/roles", new JsonObject().put("name", "mods")
        .put("permissions", Long.toString(Permissions.MANAGE_MESSAGES))).json().getString("id");
    assertEquals(200, alice.patch("/guilds/" + g + "/members/" + mod.userId(), new JsonObject().put("roles", new JsonArray().add(mods))).status());
    String message = sam.post("/channels/" + channel + "/messages", new JsonObject().put("content", "Cheap gold, click here")).json().getString("id");

    WebDriver moderator = Browsers.chrome(width, height);
    WebDriver member = Browsers.chrome(width, height);
    try {
      login(moderator, app.baseUrl(), mod.username());
      openChannel(moderator, "general");
      waitForMessage(moderator, "Cheap gold, click here", "the moderator");
      login(member, app.baseUrl(), rita.username());
      openChannel(member, "general");
      waitForMessage(member, "Cheap gold, click here", "rita");

      // Rita reports sam's message from the More menu of its toolbar.
      WebElement row = member.findElement(By.cssSelector("[data-message-id='" + message + "']"));
      new Actions(member).moveToElement(row).perform();
      waitFor(member, ExpectedConditions.elementToBeClickable(row.findElement(testId("message-more"))), "the More button").click();
      waitFor(member, ExpectedConditions.elementToBeClickable(row.findElement(testId("message-report"))), "Report in the More menu").click();
      visible(member, "report-submit");
      click(member, "report-reason-spam");
      visible(member, "report-details").sendKeys("Same link in every channel");
      Browsers.screenshot(member, "report-dialog-" + size);
      click(member, "report-submit");
      visible(member, "report-sent");
      member.findElement(By.cssSelector(".modal .close")).click();

      // The moderator's badge shows it live; it opens the Reports tab.
      showChannels(moderator);
      WebElement badge = visible(moderator, "report-badge");
      assertEquals("1", badge.getText().trim());
      Browsers.screenshot(moderator, "report-badge-" + size);
      badge.click();
      WebElement item = visible(moderator, "report-item");
      assertEquals("Cheap gold, click here", item.findElement(testId("report-content")).getText().trim());
      assertTrue(item.findElement(testId("report-author")).getText().contains("sam"), "the author is shown");
      assertTrue(item.findElement(testId("report-reporter")).getText().contains("rita"), "the reporter is shown");
      assertEquals("Spam", item.findElement(testId("report-reason")).getText().trim());
      assertEquals("Same link in every channel", item.findElement(testId("report-details-text")).getText().trim());
      Browsers.screenshot(moderator, "reports-tab-" + size);

      // Resolving with "delete message": the report leaves the open list, the badge goes, the message goes for rita.
      new Select(item.findElement(testId("report-action"))).selectByValue("delete_message");
      item.findElement(testId("report-note")).sendKeys("spam link");
      item.findElement(testId("report-resolve")).click();
      visible(moderator, "reports-empty");
      waitFor(moderator, d -> d.findElements(testId("report-badge")).isEmpty(), "the badge to go");
      waitFor(member, d -> d.findElements(By.cssSelector("[data-message-id='" + message + "']")).isEmpty(), "the message to go for rita");
      click(moderator, "reports-filter-resolved");
      WebElement resolved = visible(moderator, "report-outcome");
      assertTrue(resolved.getText().contains("Delete message"), resolved.getText());
      Browsers.screenshot(moderator, "reports-resolved-" + size);
      JsonArray open = mod.get("/guilds/" + g + "/reports").array();
      assertEquals(0, open.size(), "no open report left: " + open);
    } finally {
      Browsers.quit(member);
      Browsers.quit(moderator);
    }
  }
}
