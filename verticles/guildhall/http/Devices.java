package guildhall.http;

import java.util.Locale;

/**
 * A session's device label from its login's User-Agent, short enough to recognise in a list
 * ("Chrome on Linux", "Firefox on Windows", "curl"). Not a full parser: the common browsers and
 * systems by their tell-tale tokens, in an order that avoids the usual traps (Edge and Opera also
 * say Chrome, Chrome also says Safari, Android also says Linux).
 */
final class Devices {
  private static final int MAX_LENGTH = 64;

  private Devices() {}

  static String label(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "Unknown device";
    }
    String ua = userAgent.replaceAll("\\p{Cntrl}", "");
    String browser = browser(ua);
    String system = system(ua);
    String label = system == null ? browser : browser + " on " + system;
    return label.length() > MAX_LENGTH ? label.substring(0, MAX_LENGTH) : label;
  }

  private static String browser(String ua) {
    if (ua.contains("Edg/") || ua.contains("Edge/")) {
      return "Edge";
    }
    if (ua.contains("OPR/") || ua.contains("Opera")) {
      return "Opera";
    }
    if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
      return "Firefox";
    }
    if (ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("CriOS/")) {
      return "Chrome";
    }
    if (ua.contains("Safari/") && ua.contains("Version/")) {
      return "Safari";
    }
    // A program, not a browser: its first product name ("curl/8.5.0" → "curl").
    String product = ua.trim().split("[\\s/;(]", 2)[0];
    return product.isEmpty() ? "Unknown device" : product;
  }

  private static String system(String ua) {
    String lower = ua.toLowerCase(Locale.ROOT);
    if (lower.contains("windows")) {
      return "Windows";
    }
    if (lower.contains("android")) {
      return "Android";
    }
    if (lower.contains("iphone") || lower.contains("ipad") || lower.contains("ipod")) {
      return "iOS";
    }
    if (lower.contains("cros")) {
      return "ChromeOS";
    }
    if (lower.contains("mac os x") || lower.contains("macintosh")) {
      return "macOS";
    }
    if (lower.contains("linux") || lower.contains("x11")) {
      return "Linux";
    }
    return null;
  }
}
