package guildhall.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Refuses a request that states its length twice: {@code Content-Length} with
 * {@code Transfer-Encoding: chunked}. Netty drops the Content-Length and reads the chunks (as RFC 9112
 * allows), but a proxy in front may have read the Content-Length instead, and then the two disagree on
 * where this request ends and the next begins (request smuggling). The RFC lets a server refuse it;
 * here it is a 400 and the connection is closed.
 *
 * <p>Neither Vert.x nor Netty has a setting for this, and by the time a request reaches Vert.x the
 * Content-Length is gone, so each HTTP/1 connection gets Vert.x's own request decoder with this one
 * step changed, installed before it has read a byte (the connection handler runs as the pipeline is set up).
 */
final class StrictFraming {
  private static final String DECODER = "httpDecoder";
  private static final String BOTH = "Content-Length with Transfer-Encoding";

  private StrictFraming() {}

  /** For {@code HttpServer.connectionHandler}: swaps in the strict decoder on an HTTP/1 connection. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      // With an h2c upgrade handler the pipeline is set up after the first request's head was read, and a
      // fresh decoder would lose it: then keep Vert.x's (HttpVerticle turns h2c off, so this never happens).
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder && pipeline.get("h2c") == null) {
        pipeline.replace(DECODER, DECODER, decoder(options));
      }
    }
  }

  /** A fresh strict decoder, for a connection that reads requests again after an update stream (StreamPipeline). */
  static io.netty.channel.ChannelHandler decoder(HttpServerOptions options) {
    return new Decoder(options);
  }

  /** For {@code HttpServer.invalidRequestHandler}: our refusal as the API's error body, the rest as Vert.x answers them. */
  static void refuse(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    if (result != null && result.cause() instanceof Ambiguous) {
      String body = new JsonObject().put("error", new JsonObject().put("code", "invalid")
          .put("message", "Send Content-Length or Transfer-Encoding, not both").put("field", "Transfer-Encoding")).encode();
      request.response().setStatusCode(400).putHeader("Content-Type", "application/json").putHeader("Connection", "close").end(body)
          .onComplete(done -> request.connection().close());
      return;
    }
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }

  private static final class Ambiguous extends IllegalArgumentException {
    Ambiguous() {
      super(BOTH, null);
    }
  }

  private static final class Decoder extends VertxHttpRequestDecoder {
    Decoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      super.handleTransferEncodingChunkedWithContentLength(message);
      message.setDecoderResult(DecoderResult.failure(new Ambiguous()));
    }
  }
}
