package guildhall.browser;

import guildhall.support.ApiClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.click;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.testId;
import static guildhall.browser.BrowserSteps.visible;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account dialog's sessions, as a user signed in twice (the browser, and a program through the API)
 * sees them: both listed, this device marked, the other signed out from here, then everywhere.
 */
class SessionsBrowserTest extends BrowserTestBase {
  private static List<WebElement> rows(WebDriver d) {
    return d.findElements(testId("session"));
  }

  private static void waitForRows(WebDriver d, int count) {
    waitFor(d, driver -> rows(driver).size() == count, count + " session row(s); saw " + rows(d).size());
  }

  @Test
  @DisplayName("Two sessions are listed, this device marked; signing the other out leaves one, and it can no longer call the API")
  void seeAndEndTheOtherSession() {
    String username = "roamer_" + UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session script = app.client().login(username);
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      login(d, app.baseUrl(), username);
      click(d, "user-settings-button");
      visible(d, "sessions");
      waitForRows(d, 2);

      WebElement current = d.findElement(By.cssSelector("[data-testid='session'][data-current='true']"));
      assertTrue(current.getText().contains("Chrome on Linux"), current.getText());
      assertTrue(current.getText().contains("This device"), current.getText());
      assertTrue(current.findElements(testId("session-sign-out")).isEmpty(), "this device has no Sign out of its own");
      WebElement other = d.findElement(By.cssSelector("[data-testid='session'][data-current='false']"));
      assertTrue(other.getText().contains("Java-http-client"), other.getText());
      assertTrue(other.getText().contains("Last used"), other.getText());

      other.findElement(testId("session-sign-out")).click();
      waitForRows(d, 1);
      assertEquals("true", rows(d).get(0).getAttribute("data-current"));
      assertEquals(401, script.get("/users/@me").status(), "the signed-out session's token still works");

      // Sign out everywhere ends this session too: the page returns to login.
      ApiClient.Session again = app.client().login(username);
      click(d, "sessions-sign-out-everywhere");
      waitFor(d, ExpectedConditions.visibilityOfElementLocated(testId("login-username")), "the login form");
      assertEquals(401, again.get("/users/@me").status(), "another session outlived Sign out everywhere");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("Signed out from another browser, a page returns to login by itself; a new password there signs the rest out too")
  void signedOutFromElsewhere() {
    String username = "twice_" + UUID.randomUUID().toString().substring(0, 6);
    WebDriver laptop = Browsers.chrome(1280, 800);
    WebDriver phone = null;
    try {
      phone = Browsers.chrome(1280, 800);
      login(laptop, app.baseUrl(), username);
      login(phone, app.baseUrl(), username);
      click(laptop, "user-settings-button");
      waitForRows(laptop, 2);
      laptop.findElement(By.cssSelector("[data-testid='session'][data-current='false']")).findElement(testId("session-sign-out")).click();
      waitForRows(laptop, 1);
      // The phone's stream ends at once; its reconnect is refused, and the page asks to log in again.
      waitFor(phone, ExpectedConditions.visibilityOfElementLocated(testId("login-username")), "the signed-out page to show login");

      // Signed in again on the phone; a new password set on the laptop signs the phone out, the laptop stays.
      login(phone, app.baseUrl(), username);
      new org.openqa.selenium.interactions.Actions(laptop).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform(); // close, then open afresh
      waitFor(laptop, ExpectedConditions.invisibilityOfElementLocated(testId("sessions")), "the account dialog to close");
      click(laptop, "user-settings-button");
      waitForRows(laptop, 2);
      visible(laptop, "user-password").sendKeys("a long new secret");
      click(laptop, "user-save");
      waitForRows(laptop, 1);
      waitFor(phone, ExpectedConditions.visibilityOfElementLocated(testId("login-username")), "the phone to return to login after the password change");
      assertTrue(laptop.findElements(testId("login-username")).isEmpty(), "the laptop that changed the password was signed out");
    } finally {
      Browsers.quit(laptop);
      if (phone != null) {
        Browsers.quit(phone);
      }
    }
  }
}
