package guildhall.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain TCP socket to the server, for what an HTTP client library hides: a client that sends
 * nothing, half a request head, or holds a stream, and whether the server closed the connection.
 * Blocking: use it off the event loops.
 */
public final class RawSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  public RawSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    in = socket.getInputStream();
  }

  public RawSocket send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return this;
  }

  /** A GET with optional extra header lines (each ending in CRLF). */
  public RawSocket get(String path, String headers) throws IOException {
    return send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
  }

  /**
   * Reads until the server closes the connection or {@code waitMs} passes; answers whether it closed
   * (an end of stream or a reset) and what arrived meanwhile.
   */
  public Outcome readFor(long waitMs) throws IOException {
    return readUntil(null, waitMs);
  }

  /** As {@link #readFor}, but done as soon as what was read contains {@code marker} (null: never). */
  public Outcome readUntil(String marker, long waitMs) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    long deadline = System.currentTimeMillis() + waitMs;
    byte[] buffer = new byte[8192];
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return new Outcome(false, got.toString(StandardCharsets.UTF_8), waitMs);
      }
      socket.setSoTimeout((int) Math.max(1, left));
      long start = deadline - waitMs;
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return new Outcome(true, got.toString(StandardCharsets.UTF_8), System.currentTimeMillis() - start);
        }
        got.write(buffer, 0, n);
        if (marker != null && got.toString(StandardCharsets.UTF_8).contains(marker)) {
          return new Outcome(false, got.toString(StandardCharsets.UTF_8), System.currentTimeMillis() - start);
        }
      } catch (SocketTimeoutException e) {
        // loop: the deadline decides
      } catch (SocketException e) {
        return new Outcome(true, got.toString(StandardCharsets.UTF_8), System.currentTimeMillis() - start);
      }
    }
  }

  /** Whether the connection was closed, what was read, and after how many milliseconds. */
  public record Outcome(boolean closed, String text, long afterMs) {
    public int status() {
      return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
    }

    public String body() {
      int at = text.indexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
