package guildhall;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The configuration, read once at start: {@code conf/default.json} (from the classpath), then a file
 * named on the command line, then environment variables, each later source winning. Last of all,
 * {@code GUILDHALL_CONFIG}: any settings as one JSON object (how bin/bench-levers turns one lever off).
 */
public final class Config {
  private Config() {}

  public static JsonObject load(String fileArg, Map<String, String> env) throws IOException {
    JsonObject config;
    try (InputStream in = Config.class.getResourceAsStream("/conf/default.json")) {
      if (in == null) {
        throw new IOException("conf/default.json is missing from the classpath");
      }
      config = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    if (fileArg != null) {
      config = deepMerge(config, new JsonObject(Files.readString(Path.of(fileArg))));
    }
    applyEnvironment(config, env);
    return applyJson(config, env.get("GUILDHALL_CONFIG"));
  }

  /**
   * guilds.large_threshold: a guild with more members than this is "large". Its members' snapshot holds
   * only the first page of its member list, and its presence changes reach only those who have its
   * member list open (and who share a DM). 250 by default, the most Discord's gateway allows for its own
   * large_threshold: past a few hundred, every join would read and send the whole list.
   */
  public static int largeGuildThreshold(JsonObject config) {
    return config.getJsonObject("guilds", new JsonObject()).getInteger("large_threshold", 250);
  }

  /** Whether a guild of this many members is large (see {@link #largeGuildThreshold}). */
  public static boolean isLarge(int memberCount, int threshold) {
    return memberCount > threshold;
  }

  /** A database URL fit for a log line: any password in it (user:password@ or password=) is masked. */
  public static String masked(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  static void applyEnvironment(JsonObject config, Map<String, String> env) {
    setInt(config, "http", "port", env.get("GUILDHALL_PORT"));
    setInt(config, "admin", "port", env.get("GUILDHALL_ADMIN_PORT"));
    setString(config, "log", "format", env.get("GUILDHALL_LOG_FORMAT"));
    setString(config, "admin", "host", env.get("GUILDHALL_ADMIN_HOST"));
    setString(config, "database", "url", env.get("GUILDHALL_DATABASE_URL"));
    setInt(config, "node", "id", env.get("GUILDHALL_NODE_ID"));
    setString(config, "cluster", "members", env.get("GUILDHALL_CLUSTER_MEMBERS"));
    setString(config, "cluster", "host", env.get("GUILDHALL_CLUSTER_HOST"));
    setInt(config, "cluster", "port", env.get("GUILDHALL_CLUSTER_PORT"));
    setInt(config, "events", "retention_count", env.get("GUILDHALL_EVENT_RETENTION_COUNT"));
    setInt(config, "events", "retention_days", env.get("GUILDHALL_EVENT_RETENTION_DAYS"));
    setInt(config, "auth", "pbkdf2_iterations", env.get("GUILDHALL_PBKDF2_ITERATIONS"));
    setBoolean(config, "auth", "require_password", env.get("GUILDHALL_REQUIRE_PASSWORD"));
    setInt(config, "guilds", "large_threshold", env.get("GUILDHALL_LARGE_GUILD_THRESHOLD"));
  }

  private static JsonObject applyJson(JsonObject config, String json) {
    if (json == null || json.isBlank()) {
      return config;
    }
    try {
      return deepMerge(config, new JsonObject(json));
    } catch (io.vertx.core.json.DecodeException e) {
      throw new IllegalArgumentException("environment: GUILDHALL_CONFIG must be a JSON object: " + e.getMessage());
    }
  }

  private static void setString(JsonObject config, String section, String key, String value) {
    if (value != null && !value.isBlank()) {
      section(config, section).put(key, value.trim());
    }
  }

  private static void setInt(JsonObject config, String section, String key, String value) {
    if (value != null && !value.isBlank()) {
      try {
        section(config, section).put(key, Integer.parseInt(value.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("environment: " + section + "." + key + " must be a number, was " + value);
      }
    }
  }

  private static void setBoolean(JsonObject config, String section, String key, String value) {
    if (value != null && !value.isBlank()) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("environment: " + section + "." + key + " must be true or false, was " + value);
      }
      section(config, section).put(key, Boolean.parseBoolean(v));
    }
  }

  private static JsonObject section(JsonObject config, String name) {
    JsonObject section = config.getJsonObject(name);
    if (section == null) {
      section = new JsonObject();
      config.put(name, section);
    }
    return section;
  }

  static JsonObject deepMerge(JsonObject base, JsonObject over) {
    JsonObject merged = base.copy();
    for (String key : over.fieldNames()) {
      Object value = over.getValue(key);
      if (value instanceof JsonObject o && merged.getValue(key) instanceof JsonObject b) {
        merged.put(key, deepMerge(b, o));
      } else {
        merged.put(key, value);
      }
    }
    return merged;
  }
}
