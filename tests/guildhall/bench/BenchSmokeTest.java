package guildhall.bench;

import guildhall.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/bench, in miniature, against a real server: the benchmark is a program people rerun to check
 * the README's figures, so it must keep working as the API changes. Seconds, not minutes: tiny levels.
 */
class BenchSmokeTest {
  @Test
  @DisplayName("bin/bench runs send, fan-out and snapshot against a live server and writes figures: messages acknowledged, none lost")
  void benchRunsAndReports() throws Exception {
    Path json = Files.createTempFile("bench-smoke", ".json");
    try (TestApp app = TestApp.start()) {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "bin/Bench.java",
          "--url", app.baseUrl(), "--quick", "--scenario", "send,fanout,snapshot", "--duration", "1", "--warmup", "0.5",
          "--send-concurrency", "4", "--fanout-subs", "20", "--fanout-users", "4", "--snapshot", "3x2", "--json", json.toString());
      Process bench = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(Files.createTempFile("bench-smoke", ".log").toFile()).start();
      assertTrue(bench.waitFor(180, TimeUnit.SECONDS), "bench finished in time");
      assertEquals(0, bench.exitValue(), "bench exit status");
    }
    JsonObject results = new JsonObject(Files.readString(json));
    JsonArray sendLevels = results.getJsonObject("send").getJsonArray("levels");
    assertTrue(sendLevels.getJsonObject(0).getLong("ok") > 0, "messages acknowledged: " + sendLevels);
    assertEquals(0L, sendLevels.getJsonObject(0).getLong("errors"), "send errors");
    JsonObject level = results.getJsonObject("fanout").getJsonArray("levels").getJsonObject(0);
    for (String phase : List.of("fixed_rate", "max_rate")) {
      assertTrue(level.getJsonObject(phase).getLong("acked") > 0, phase + " published");
      assertEquals(0L, level.getJsonObject(phase).getLong("lost"), phase + " lost");
    }
    assertEquals(3, results.getJsonObject("snapshot").getInteger("guilds"));
    assertTrue(results.getJsonObject("snapshot").getLong("bytes") > 0, "snapshot bytes");
  }

  @Test
  @DisplayName("bin/bench --scenario community, in miniature: every kind of request in the mix reaches streams, and no message, typing, reaction or edit is lost, "
      + "with every guild large, so that typing reaches only the streams that show each guild's member list")
  void communityRunsAndReports() throws Exception {
    Path json = Files.createTempFile("bench-community", ".json");
    // 200 users in 4 guilds: one of 80, three of 20. Above 19 members every guild is large, and a stream in a
    // guild of 20 that is in the big one too shows the big one's list: the bench must know it gets no typing.
    JsonObject largeFrom20 = new JsonObject().put("guilds", new JsonObject().put("large_threshold", 19));
    try (TestApp app = TestApp.start(guildhall.support.Backend.SQLITE, largeFrom20)) {
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "bin/Bench.java",
          "--url", app.baseUrl(), "--quick", "--scenario", "community", "--community-users", "200", "--community-guilds", "4",
          "--community-streams", "20", "--community-seconds", "4", "--community-rate-scale", "0.5", "--json", json.toString());
      Process bench = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(Files.createTempFile("bench-community", ".log").toFile()).start();
      assertTrue(bench.waitFor(180, TimeUnit.SECONDS), "bench finished in time");
      assertEquals(0, bench.exitValue(), "bench exit status");
    }
    JsonObject community = new JsonObject(Files.readString(json)).getJsonObject("community");
    assertEquals(20, community.getInteger("streams"), "streams open");
    // Every guild with a stream in it (a guild of 20 may have none of the 20 streams).
    assertTrue(community.getInteger("large_guilds") >= 3, "the guilds large, as the snapshots say: " + community.getInteger("large_guilds"));
    assertTrue(community.getInteger("large_guild_streams_showing_another") > 0, "some stream in a large guild shows another one's list");
    assertTrue(community.getJsonObject("snapshot").getLong("bytes") > 0, "snapshot measured");
    JsonObject types = community.getJsonObject("types");
    for (String type : types.fieldNames()) {
      JsonObject t = types.getJsonObject(type);
      assertEquals(0L, t.getLong("errors"), type + " errors");
      assertTrue(t.getLong("deliveries") > 0, type + " delivered: " + t);
    }
    for (String type : List.of("MESSAGE_CREATE", "TYPING_START", "MESSAGE_REACTION_ADD", "MESSAGE_UPDATE")) {
      assertEquals(0L, types.getJsonObject(type).getLong("lost"), type + " lost");
    }
    assertEquals(0L, community.getLong("unmatched"), "every arrival matched a request");
  }
}
