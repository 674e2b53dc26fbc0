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

import java.util.List;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.contents;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages written to run script in their readers' browsers: each is shown as the text it is, runs
 * nothing for the writer (live) or for a reader who opens the channel later (from history), and the
 * page's CSP refuses inline script even where the client's escaping would not be there to stop it.
 */
class XssBrowserTest extends BrowserTestBase {
  private static final List<String> ATTACKS = List.of(
      "<img src=x onerror=\"window.__pwned=1\">",
      "<script>window.__pwned=1</script>",
      "[click](javascript:window.__pwned=1)",
      "<a href=\"javascript:window.__pwned=1\">a</a>",
      "<svg onload=\"window.__pwned=1\">");

  /** Elements that could run script, inside the message list; each found is named. */
  private static final String DANGEROUS = """
      const list = document.querySelector("[data-testid='message-list']");
      const found = [];
      for (const el of list.querySelectorAll('script, [onerror], [onload], [onclick], iframe, object, embed')) found.push(el.outerHTML);
      for (const el of list.querySelectorAll("[data-testid='message-content'] svg, [data-testid='message-content'] img")) found.push(el.outerHTML);
      for (const a of list.querySelectorAll('a[href]')) if (!/^(https?|mailto):/i.test(a.getAttribute('href').trim())) found.push(a.outerHTML);
      return found;
      """;

  @Test
  @DisplayName("HTML, script and javascript: links in messages show as text and run nothing, for the writer and a later reader")
  void messagesRunNoScript() {
    ApiClient api = app.client();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session mallory = api.login("mallory_" + suffix);
    ApiClient.Session reader = api.login("reader_" + suffix);
    JsonObject guild = mallory.post("/guilds", new JsonObject().put("name", "Traps")).json();
    String code = mallory.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
    assertEquals(200, reader.post("/invites/" + code, null).status());

    WebDriver writer = Browsers.chrome(1280, 800);
    WebDriver later = null;
    try {
      login(writer, app.baseUrl(), mallory.username());
      openChannel(writer, "general");
      for (String attack : ATTACKS) {
        WebElement composer = visible(writer, "composer");
        composer.sendKeys(attack);
        composer.sendKeys(Keys.ENTER);
        waitForMessage(writer, attack, "the writer");
      }
      assertSafe(writer, "the writer");

      later = Browsers.chrome(1280, 800);
      login(later, app.baseUrl(), reader.username());
      openChannel(later, "general");
      for (String attack : ATTACKS) {
        waitForMessage(later, attack, "the reader");
      }
      assertSafe(later, "the reader");
      Browsers.screenshot(later, "xss-as-text");
    } finally {
      Browsers.quit(writer);
      Browsers.quit(later);
    }
  }

  @Test
  @DisplayName("the page's CSP refuses an inline script and an inline event handler, were one ever put in the page")
  void cspRefusesInlineScript() {
    WebDriver browser = Browsers.chrome(1280, 800);
    try {
      login(browser, app.baseUrl(), "csp_" + UUID.randomUUID().toString().substring(0, 6));
      Object ran = ((JavascriptExecutor) browser).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          const script = document.createElement('script');
          script.textContent = 'window.__inline = 1';
          document.body.appendChild(script);
          const holder = document.createElement('div');
          holder.innerHTML = '<img src="data:," onerror="window.__handler = 1"><img src="x:" onerror="window.__handler = 1">';
          document.body.appendChild(holder);
          setTimeout(() => done([String(window.__inline), String(window.__handler)]), 500);
          """);
      assertEquals(List.of("undefined", "undefined"), ran, "neither the inline script nor the inline handler ran");
    } finally {
      Browsers.quit(browser);
    }
  }

  private static void assertSafe(WebDriver driver, String who) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertEquals(List.of(), js.executeScript(DANGEROUS), who + ": nothing in the message list can run script");
    // Whatever links the messages have are clicked, as a curious reader would (a safe one opens a new tab).
    String here = driver.getWindowHandle();
    for (WebElement link : driver.findElement(testId("message-list")).findElements(By.cssSelector("[data-testid='message-content'] a"))) {
      link.click();
    }
    for (String handle : driver.getWindowHandles()) {
      if (!handle.equals(here)) {
        driver.switchTo().window(handle).close();
      }
    }
    driver.switchTo().window(here);
    // Each message is found afresh before its click: a click can re-render the list (hover toolbar, focus).
    By contents = By.cssSelector("[data-testid='message-list'] [data-testid='message-content']");
    int count = driver.findElements(contents).size();
    for (int i = 0; i < count; i++) {
      for (int attempt = 0; ; attempt++) {
        try {
          driver.findElements(contents).get(i).click();
          break;
        } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
          if (attempt == 3) {
            throw rerendered;
          }
        }
      }
    }
    assertNull(js.executeScript("return window.__pwned === undefined ? null : String(window.__pwned)"), who + ": no message's script ran");
    List<String> shown = contents(driver);
    for (String attack : ATTACKS) {
      assertTrue(shown.contains(attack), who + " reads \"" + attack + "\" as text: " + shown);
    }
  }
}
