package guildhall.browser;

import guildhall.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One real server per browser test class, started only when Chromium is there (skipped otherwise,
 * failed under CI=true). Classes run one after another, so the field is theirs in turn.
 */
abstract class BrowserTestBase {
  protected static TestApp app;

  @BeforeAll
  static void startServer() {
    Browsers.requireChromium(); // skip (or fail on CI) before starting anything
    app = TestApp.start();
  }

  @AfterAll
  static void stopServer() {
    if (app != null) {
      app.close();
      app = null;
    }
  }
}
