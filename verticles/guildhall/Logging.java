package guildhall;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import io.vertx.core.json.JsonObject;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Chooses the log format, {@code log.format}: "text" (plain lines, the default) or "json" (one object per
 * line), by the system property {@link LogSetup} reads. Logback has set up already by the time the
 * configuration is known (reading it parses JSON, and Vert.x's JSON codec makes a logger), so it sets up
 * again once the property is set. Main calls this before it logs anything, so every line comes out in the
 * chosen format.
 */
public final class Logging {
  static final String FORMAT_PROPERTY = "guildhall.log.format";

  private Logging() {}

  public static void configure(JsonObject config) {
    System.setProperty(FORMAT_PROPERTY, format(config));
    reload();
  }

  /** Quiets everything below warn (the class-data training run, which only loads classes). */
  static void quiet() {
    System.setProperty("guildhall.log.level", "warn");
    reload();
  }

  static String format(JsonObject config) {
    Object value = config.getJsonObject("log", new JsonObject()).getValue("format", "text");
    String format = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("configuration: log.format must be \"text\" or \"json\", was " + value);
    }
    return format;
  }

  /** Logback's own start-up lookup again (LogSetup, or -Dlogback.configurationFile / logback-test.xml when given). */
  private static void reload() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("logback configuration: " + e.getMessage(), e);
      }
    }
  }
}
