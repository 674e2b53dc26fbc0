package guildhall.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Headless Chromium for browser tests. The browser and its driver are named explicitly, so
 * Selenium never tries to download one. Without them the tests are skipped, except on CI
 * (env CI=true), where a missing browser is a failure.
 */
public final class Browsers {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Each driver's throw-away profile directory, removed when the driver quits. */
  private static final Map<WebDriver, Path> PROFILES = new ConcurrentHashMap<>();

  private Browsers() {}

  /** Skips the calling test (or fails it on CI) when Chromium or its driver is not installed. */
  public static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String message = "Chromium not installed: skipping browser tests";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(message + " (" + CHROMIUM + ", " + CHROMEDRIVER + ") — but CI=true, so this fails");
    }
    Assumptions.abort(message);
  }

  /** A fresh headless Chromium with its own profile, sized to {@code width}×{@code height}. */
  public static WebDriver chrome(int width, int height) {
    requireChromium();
    Path profile;
    try {
      profile = Files.createTempDirectory("guildhall-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    // Chromium will not make a window narrower than about 500 px, so phone sizes are emulated.
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 500));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    PROFILES.put(driver, profile);
    return driver;
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png} and returns its path. */
  public static Path screenshot(WebDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name.endsWith(".png") ? name : name + ".png");
      Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Quits a driver, if there is one, without letting a failure hide the test's own. */
  public static void quit(WebDriver driver) {
    if (driver == null) {
      return;
    }
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // The browser may already be gone; the test result is what matters.
    }
    Path profile = PROFILES.remove(driver);
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException | UncheckedIOException ignored) {
        // A leftover temp directory is harmless.
      }
    }
  }
}
