package guildhall.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device labels from real User-Agent strings, including the usual traps (Edge and Opera say Chrome, Android says Linux). */
class DevicesTest {
  @Test
  @DisplayName("Browsers and systems are named as a user would recognise them")
  void labels() {
    assertEquals("Chrome on Linux", Devices.label("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"));
    assertEquals("Chrome on Linux", Devices.label("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"));
    assertEquals("Edge on Windows", Devices.label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
    assertEquals("Firefox on macOS", Devices.label("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0"));
    assertEquals("Safari on iOS", Devices.label("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"));
    assertEquals("Chrome on Android", Devices.label("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"));
    assertEquals("Opera on Windows", Devices.label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0"));
  }

  @Test
  @DisplayName("Programs by their name; nothing at all as an unknown device; never longer than 64 characters")
  void programsAndOddities() {
    assertEquals("curl", Devices.label("curl/8.5.0"));
    assertEquals("Java-http-client", Devices.label("Java-http-client/17.0.13"));
    assertEquals("Unknown device", Devices.label(null));
    assertEquals("Unknown device", Devices.label("   "));
    assertTrue(Devices.label("x".repeat(500)).length() <= 64);
    assertEquals("evil", Devices.label("evil\u0000\n/1.0"));
  }
}
