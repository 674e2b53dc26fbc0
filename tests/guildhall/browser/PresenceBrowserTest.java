package guildhall.browser;

import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Duration;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.showChannels;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence in the browser: picking a status and a custom status, others' dots, idle when away, dnd silencing notices. */
class PresenceBrowserTest extends BrowserTestBase {

  private static String myDot(WebDriver d) {
    return dot(d, "[data-testid='status-button'] .presence");
  }

  private static String memberDot(WebDriver d, String userId) {
    return dot(d, "[data-testid='member'][data-user-id='" + userId + "'] .presence");
  }

  /** Read in one step in the page: a presence change re-renders the dot, and a found element can go stale before it is read. */
  private static String dot(WebDriver d, String selector) {
    Object status = ((JavascriptExecutor) d).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute('data-status') : 'none';", selector);
    return String.valueOf(status);
  }

  private static void pickStatus(WebDriver d, String status) {
    click(d, "status-button");
    waitFor(d, ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='status-options'] [data-status='" + status + "']")),
        "the " + status + " option").click();
    waitFor(d, x -> status.equals(myDot(x)), "my dot to show " + status);
  }

  private static String seenBy(ApiClient.Session viewer, String userId) {
    return viewer.get("/snapshot").json().getJsonArray("presences").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("user_id").equals(userId)).map(p -> p.getString("status")).findFirst().orElse("offline");
  }

  @Test
  @DisplayName("Desktop: bob picks dnd and a custom status, sees alice's dots change, goes idle when away, and dnd silences mentions")
  void desktop() {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + UUID.randomUUID().toString().substring(0, 6));
    ApiClient.Session bob = api.login("bob_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Lighthouse")).json();
    String g = guild.getString("id");
    String random = alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "random")).json().getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());

    WebDriver d = Browsers.chrome(1280, 800);
    try (SseClient aliceOnline = alice.stream(null)) {
      login(d, app.baseUrl(), bob.username());
      openChannel(d, "general");
      waitFor(d, x -> "online".equals(myDot(x)), "bob's own dot to show online");
      waitFor(d, x -> "online".equals(memberDot(x, alice.userId())), "alice's dot to show online");

      // Alice's choices reach bob's member list live; invisible shows as offline.
      assertEquals(200, alice.put("/users/@me/presence", new JsonObject().put("status", "dnd")).status());
      waitFor(d, x -> "dnd".equals(memberDot(x, alice.userId())), "alice's dot to turn dnd");
      assertEquals(200, alice.put("/users/@me/presence", new JsonObject().put("status", "invisible")).status());
      waitFor(d, x -> "offline".equals(memberDot(x, alice.userId())), "invisible alice to show offline");
      assertEquals(200, alice.put("/users/@me/presence", new JsonObject().put("status", "online")).status());
      waitFor(d, x -> "online".equals(memberDot(x, alice.userId())), "alice back online");

      // Bob picks Do Not Disturb and a custom status; alice sees both.
      pickStatus(d, "dnd");
      assertEquals("dnd", seenBy(alice, bob.userId()), "alice sees bob in dnd");
      click(d, "status-button");
      visible(d, "custom-status-emoji").sendKeys("☕");
      visible(d, "custom-status-text").sendKeys("Brewing coffee");
      Browsers.screenshot(d, "presence-picker-desktop");
      click(d, "custom-status-save");
      waitFor(d, x -> x.findElement(By.cssSelector("[data-testid='status-button'] [data-testid='custom-status']")).getText().contains("Brewing coffee"),
          "bob's custom status under his name");
      waitFor(d, x -> x.findElements(By.cssSelector("[data-testid='member'][data-user-id='" + bob.userId() + "'] [data-testid='custom-status']"))
          .stream().anyMatch(e -> e.getText().contains("Brewing coffee")), "bob's custom status in the member list");
      JsonObject bobSeen = alice.get("/snapshot").json().getJsonArray("presences").stream().map(JsonObject.class::cast)
          .filter(p -> p.getString("user_id").equals(bob.userId())).findFirst().orElseThrow();
      assertEquals("Brewing coffee", bobSeen.getJsonObject("custom_status").getString("text"));

      // In dnd, alice's mention in another channel brings no notice; online, it does.
      alice.post("/channels/" + random + "/messages", new JsonObject().put("content", "<@" + bob.userId() + "> quiet one"));
      aliceOnline.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("content").endsWith("quiet one"), "the first mention");
      new Actions(d).pause(Duration.ofMillis(700)).perform();
      assertTrue(d.findElements(testId("notice")).isEmpty(), "dnd: no notice");
      pickStatus(d, "online");
      alice.post("/channels/" + random + "/messages", new JsonObject().put("content", "<@" + bob.userId() + "> lunch?"));
      WebElement notice = waitFor(d, ExpectedConditions.visibilityOfElementLocated(testId("notice")), "a notice of alice's mention");
      assertTrue(notice.getText().contains("lunch?") && notice.getText().contains("#random"), notice.getText());
      Browsers.screenshot(d, "presence-notice-desktop");
      notice.click();
      waitFor(d, x -> x.findElement(testId("channel-header")).getText().contains("random"), "the notice to open #random");

      // Away: with the wait shortened, bob's client goes idle without input, and the first input brings him back.
      ((JavascriptExecutor) d).executeScript("localStorage.setItem('guildhall.idle_ms', '1500')");
      d.navigate().refresh();
      waitFor(d, ExpectedConditions.presenceOfElementLocated(testId("status-button")), "the app to reload");
      waitFor(d, Duration.ofSeconds(15), x -> "idle".equals(myDot(x)), "bob to go idle");
      waitFor(d, x -> "idle".equals(seenBy(alice, bob.userId())), "alice to see bob idle");
      new Actions(d).moveToElement(d.findElement(testId("composer"))).moveByOffset(5, 5).perform();
      waitFor(d, x -> "online".equals(myDot(x)), "bob back from idle");
      waitFor(d, x -> "online".equals(seenBy(alice, bob.userId())), "alice to see bob online again");
      ((JavascriptExecutor) d).executeScript("localStorage.removeItem('guildhall.idle_ms')");
      Browsers.screenshot(d, "presence-desktop");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("A typist whose last stream ends (as when their node dies) stops showing as typing at once, not after the indicator's 8 s")
  void typingEndsWithPresence() {
    ApiClient api = app.client();
    ApiClient.Session alice = api.login("alice_" + UUID.randomUUID().toString().substring(0, 6));
    ApiClient.Session bob = api.login("bob_" + UUID.randomUUID().toString().substring(0, 6));
    JsonObject guild = alice.post("/guilds", new JsonObject().put("name", "Lighthouse")).json();
    String g = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = alice.post("/guilds/" + g + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());

    WebDriver d = Browsers.chrome(1280, 800);
    SseClient aliceOnline = null;
    try {
      login(d, app.baseUrl(), bob.username());
      openChannel(d, "general");
      waitFor(d, x -> "online".equals(myDot(x)), "bob's own dot to show online: his stream is open");
      aliceOnline = alice.stream(null);
      waitFor(d, x -> "online".equals(memberDot(x, alice.userId())), "alice's dot to show online");
      assertEquals(204, alice.post("/channels/" + general + "/typing", null).status());
      waitFor(d, x -> x.findElement(testId("typing-indicator")).getText().contains(alice.username()), "alice typing");
      long closed = System.nanoTime();
      aliceOnline.close();
      waitFor(d, x -> "offline".equals(memberDot(x, alice.userId())), "alice's dot to show offline");
      waitFor(d, x -> !x.findElement(testId("typing-indicator")).getText().contains(alice.username()), "alice's typing to end");
      long tookMs = (System.nanoTime() - closed) / 1_000_000;
      assertTrue(tookMs < 6_000, "typing ended with her presence, " + tookMs + " ms after her stream closed, not at its 8 s expiry");
    } finally {
      if (aliceOnline != null) {
        aliceOnline.close();
      }
      d.quit();
    }
  }

  @Test
  @DisplayName("Phone: the status picker from the drawer's user panel; idle shows the moon and the choice survives a reload")
  void phone() {
    ApiClient api = app.client();
    ApiClient.Session carol = api.login("carol_" + UUID.randomUUID().toString().substring(0, 6));
    carol.post("/guilds", new JsonObject().put("name", "Harbour"));
    WebDriver d = Browsers.chrome(390, 844);
    try {
      login(d, app.baseUrl(), carol.username());
      showChannels(d);
      pickStatus(d, "idle");
      Browsers.screenshot(d, "presence-phone");
      assertEquals("idle", carol.get("/snapshot").json().getJsonObject("presence").getString("status"));
      d.navigate().refresh();
      waitFor(d, ExpectedConditions.presenceOfElementLocated(testId("status-button")), "the app to reload");
      showChannels(d);
      waitFor(d, x -> "idle".equals(myDot(x)), "the stored choice after a reload");
    } finally {
      Browsers.quit(d);
    }
  }
}
