package guildhall.browser;

import guildhall.support.Backend;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passwords as the server asks for them: on the laptop default the page says plainly that anyone can
 * sign in as a name without a password and offers to set one; where passwords are required, the login
 * screen says so and a new name signs up with its password.
 */
class PasswordNoticeBrowserTest extends BrowserTestBase {
  private static String name(String base) {
    return base + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  @DisplayName("Without a password: a notice names the risk; Set a password opens the settings, and once set the notice is gone")
  void noticeUntilAPasswordIsSet() {
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      String me = name("open");
      login(d, app.baseUrl(), me);
      String notice = visible(d, "password-notice").getText();
      assertTrue(notice.contains("Anyone can sign in as") && notice.contains(me), "the notice names the account: " + notice);
      Browsers.screenshot(d, "password-notice");
      click(d, "password-notice-set");
      visible(d, "user-password").sendKeys("a good long password");
      click(d, "user-save");
      waitFor(d, ExpectedConditions.invisibilityOfElementLocated(testId("password-notice")), "the notice to go once a password is set");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("Passwords required: the login screen says so, a new name without one cannot sign in, and with one it can, with no notice")
  void requiredOnTheLoginScreen() {
    TestApp strict = TestApp.start(Backend.SQLITE, new JsonObject().put("auth", new JsonObject().put("require_password", true)));
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      d.get(strict.baseUrl() + "/");
      waitFor(d, ExpectedConditions.textToBePresentInElementLocated(testId("login-rules"), "asks every account for a password"),
          "the login screen to say passwords are required");
      visible(d, "login-username").sendKeys(name("strict"));
      visible(d, "login-password").sendKeys("short");
      click(d, "login-submit");
      String error = visible(d, "login-error").getText();
      assertTrue(error.contains("8"), "a short password is refused, saying why: " + error);
      visible(d, "login-password").sendKeys(" but now long");
      click(d, "login-submit");
      waitFor(d, ExpectedConditions.presenceOfElementLocated(testId("guild-rail")), "the app after signing up with a password");
      assertTrue(d.findElements(testId("password-notice")).isEmpty(), "an account with a password gets no notice");
    } finally {
      Browsers.quit(d);
      strict.close();
    }
  }
}
