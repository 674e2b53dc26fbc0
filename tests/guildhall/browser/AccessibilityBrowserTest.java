package guildhall.browser;

import guildhall.support.ApiClient;
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

import java.util.ArrayList;
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
 * Keyboard and eyes: dialogs trap focus and give it back, the rail, channels and messages are reached
 * and walked with Tab and arrows alone, and text and actions have 4.5:1 contrast against what is behind them.
 */
class AccessibilityBrowserTest extends BrowserTestBase {

  /** The contrast of each element's text (and a text field's placeholder) against its effective background. */
  private static final String CONTRAST = """
      const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0];
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
      const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]); };
      const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
      const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
      function background(el) {
        const chain = []; for (let e = el; e; e = e.parentElement) chain.unshift(e);
        let bg = [255, 255, 255, 1];
        for (const e of chain) bg = over(parse(getComputedStyle(e).backgroundColor), bg);
        return bg;
      }
      function opacity(el) { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; }
      const out = [];
      for (const sel of arguments[0]) {
        const els = Array.from(document.querySelectorAll(sel));
        if (els.length === 0) { out.push({ sel, missing: true }); continue; }
        for (const el of els.slice(0, 5)) {
          const placeholder = sel.endsWith('::placeholder');
          const target = placeholder ? el : el;
          const bg = background(target);
          const fg = parse(getComputedStyle(target, placeholder ? '::placeholder' : null).color);
          const shown = over([fg[0], fg[1], fg[2], fg[3] * opacity(target)], bg);
          out.push({ sel, text: (target.innerText || target.placeholder || '').slice(0, 30), ratio: Math.round(ratio(shown, bg) * 100) / 100 });
        }
      }
      return out;
      """;

  private static final List<String> KEY_ELEMENTS = List.of(
      ".message-time", ".edited", ".channel-start .muted", ".edit-hint", ".edit-hint .link", "button.message-author",
      ".channel-item", ".channel-topic", ".member-section", ".member-name", ".member.offline .member-name",
      ".custom-status", ".guild-title", ".profile-username", ".profile-label", ".profile-status", ".btn", ".btn.primary", ".btn.danger", ".icon-btn",
      ".typing-indicator", ".composer");

  private static String name(String base) {
    return base + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static JavascriptExecutor js(WebDriver d) {
    return (JavascriptExecutor) d;
  }

  private static Object active(WebDriver d, String script) {
    return js(d).executeScript("const a = document.activeElement; return " + script + ";");
  }

  private static void press(WebDriver d, CharSequence... keys) {
    new Actions(d).sendKeys(keys).perform();
  }

  /** Presses Tab until the focused element matches {@code selector}; fails after {@code max} presses. */
  private static void tabTo(WebDriver d, String selector, int max) {
    for (int i = 0; i < max; i++) {
      if (Boolean.TRUE.equals(active(d, "!!a && a.matches(" + quote(selector) + ")"))) {
        return;
      }
      press(d, Keys.TAB);
    }
    assertTrue((Boolean) active(d, "!!a && a.matches(" + quote(selector) + ")"),
        "Tab to reach " + selector + "; at " + active(d, "a && a.outerHTML.slice(0, 120)"));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "\\'") + "'";
  }

  @SuppressWarnings("unchecked")
  private static void assertContrast(WebDriver d, String size) {
    List<Map<String, Object>> found = (List<Map<String, Object>>) js(d).executeScript(CONTRAST, KEY_ELEMENTS);
    List<String> low = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map<String, Object> r : found) {
      if (Boolean.TRUE.equals(r.get("missing"))) {
        missing.add((String) r.get("sel"));
      } else if (((Number) r.get("ratio")).doubleValue() < 4.5) {
        low.add(r.get("sel") + " \"" + r.get("text") + "\" " + r.get("ratio") + ":1");
      }
    }
    assertTrue(missing.isEmpty(), size + ": the page should show every key element, missing " + missing);
    assertTrue(low.isEmpty(), size + ": below 4.5:1: " + low);
    // The composer's placeholder, measured on its own (a pseudo-element).
    Number placeholder = (Number) js(d).executeScript(CONTRAST.replace("for (const sel of arguments[0])", "for (const sel of ['.composer::placeholder'])")
        .replace("document.querySelectorAll(sel)", "document.querySelectorAll(sel.replace('::placeholder', ''))")
        .replace("return out;", "return out[0].ratio;"));
    assertTrue(placeholder.doubleValue() >= 4.5, size + ": the composer's placeholder is " + placeholder + ":1");
  }

  private void scenario(int width, int height, String size) {
    boolean phone = width < 500;
    ApiClient api = app.client();
    ApiClient.Session alice = api.login(name("alice"));
    ApiClient.Session bob = api.login(name("bob"));
    JsonObject first = alice.post("/guilds", new JsonObject().put("name", "Atrium")).json();
    JsonObject second = alice.post("/guilds", new JsonObject().put("name", "Belfry")).json();
    String g2 = second.getString("id");
    String random = alice.post("/guilds/" + g2 + "/channels", new JsonObject().put("name", "random").put("topic", "anything goes")).json().getString("id");
    String code = alice.post("/guilds/" + g2 + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, bob.post("/invites/" + code, null).status());
    List<String> ids = new ArrayList<>();
    for (String text : new String[] {"one", "two", "three"}) {
      ids.add(alice.post("/channels/" + random + "/messages", new JsonObject().put("content", text)).json().getString("id"));
    }
    // An edited message shows "(edited)"; a custom status shows under alice's name.
    assertEquals(200, alice.patch("/channels/" + random + "/messages/" + ids.get(0), new JsonObject().put("content", "one!")).status());
    assertEquals(200, alice.put("/users/@me/presence", new JsonObject().put("status", "online")
        .put("custom_status", new JsonObject().put("text", "Reading"))).status());

    WebDriver d = Browsers.chrome(width, height);
    try {
      login(d, app.baseUrl(), alice.username());
      // Open the first guild's channel, so the rail has a selected item.
      openChannel(d, "general");
      waitFor(d, x -> x.findElement(testId("channel-header")).getText().contains("general"), "Atrium's #general");
      js(d).executeScript("document.activeElement && document.activeElement.blur(); document.body.focus()");

      // ---- keyboard only: rail → Belfry → #random → its messages ----
      if (phone) {
        tabTo(d, "[data-testid=open-channels-drawer]", 10);
        press(d, Keys.ENTER);
        waitFor(d, x -> Boolean.TRUE.equals(active(x, "!!a && !!a.closest('[data-testid=guild-rail]')")), "focus to move into the opened drawer");
      } else {
        // Tab goes on from the last click (the channel), round the page's stops and back to the rail.
        tabTo(d, "[data-testid=guild-rail] .guild-icon", 60);
      }
      assertEquals(1L, js(d).executeScript("return document.querySelectorAll('[data-testid=guild-rail] .guild-icon[tabindex=\"0\"]').length"),
          "the rail is one Tab stop");
      assertEquals(first.getString("id"), active(d, "a.dataset.guildId"), "Tab lands on the open server");
      press(d, Keys.ARROW_DOWN);
      assertEquals(g2, active(d, "a.dataset.guildId"), "Arrow Down moves to the next server");
      Browsers.screenshot(d, "a11y-rail-focus-" + size);
      press(d, Keys.ARROW_UP);
      assertEquals(first.getString("id"), active(d, "a.dataset.guildId"), "Arrow Up moves back");
      press(d, Keys.ARROW_DOWN, Keys.ENTER);
      waitFor(d, x -> x.findElement(By.cssSelector(".guild-title")).getText().equals("Belfry"), "Enter to open Belfry");
      tabTo(d, ".channel-item", 5);
      assertEquals("general", active(d, "a.textContent.trim()"));
      press(d, Keys.ARROW_DOWN);
      assertEquals("random", active(d, "a.textContent.trim()"), "Arrow Down moves to #random");
      press(d, Keys.ENTER);
      waitFor(d, x -> x.findElement(testId("channel-header")).getText().contains("random"), "Enter to open #random");
      waitForMessage(d, "three", "alice");
      tabTo(d, "[data-testid=message-list]", 25);
      press(d, Keys.ARROW_UP);
      assertEquals("three", active(d, "a.matches('[data-testid=message]') && a.querySelector('[data-testid=message-content]').textContent"),
          "Arrow Up from the list goes to the newest message");
      press(d, Keys.ARROW_UP);
      assertEquals("two", active(d, "a.querySelector('[data-testid=message-content]').textContent"), "and on to the one before");
      Browsers.screenshot(d, "a11y-message-focus-" + size);
      press(d, Keys.ARROW_DOWN);
      assertEquals("three", active(d, "a.querySelector('[data-testid=message-content]').textContent"));
      press(d, Keys.ESCAPE);
      assertEquals("message-list", active(d, "a.dataset.testid"), "Escape goes back to the list");

      // ---- a dialog: role, label, focus trapped and returned ----
      showChannels(d);
      WebElement settings = visible(d, "guild-settings-button");
      settings.click();
      WebElement dialog = waitFor(d, ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal[role=dialog]")), "the settings dialog");
      assertEquals("true", dialog.getDomAttribute("aria-modal"));
      String label = (String) js(d).executeScript("return document.getElementById(arguments[0].getAttribute('aria-labelledby')).textContent", dialog);
      assertTrue(label.contains("Belfry"), label);
      for (int i = 0; i < 40; i++) {
        press(d, Keys.TAB);
        assertTrue((Boolean) active(d, "!!a.closest('.modal')"), "Tab stays in the dialog (press " + (i + 1) + ")");
      }
      for (int i = 0; i < 10; i++) {
        press(d, Keys.chord(Keys.SHIFT, Keys.TAB));
        assertTrue((Boolean) active(d, "!!a.closest('.modal')"), "Shift-Tab stays in the dialog (press " + (i + 1) + ")");
      }
      press(d, Keys.ESCAPE);
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal")), "Escape to close the dialog");
      assertEquals("guild-settings-button", active(d, "a.dataset.testid"), "focus returns to the button that opened it");

      // ---- contrast of what a reader reads ----
      closeDrawer(d);
      // An edit box shows the link-styled buttons; bob is offline, so his row is the faded kind.
      // The row's toolbar appears on hover, once the drawer has slid away: hover and click again until it takes.
      waitFor(d, x -> {
        WebElement mine = x.findElements(testId("message")).get(x.findElements(testId("message")).size() - 1);
        try {
          new Actions(x).moveToElement(mine).perform();
          mine.findElement(testId("message-edit")).click();
          return true;
        } catch (org.openqa.selenium.ElementNotInteractableException | org.openqa.selenium.StaleElementReferenceException notYet) {
          return false;
        }
      }, "the edit button of my last message");
      visible(d, "message-edit-input");
      // Bob's profile card brings the buttons: Message (primary), Block and Kick (danger), Time out.
      if (phone) {
        click(d, "open-members-drawer");
        visible(d, "member-list");
      }
      waitFor(d, ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='member'][data-user-id='" + bob.userId() + "']")),
          "bob in the member list").click();
      visible(d, "profile-card");
      assertContrast(d, size);
      Browsers.screenshot(d, "a11y-contrast-" + size);
      assertFalse(d.findElements(By.cssSelector(".member.offline")).isEmpty(), "an offline member was measured");
    } finally {
      Browsers.quit(d);
    }
  }

  private static void closeDrawer(WebDriver d) {
    By scrim = By.cssSelector(".scrim");
    if (!d.findElements(scrim).isEmpty() && d.findElement(scrim).isDisplayed()) {
      new Actions(d).moveToElement(d.findElement(scrim), 170, 0).click().perform();
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(scrim), "the drawer to close");
    }
  }

  @Test
  @DisplayName("Desktop: keyboard from the rail to a channel to a message, a dialog that traps and returns focus, 4.5:1 contrast")
  void desktop() {
    scenario(1280, 800, "desktop");
  }

  @Test
  @DisplayName("Phone: the same through the drawers")
  void phone() {
    scenario(390, 844, "phone");
  }
}
