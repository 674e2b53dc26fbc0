package guildhall.http;

import guildhall.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin listener: {@code /metrics} (Prometheus text), {@code /health} and {@code /ready}, on a port of
 * its own ({@code admin.port}, bound to {@code admin.host}, loopback by default). What a node measures of
 * itself is for its operator's scraper, not for the public port, where anyone could read it.
 */
public class AdminVerticle extends VerticleBase {
  private HttpServer server;

  /** Whether this configuration asks for the admin listener ({@code admin.port} 0 turns it off). */
  public static boolean enabled(JsonObject config) {
    return port(config) > 0;
  }

  private static int port(JsonObject config) {
    return config.getJsonObject("admin", new JsonObject()).getInteger("port", 9090);
  }

  @Override
  public Future<?> start() {
    Metrics metrics = Metrics.of(vertx);
    Router router = Router.router(vertx);
    router.get("/health").handler(HttpVerticle::health);
    router.get("/ready").handler(new Readiness(vertx)::handle);
    router.get("/metrics").handler(ctx -> scrape(ctx, metrics));
    router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config().getJsonObject("admin", new JsonObject()).getString("host", "127.0.0.1"))
        .setPort(port(config()))
        .setIdleTimeout(60);
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen();
  }

  private static void scrape(RoutingContext ctx, Metrics metrics) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(metrics.registry.scrape());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
