package guildhall.fanout;

import guildhall.EventType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The Server-Sent Events wire format: {@code id:}, {@code event:}, {@code data:} lines and a blank line. */
final class SseFrames {
  private SseFrames() {}

  static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  /** Tells EventSource to come back after 2 s if the stream drops (its default is 3 s). */
  static final Buffer HELLO = Buffer.buffer("retry: 2000\n: connected\n\n");

  /** One event, serialized once and written as the same bytes to every stream that may see it. */
  static Buffer event(JsonObject event) {
    Long id = event.getLong("id");
    StringBuilder frame = new StringBuilder(256);
    if (id != null) {
      frame.append("id: ").append(id).append('\n');
    }
    frame.append("event: ").append(event.getString("type")).append('\n');
    // JSON encoding escapes newlines inside strings, so the data always fits on one line.
    frame.append("data: ").append(event.getJsonObject("data", new JsonObject()).encode()).append("\n\n");
    return direct(frame.toString());
  }

  /**
   * The frame in direct memory, once: each stream's write is then a slice of the same bytes, with no
   * copy from the Java heap per write. A JDK direct buffer, so the garbage collector frees it.
   */
  static Buffer direct(String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer memory = java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(memory));
  }

  static Buffer resync() {
    return Buffer.buffer("event: " + EventType.RESYNC.name() + "\ndata: {}\n\n");
  }

  /** The end of a replay: what follows is live. Carries no id, as it is not in the log. */
  static Buffer resumed(int replayed) {
    return Buffer.buffer("event: " + EventType.RESUMED.name() + "\ndata: {\"replayed\":" + replayed + "}\n\n");
  }
}
