package guildhall.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.impl.OpenAPIContractImpl;
import io.vertx.openapi.impl.Utils;

import java.util.Map;

/**
 * The HTTP server, one instance per event loop. The API's routes and request validation come from
 * {@code openapi.yaml}; each operation authenticates, asks the permissions verticle, then the store,
 * over the event bus. Also serves the web client, Swagger UI, the contract, health and readiness
 * (metrics are on the admin listener, {@link AdminVerticle}).
 */
public class HttpVerticle extends VerticleBase {
  /** Must match the swagger-ui WebJar version in pom.xml. */
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.32.6";
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final OpenAPIContract contract;
  private final RateLimits limits;
  private HttpServer server;

  /**
   * Reads the contract, once per process, beside the store's migrations; every HTTP instance shares
   * the result (read-only; validators are cached per thread). It is not checked against the OpenAPI
   * meta-schema here, as {@code OpenAPIContract.from} would: that check was the slowest step of starting
   * (~400 ms of CPU) for a file that only changes with the code, so {@code ContractTest} makes it instead.
   */
  public static Future<OpenAPIContract> loadContract(Vertx vertx) {
    // openapi.json is openapi.yaml converted by the build (ContractJson); the YAML when run without it.
    return Utils.readYamlOrJson(vertx, "openapi.json").recover(missing -> Utils.readYamlOrJson(vertx, "openapi.yaml"))
        .map(HttpVerticle::forParser).compose(raw -> {
      OpenAPIVersion version = OpenAPIVersion.fromContract(raw);
      return version.getRepository(vertx, "app://").compose(repository -> version.resolve(vertx, repository, raw)
          .map(resolved -> new CachedContract(new OpenAPIContractImpl(resolved, version, repository))));
    });
  }

  /**
   * openapi.yaml as vertx-openapi can parse it. The file is written for its readers (Swagger UI, client
   * generators): its server url is relative ({@code /}, whatever host serves the document) and the
   * update stream is declared as {@code text/event-stream}. The parser wants absolute server urls
   * (it only keeps their path, the base path) and rejects media types it cannot validate; the router
   * never validates responses, so the stream's media type is dropped from this copy.
   */
  public static JsonObject forParser(JsonObject raw) {
    JsonObject contract = raw.copy();
    for (Object s : contract.getJsonArray("servers", new JsonArray())) {
      JsonObject server = (JsonObject) s;
      String url = server.getString("url", "");
      if (url.startsWith("/")) {
        server.put("url", "http://localhost" + url);
      }
    }
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      for (Map.Entry<String, Object> operation : paths.getJsonObject(path)) {
        if (operation.getValue() instanceof JsonObject op) {
          for (Map.Entry<String, Object> response : op.getJsonObject("responses", new JsonObject())) {
            if (response.getValue() instanceof JsonObject r && r.getJsonObject("content") != null) {
              r.getJsonObject("content").remove("text/event-stream");
            }
          }
        }
      }
    }
    return contract;
  }

  public HttpVerticle(OpenAPIContract contract, RateLimits limits) {
    this.contract = contract;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http", new JsonObject());
    int idleTimeoutMs = http.getInteger("idle_timeout_ms", 60_000);
    int heartbeatMs = config().getJsonObject("sse", new JsonObject()).getInteger("heartbeat_ms", 15_000);
    if (idleTimeoutMs > 0 && heartbeatMs >= idleTimeoutMs) {
      return Future.failedFuture(new IllegalArgumentException("sse.heartbeat_ms (" + heartbeatMs
          + ") must be shorter than http.idle_timeout_ms (" + idleTimeoutMs + "), or every update stream is cut"));
    }
    JsonObject authConfig = config().getJsonObject("auth", new JsonObject());
    int iterations = authConfig.getInteger("pbkdf2_iterations", 210_000);
    StreamTickets tickets = new StreamTickets(vertx, authConfig.getInteger("stream_ticket_ttl_s", 30) * 1000L);
    Authenticator auth = new Authenticator(vertx, authConfig.getBoolean("cache_tokens", true), tickets);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.getString("host", "0.0.0.0"))
        .setPort(http.getInteger("port", 8080))
        .setTcpNoDelay(true)
        // Closes a connection with no byte read or written for this long. An update stream's connection
        // leaves this to the fan-out's heartbeat sweep (StreamPipeline), which counts written bytes the
        // same way: the heartbeat (sse.heartbeat_ms, which must be shorter) keeps it open while it is wanted.
        .setIdleTimeout(idleTimeoutMs)
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        // HTTP/1.1 only on plain sockets: browsers never speak h2c, nginx proxies HTTP/1.1, and an h2c upgrade
        // is a way around a proxy's checks. It also sets the pipeline up before the first byte is read, which
        // StrictFraming needs to swap in its decoder, and the header timeout and per-address cap need to see
        // a silent socket at all.
        .setHttp2ClearTextEnabled(false)
        // Every request and response is handled on its own event loop (SSE writes too: see fanout/LoopWriter),
        // so a connection needs no queue for writes from other threads: ~4.6 KiB less per open stream.
        .setStrictThreadMode(true)
        // A fixed kernel send buffer per socket (Linux would grow it to 4 MiB): with it, a stalled SSE client
        // fills its bound (sse.max_queue_bytes) and is dropped, instead of parking megabytes in the kernel.
        .setSendBufferSize(config().getJsonObject("sse", new JsonObject()).getInteger("socket_send_buffer", 131_072))
        // No WebSockets here: without the compression extensions their handler leaves every SSE write's path.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    RouterBuilder routes = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    InlineValidation validation = new InlineValidation(vertx, contract);
    for (OpenAPIRoute route : routes.getRoutes()) {
      // Opaque tokens, not JWTs: authentication is ours, on the parent router (so 401 comes before 400).
      route.setDoSecurity(false);
      // Validation on the event loop, added first so it runs before each operation's handlers.
      route.setDoValidation(false);
      route.addHandler(validation.handlerFor(route.getOperation()));
      route.addFailureHandler(Failures::handle);
    }
    ClientAddress addresses = new ClientAddress(http);
    new AuthRoutes(vertx, iterations, limits, tickets, addresses, authConfig.getBoolean("require_password", false)).mount(routes);
    new UserRoutes(vertx, iterations).mount(routes);
    new NotificationSettingsRoutes(vertx).mount(routes);
    new GuildRoutes(vertx).mount(routes);
    new ChannelRoutes(vertx).mount(routes);
    new MessageRoutes(vertx, limits).mount(routes);
    new ThreadRoutes(vertx).mount(routes);
    new SyncRoutes(vertx, config().getJsonObject("sse", new JsonObject()), new StreamPipeline(options)).mount(routes);
    new RoleRoutes(vertx).mount(routes);
    new ModerationRoutes(vertx).mount(routes);
    new PrivateChannelRoutes(vertx).mount(routes);
    new ReportRoutes(vertx, limits).mount(routes);

    Router root = Router.router(vertx);
    // First, so that every answer has its request id and its log line.
    root.route().handler(new AccessLog(config().getJsonObject("log", new JsonObject()).getBoolean("access", true))::handle);
    root.get("/health").handler(HttpVerticle::health);
    root.get("/ready").handler(new Readiness(vertx)::handle);
    root.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").sendFile("openapi.yaml"));

    root.route().handler(HttpVerticle::securityHeaders);
    root.route().handler(PathGuard::check);
    mountSwaggerUi(root); // after the security headers: it is a page a browser shows
    // Before authentication: a browser's preflight carries no token and must get its 204, not a 401.
    var cors = Cors.handler(http.getJsonArray("cors_origins"));
    if (cors != null) {
      root.route("/api/*").handler(cors);
    }
    // JSON only: nothing a client sends is written to disk (a multipart body is not stored anywhere).
    root.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    root.route("/api/v1/*").handler(ctx -> {
      // Signing in, and what signing in asks for, come before any token.
      if (ctx.request().method() == HttpMethod.POST && ctx.request().path().equals("/api/v1/auth/login")
          || ctx.request().method() == HttpMethod.GET && ctx.request().path().equals("/api/v1/auth/config")) {
        ctx.next();
      } else {
        auth.handle(ctx, ctx.request().path().equals("/api/v1/updates"));
      }
    });
    root.route("/api/v1/*").handler(limits::limitRequests);
    root.route("/*").subRouter(routes.createRouter());
    root.route("/api/*").handler(ctx -> ctx.fail(404));

    ClientAssets.shared().mount(root);
    root.route().failureHandler(Failures::handle);

    Connections connections = new Connections(vertx, http, addresses);
    server = vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          StrictFraming.install(connection, options);
          connections.opened(connection);
        })
        .invalidRequestHandler(StrictFraming::refuse);
    return server.requestHandler(connections.guard(root)).listen();
  }

  /** For every answer: no MIME sniffing, no referrer to other origins, never framed (the page adds its CSP). */
  private static void securityHeaders(RoutingContext ctx) {
    ctx.response().headers()
        .add("X-Content-Type-Options", "nosniff")
        .add("Referrer-Policy", "strict-origin-when-cross-origin")
        .add("X-Frame-Options", "DENY");
    ctx.next();
  }

  private static void mountSwaggerUi(Router root) {
    // Vert.x matches "/swagger-ui" on "/swagger-ui/" too: only the bare path is sent to the page, or the page redirects to itself.
    root.get("/swagger-ui").handler(ctx -> {
      if (ctx.request().path().equals("/swagger-ui")) {
        ctx.redirect("/swagger-ui/");
      } else {
        ctx.next();
      }
    });
    root.get("/swagger-ui/swagger-initializer.js").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/javascript")
        .end("window.onload = () => { window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', "
            + "presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' }); };"));
    root.get("/swagger-ui/*").handler(StaticHandler.create(SWAGGER_UI));
  }

  /** Liveness: the process answers (here and on the admin listener). */
  static void health(RoutingContext ctx) {
    Api.ok(ctx, new JsonObject().put("status", "ok"));
  }

  @Override
  public Future<?> stop() {
    // A graceful shutdown: streams are told (their connection's shutdown handler ends them) and given a
    // moment to finish writing, so clients see a clean end and reconnect, rather than a cut connection.
    return server == null ? Future.succeededFuture() : server.shutdown(2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
