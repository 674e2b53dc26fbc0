package guildhall.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The API over real HTTP with Vert.x's {@link WebClient}, for tests written with vertx-junit5: every
 * call answers a {@link Future}, nothing blocks. The asynchronous twin of {@link ApiClient}; update
 * streams are read by {@link Sse} on Vert.x's {@link HttpClient}.
 */
public final class Api {
  private static final String HOST = "127.0.0.1";
  private final Vertx vertx;
  private final int port;
  private final WebClient web;
  /** Streams hold their connection for as long as they are open: a pool of their own, so that they never starve requests. */
  private final HttpClient streams;
  /** For a cluster: one client per node, each login on the next; null for one server. */
  private java.util.List<Api> nodes;
  private int nextNode;

  /** Clients of several nodes of one cluster: each login goes to the next node, and its session stays there. */
  public static Api spread(Vertx vertx, java.util.List<Integer> ports) {
    Api first = new Api(vertx, ports.get(0));
    first.nodes = new java.util.ArrayList<>(java.util.List.of(first));
    for (int port : ports.subList(1, ports.size())) {
      first.nodes.add(new Api(vertx, port));
    }
    return first;
  }

  /** A client of the server on 127.0.0.1:{@code port}, on {@code vertx} (the test's, not the server's). */
  public Api(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(HOST).setDefaultPort(port)
        .setConnectTimeout(5_000).setUserAgentEnabled(false), new PoolOptions().setHttp1MaxSize(16));
    // HTTP/1.1, as browsers speak to a plain-http server: one connection per stream, no h2c upgrade.
    this.streams = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
        .setDefaultHost(HOST).setDefaultPort(port).setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(64));
  }

  public String baseUrl() {
    return "http://" + HOST + ":" + port;
  }

  /** What came back: the status, the body (JSON object, array, or empty) and the headers. */
  public record Reply(int status, Buffer body, MultiMap headers) {
    public String text() {
      return body == null ? "" : body.toString();
    }

    public JsonObject json() {
      return new JsonObject(text());
    }

    public JsonArray array() {
      return new JsonArray(text());
    }

    /** The {@code error.field} of an error reply. */
    public String field() {
      return json().getJsonObject("error").getString("field");
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  /** A logged-in user. */
  public record Session(Api api, String token, String userId, String username) {
    public Future<Reply> get(String path) {
      return api.send("GET", path, null, token);
    }

    public Future<Reply> post(String path, Object body) {
      return api.send("POST", path, body, token);
    }

    public Future<Reply> patch(String path, Object body) {
      return api.send("PATCH", path, body, token);
    }

    public Future<Reply> put(String path, Object body) {
      return api.send("PUT", path, body, token);
    }

    public Future<Reply> delete(String path) {
      return api.send("DELETE", path, null, token);
    }

    /** This user's update stream, from {@code lastEventId} when it is not null (a reconnection). */
    public Future<Sse> stream(String lastEventId) {
      return Sse.open(api.vertx, api.streams, HOST, api.port, token, lastEventId);
    }
  }

  public Future<Session> login(String username) {
    return login(username, null);
  }

  /** Fails (an AssertionError, as a broken precondition) unless the login succeeds. */
  public Future<Session> login(String username, String password) {
    if (nodes != null) {
      Api node = nodes.get(nextNode++ % nodes.size());
      if (node != this) {
        return node.login(username, password);
      }
    }
    JsonObject body = new JsonObject().put("username", username);
    if (password != null) {
      body.put("password", password);
    }
    return send("POST", "/auth/login", body, null).compose(reply -> {
      if (reply.status() != 200) {
        return Future.failedFuture(new AssertionError("login " + username + ": " + reply));
      }
      JsonObject json = reply.json();
      return Future.succeededFuture(new Session(this, json.getString("token"), json.getJsonObject("user").getString("id"), username));
    });
  }

  /**
   * {@code path} is under /api/v1 unless it starts with "http" or "//". A body that is a String is sent
   * as it is (to send broken JSON), any other as its JSON text; null sends none.
   */
  public Future<Reply> send(String method, String path, Object body, String token) {
    return send(method, path, body, token, java.util.Map.of());
  }

  /** As {@link #send(String, String, Object, String)}, with extra request headers (a proxy's X-Forwarded-For, say). */
  public Future<Reply> send(String method, String path, Object body, String token, java.util.Map<String, String> headers) {
    String uri = path.startsWith("//") ? path.substring(1) : "/api/v1" + path;
    HttpRequest<Buffer> request = path.startsWith("http")
        ? web.requestAbs(HttpMethod.valueOf(method), path)
        : web.request(HttpMethod.valueOf(method), uri);
    request.timeout(20_000);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    headers.forEach(request::putHeader);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent;
    if (body == null) {
      sent = request.send();
    } else {
      String text = body instanceof String s ? s : body.toString();
      sent = request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text));
    }
    return sent.transform(ar -> ar.succeeded()
        ? Future.succeededFuture(new Reply(ar.result().statusCode(), ar.result().body(), ar.result().headers()))
        : Future.failedFuture(new IllegalStateException(method + " " + path + " failed", ar.cause())));
  }

  /** Closes both clients, and with them any stream still open. */
  public Future<Void> close() {
    web.close();
    Future<Void> closed = streams.close();
    if (nodes != null) {
      for (Api node : nodes.subList(1, nodes.size())) {
        closed = closed.compose(v -> node.close());
      }
    }
    return closed;
  }
}
