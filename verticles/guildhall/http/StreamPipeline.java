package guildhall.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * An open update stream's connection keeps only the handlers the stream still uses; 19,900 idle streams
 * made every byte per connection count. Once the stream's head is written the client has nothing more
 * to send, and the server writes to it at least every heartbeat, so:
 * <ul>
 *   <li>the request decoder (its parsers and scratch buffer, ~0.4 KiB) gives way to one shared handler
 *   that closes the connection if the client sends anything while its stream is open;</li>
 *   <li>the idle timer (a handler and a scheduled task, ~0.3 KiB) goes: the fan-out's one heartbeat
 *   sweep closes a stream whose socket has taken nothing for {@code http.idle_timeout_ms}
 *   (see {@code fanout/SseConnection}), the one case where the timer could still fire.</li>
 * </ul>
 * When the server ends a stream, both come back before the connection may carry another request.
 */
final class StreamPipeline {
  private static final String DECODER = "httpDecoder";
  private static final String IDLE = "idle";
  private static final String HANDLER = "handler";

  private final HttpServerOptions options;

  StreamPipeline(HttpServerOptions options) {
    this.options = options;
  }

  /** On the connection's loop, once the stream's head is written. */
  void quiet(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(IDLE) != null) {
      pipeline.remove(IDLE);
    }
    if (pipeline.get(DECODER) != null) {
      pipeline.replace(DECODER, DECODER, Mute.INSTANCE);
    }
  }

  /** On the connection's loop, when the server ends the stream: the connection reads requests again. */
  void restore(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base) || !base.channel().isOpen()) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(DECODER) == Mute.INSTANCE) {
      pipeline.replace(DECODER, DECODER, StrictFraming.decoder(options));
    }
    if (pipeline.get(IDLE) == null && options.getIdleTimeout() > 0 && pipeline.get(HANDLER) != null) {
      pipeline.addBefore(HANDLER, IDLE, new IdleStateHandler(options.getReadIdleTimeout(), options.getWriteIdleTimeout(),
          options.getIdleTimeout(), options.getIdleTimeoutUnit()));
    }
  }

  /**
   * In the decoder's place while a stream is open: a client that sends bytes then is out of turn, and is
   * closed. What the decoder made of the stream's own request before it left (its end, decoded with its
   * head) still passes on to Vert.x.
   */
  @ChannelHandler.Sharable
  private static final class Mute extends ChannelInboundHandlerAdapter {
    static final Mute INSTANCE = new Mute();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf)) {
        ctx.fireChannelRead(msg);
        return;
      }
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }
}
