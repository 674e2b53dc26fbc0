package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests as an attacker writes them, byte by byte on a socket: HTTP clients (Java's, Vert.x's, a
 * browser) normalise paths and frame bodies themselves, so they cannot send these.
 */
class RawHttpTest extends AsyncApiTestBase {

  /** The status line and the body of one request written as {@code head} + {@code body}, the server closing after. */
  private record Raw(int status, String head, String body) {}

  private Raw exchange(String head, String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write((head + body).getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) { // read to the end: every request here says Connection: close
        read.write(buffer, 0, n);
      }
      String answer = read.toString(StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 "), "an HTTP answer, not a dropped connection: " + answer);
      int split = answer.indexOf("\r\n\r\n");
      return new Raw(Integer.parseInt(answer.substring(9, 12)), answer.substring(0, split), answer.substring(split + 4));
    }
  }

  private static String get(String path, String token) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
  }

  @Test
  @DisplayName("Encoded dot segments (%2e%2e, %2E%2E, ..%2f) are a 400, never another operation's answer")
  void dotSegmentsAreRefused(VertxTestContext ctx) {
    user("dots").compose(user -> blocking(() -> {
      assertEquals(200, exchange(get("/api/v1/users/@me", user.token()), "").status(), "the same request without dots works");
      for (String path : List.of("/api/v1/guilds/%2e%2e/users/@me", "/api/v1/guilds/%2E%2E/users/@me", "/api/v1/guilds/..%2fusers/@me",
          "/api/v1/guilds/..%2Fusers/@me", "/api/v1/guilds/1/%2e%2e/%2e%2e/users/@me", "/api/v1/guilds/../users/@me",
          "/api/v1/users/%2e/@me", "/api/v1/channels/1%2f..%2f..%2fusers%2f@me")) {
        Raw raw = exchange(get(path, user.token()), "");
        assertEquals(400, raw.status(), path + " → " + raw);
        JsonObject error = new JsonObject(raw.body()).getJsonObject("error");
        assertEquals("path", error.getString("field"), path);
        assertFalse(raw.body().contains(user.username()), "never the answer of GET /users/@me: " + raw.body());
      }
      return null;
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("A body framed twice (Content-Length and Transfer-Encoding: chunked) is a 400 and not acted on")
  void contentLengthWithChunkedIsRefused(VertxTestContext ctx) {
    user("framing").compose(user -> guild(user, false).compose(guild -> {
      String channel = general(guild);
      return blocking(() -> {
        String body = new JsonObject().put("content", "smuggled").encode();
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        String head = "POST /api/v1/channels/" + channel + "/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + user.token()
            + "\r\nContent-Type: application/json\r\nConnection: close\r\n";
        assertEquals(200, exchange(head + "Content-Length: " + body.length() + "\r\n\r\n", body).status(), "Content-Length alone works");
        assertEquals(200, exchange(head + "Transfer-Encoding: chunked\r\n\r\n", chunked).status(), "chunked alone works");
        for (String both : List.of("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: chunked\r\nContent-Length: "
            + chunked.length() + "\r\n")) {
          Raw raw = exchange(head + both + "\r\n", chunked);
          assertEquals(400, raw.status(), both + " → " + raw);
          assertEquals("Transfer-Encoding", new JsonObject(raw.body()).getJsonObject("error").getString("field"));
        }
        return null;
      }).compose(v -> user.get("/channels/" + channel + "/messages"))
          .compose(list -> check(ctx, () -> assertEquals(2, list.array().size(), "only the two well-framed posts: " + list)));
    })).onComplete(ctx.succeedingThenComplete());
  }
}
