package guildhall.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Steps a user takes in the web client, shared by the browser tests. */
final class BrowserSteps {
  static final Duration WAIT = Duration.ofSeconds(10);

  private BrowserSteps() {}

  static By testId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }

  static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition, String what) {
    return waitFor(driver, WAIT, condition, what);
  }

  static <T> T waitFor(WebDriver driver, Duration timeout, Function<WebDriver, T> condition, String what) {
    return new WebDriverWait(driver, timeout).withMessage(what).until(condition);
  }

  static WebElement visible(WebDriver driver, String id) {
    return waitFor(driver, ExpectedConditions.visibilityOfElementLocated(testId(id)), id + " to be visible");
  }

  static void click(WebDriver driver, String id) {
    waitFor(driver, ExpectedConditions.elementToBeClickable(testId(id)), id + " to be clickable").click();
  }

  /** Opens the app at {@code baseUrl} and logs in; an unknown username is signed up. */
  static void login(WebDriver driver, String baseUrl, String username) {
    driver.get(baseUrl + "/");
    visible(driver, "login-username").sendKeys(username);
    click(driver, "login-submit");
    // The rail is in the DOM on every screen size once the app has loaded (on phones inside a drawer).
    waitFor(driver, ExpectedConditions.presenceOfElementLocated(testId("guild-rail")), username + "'s app to load");
  }

  /** On a phone the guild rail and channels live in a drawer: open it when they are not on screen. */
  static void showChannels(WebDriver driver) {
    if (!driver.findElement(testId("guild-rail")).isDisplayed()) {
      click(driver, "open-channels-drawer");
      visible(driver, "guild-rail");
    }
  }

  static void openChannel(WebDriver driver, String name) {
    showChannels(driver);
    By item = By.xpath("//*[@data-testid='channel-item'][normalize-space(.)='" + name + "']");
    waitFor(driver, ExpectedConditions.elementToBeClickable(item), "channel " + name).click();
    waitFor(driver, d -> d.findElement(testId("channel-header")).getText().contains(name), "channel " + name + " to open");
    visible(driver, "composer");
  }

  /**
   * The text of every message-content in the open channel, pending ones included. Read in one script,
   * so that a pending row swapped for its confirmed copy meanwhile cannot leave a stale element.
   */
  @SuppressWarnings("unchecked")
  static List<String> contents(WebDriver driver) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll(\"[data-testid='message-list'] [data-testid='message-content']\"),"
            + " (e) => e.innerText.trim());");
  }

  static void waitForMessage(WebDriver driver, String text, String who) {
    waitFor(driver, d -> contents(d).contains(text), who + " to see \"" + text + "\"");
  }
}
