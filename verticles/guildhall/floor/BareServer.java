package guildhall.floor;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The benchmark's floor for starting (bin/bench --scenario startup): a bare Vert.x HTTP server from the
 * same jar, started with the same JVM options, so Guildhall's start to first answer reads against what a
 * JVM and Vert.x alone take. Answers 200 to any request, {@code /health} included, with no work behind it.
 *
 * <pre>java -cp target/guildhall.jar guildhall.floor.BareServer --port 8091</pre>
 */
public final class BareServer {
  private BareServer() {}

  public static void main(String[] args) {
    int port = 8091;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].equals("--port")) {
        throw new IllegalArgumentException("unknown option " + args[i] + " (--port P)");
      }
      port = Integer.parseInt(args[i + 1]);
    }
    int listen = port;
    Vertx.vertx().createHttpServer(new HttpServerOptions().setPort(listen).setTcpNoDelay(true))
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"ok\"}"))
        .listen()
        .onSuccess(server -> System.out.println("bare server listening on " + listen))
        .onFailure(failure -> {
          org.slf4j.LoggerFactory.getLogger(BareServer.class).error("Could not start", failure);
          System.exit(1);
        });
  }
}
