package guildhall.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the API, as any client program would use it. */
public final class ApiClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public final String baseUrl;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** What came back: the status and the body (JSON object, array, or null when empty). */
  public record Reply(int status, String text, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    public JsonArray array() {
      return new JsonArray(text);
    }

    /** The {@code error.field} of an error reply. */
    public String field() {
      return json().getJsonObject("error").getString("field");
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  /** A logged-in user. */
  public record Session(ApiClient api, String token, String userId, String username) {
    public Reply get(String path) {
      return api.send("GET", path, null, token);
    }

    public Reply post(String path, Object body) {
      return api.send("POST", path, body, token);
    }

    public Reply patch(String path, Object body) {
      return api.send("PATCH", path, body, token);
    }

    public Reply put(String path, Object body) {
      return api.send("PUT", path, body, token);
    }

    public Reply delete(String path) {
      return api.send("DELETE", path, null, token);
    }

    public SseClient stream(String after) {
      return new SseClient(api.baseUrl + "/api/v1/updates", token, after);
    }
  }

  public Session login(String username) {
    return login(username, null);
  }

  public Session login(String username, String password) {
    JsonObject body = new JsonObject().put("username", username);
    if (password != null) {
      body.put("password", password);
    }
    Reply reply = send("POST", "/auth/login", body, null);
    if (reply.status() != 200) {
      throw new AssertionError("login " + username + ": " + reply);
    }
    JsonObject json = reply.json();
    return new Session(this, json.getString("token"), json.getJsonObject("user").getString("id"), username);
  }

  /** {@code path} is under /api/v1 unless it starts with "http" or "//". */
  /**
   * Polls {@code /ready} until it answers 200 or {@code timeoutMs} pass; returns the last status (-1 when
   * nothing listened). {@code beforeEachTry} may throw to give up early (a server process that exited).
   */
  public int awaitReady(long timeoutMs, Runnable beforeEachTry) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      beforeEachTry.run();
      int status;
      try {
        status = send("GET", "//ready", null, null).status();
      } catch (IllegalStateException notListeningYet) {
        status = -1;
      }
      if (status == 200 || System.currentTimeMillis() >= deadline) {
        return status;
      }
      Thread.sleep(100);
    }
  }

  public Reply send(String method, String path, Object body, String token) {
    String url = path.startsWith("http") ? path : path.startsWith("//") ? baseUrl + path.substring(1) : baseUrl + "/api/v1" + path;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String text = body instanceof String s ? s : body.toString();
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + url + " failed", e);
    }
  }
}
