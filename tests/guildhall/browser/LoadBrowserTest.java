package guildhall.browser;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.waitFor;
import static guildhall.browser.BrowserSteps.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading the client: a cold load to the login screen is timed (printed, not asserted: machines differ),
 * and a reload, signed in, takes every script, style and library from the browser's cache; only the
 * page itself is asked for again.
 */
class LoadBrowserTest extends BrowserTestBase {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> resources(WebDriver d) {
    return (List<Map<String, Object>>) ((JavascriptExecutor) d).executeScript(
        "return performance.getEntriesByType('resource').map(e => ({name: e.name, transferSize: e.transferSize}));");
  }

  private static void check(int width, int height, String label) {
    WebDriver d = Browsers.chrome(width, height);
    try {
      // The browser's first request of all warms its own network stack and the server's JIT, neither of which
      // is the client's load; /health caches nothing of the client, so the load below is still from nothing.
      d.get(app.baseUrl() + "/health");
      d.get(app.baseUrl());
      visible(d, "login-username");
      // From navigation start to the login form rendered (the mark Login sets), and the page's own arrival.
      Number shown = (Number) ((JavascriptExecutor) d).executeScript(
          "return performance.getEntriesByName('guildhall:login-shown')[0].startTime;");
      Number page = (Number) ((JavascriptExecutor) d).executeScript(
          "return performance.getEntriesByType('navigation')[0].responseEnd;");
      Number modules = (Number) ((JavascriptExecutor) d).executeScript(
          "const shown = performance.getEntriesByName('guildhall:login-shown')[0].startTime;"
              + "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js') && e.startTime < shown).length;");
      System.out.printf("[load] %s cold load to the login screen: %.0f ms (page in %.0f ms, %d scripts before it, fresh profile, localhost)%n",
          label, shown.doubleValue(), page.doubleValue(), modules.intValue());
      Browsers.screenshot(d, "load-login-" + label);

      login(d, app.baseUrl(), "lena_" + UUID.randomUUID().toString().substring(0, 6));
      d.navigate().refresh();
      waitFor(d, ExpectedConditions.presenceOfElementLocated(testId("guild-rail")), "the app after a reload");
      List<Map<String, Object>> fetched = resources(d).stream()
          .filter(r -> !r.get("name").toString().contains("/api/"))
          .filter(r -> ((Number) r.get("transferSize")).longValue() > 0)
          .toList();
      assertFalse(resources(d).isEmpty(), "the reload used scripts and styles");
      assertEquals(List.of(), fetched, "after a reload nothing unchanged comes over the network again");
      assertTrue(resources(d).stream().anyMatch(r -> r.get("name").toString().contains("/v/")), "the client's files are versioned");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("Desktop: cold load timed, a reload fetches nothing unchanged")
  void desktop() {
    check(1280, 800, "desktop");
  }

  @Test
  @DisplayName("Phone: cold load timed, a reload fetches nothing unchanged")
  void phone() {
    check(390, 844, "phone");
  }
}
