package guildhall.api;

import guildhall.support.GuildhallProcess;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an operator's log collector reads: with {@code log.format: "json"} every line the process writes is
 * one JSON object, and a request's access line carries the id its answer named in {@code X-Request-Id};
 * by default, plain lines with wall-clock time, level, logger, message and the id. Each case starts
 * Guildhall as its own JVM and reads everything it wrote, from its first line.
 */
class LogFormatTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("log.format json: every line parses as JSON; the access line names the request's X-Request-Id")
  void json() throws Exception {
    try (GuildhallProcess node = start(Map.of("GUILDHALL_LOG_FORMAT", "json"))) {
      String given = "from-proxy-" + System.nanoTime();
      assertEquals(given, get(node, "/health", given).headers().firstValue("X-Request-Id").orElse(null));
      String minted = get(node, "/api/v1/users/@me", null).headers().firstValue("X-Request-Id").orElseThrow();
      String output = awaitOutput(node, minted);

      List<JsonObject> lines = output.lines().filter(line -> !line.isBlank()).map(line -> parse(line, output)).toList();
      JsonObject serving = lines.stream().filter(l -> l.getString("formattedMessage", "").startsWith("Guildhall serving on"))
          .findFirst().orElseThrow(() -> new AssertionError("no start line; output:\n" + output));
      assertEquals("INFO", serving.getString("level"));
      assertEquals("guildhall.Main", serving.getString("loggerName"));
      long age = System.currentTimeMillis() - serving.getLong("timestamp");
      assertTrue(age >= 0 && age < 300_000, "wall-clock epoch ms, was " + serving.getValue("timestamp"));
      assertFalse(serving.getString("threadName", "").isEmpty());

      JsonObject health = accessLine(lines, given, output);
      assertEquals("GET /health 200", health.getString("formattedMessage").replaceAll(" \\d+ms$", ""));
      JsonObject refused = accessLine(lines, minted, output);
      assertEquals("GET /api/v1/users/@me 401", refused.getString("formattedMessage").replaceAll(" \\d+ms$", ""));
      assertNotEquals(given, minted);
      // Lines logged outside any request carry no id of a request served before them on the same thread.
      assertEquals(new JsonObject(), serving.getJsonObject("mdc"));
    }
  }

  @Test
  @DisplayName("By default lines are plain text: time, thread, level, logger, message, and the access line's id")
  void text() throws Exception {
    try (GuildhallProcess node = start(Map.of())) {
      String given = "plain-" + System.nanoTime();
      get(node, "/health", given);
      String output = awaitOutput(node, given);
      assertTrue(output.lines().noneMatch(line -> line.startsWith("{")), "no JSON lines; output:\n" + output);
      Pattern access = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* \\[[^]]+] INFO guildhall\\.access - "
          + "GET /health 200 \\d+ms id=" + Pattern.quote(given));
      assertTrue(output.lines().anyMatch(line -> access.matcher(line).matches()), "access line; output:\n" + output);
      assertTrue(output.lines().anyMatch(line -> line.matches("\\d{4}-.* INFO guildhall\\.Main - Guildhall serving on .*")),
          "start line; output:\n" + output);
    }
  }

  @Test
  @DisplayName("An unknown log.format stops the start with a message naming the setting")
  void unknownFormat() throws Exception {
    try (GuildhallProcess node = start(Map.of("GUILDHALL_LOG_FORMAT", "xml"))) {
      int exit = node.awaitExit(60_000);
      String output = node.output();
      assertNotEquals(0, exit, output);
      assertTrue(output.contains("log.format must be \"text\" or \"json\", was xml"), output);
    }
  }

  private static GuildhallProcess start(Map<String, String> environment) throws Exception {
    Path db = Files.createTempDirectory("guildhall-logformat").resolve("guildhall.db");
    GuildhallProcess node = GuildhallProcess.start("jdbc:sqlite:" + db, environment);
    return environment.containsValue("xml") ? node : node.awaitReady(60_000);
  }

  private static HttpResponse<String> get(GuildhallProcess node, String path, String requestId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path));
    if (requestId != null) {
      request.header("X-Request-Id", requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The log once it names {@code requestId}: the access line is written as the answer ends, a moment after. */
  private static String awaitOutput(GuildhallProcess node, String requestId) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      String output = node.output();
      if (output.contains(requestId) || System.currentTimeMillis() > deadline) {
        return output;
      }
      Thread.sleep(50);
    }
  }

  private static JsonObject parse(String line, String output) {
    try {
      return new JsonObject(line);
    } catch (DecodeException e) {
      return fail("not a JSON line: " + line + "\noutput:\n" + output);
    }
  }

  private static JsonObject accessLine(List<JsonObject> lines, String requestId, String output) {
    return lines.stream()
        .filter(l -> "guildhall.access".equals(l.getString("loggerName")))
        .filter(l -> requestId.equals(l.getJsonObject("mdc", new JsonObject()).getString("request_id")))
        .findFirst().orElseThrow(() -> new AssertionError("no access line with id " + requestId + "; output:\n" + output));
  }
}
