package guildhall.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, for limits per client address. The TCP peer, unless that peer is one of
 * {@code http.trusted_proxies} (addresses or CIDR ranges, e.g. nginx on loopback): then the nearest
 * address in {@code X-Forwarded-For} that is not itself a trusted proxy. A header from anyone else is
 * ignored, so a client cannot pick its own address to dodge a limit.
 */
public final class ClientAddress {
  private final List<Range> trusted;

  private record Range(byte[] network, int prefixBits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int bits = prefixBits;
      for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((address[i] & mask) != (network[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  public ClientAddress(JsonObject httpConfig) {
    trusted = new ArrayList<>();
    for (Object entry : httpConfig.getJsonArray("trusted_proxies", new JsonArray())) {
      String text = entry.toString().trim();
      int slash = text.indexOf('/');
      byte[] network = bytes(slash < 0 ? text : text.substring(0, slash));
      if (network == null) {
        throw new IllegalArgumentException("http.trusted_proxies: not an address or CIDR range: " + text);
      }
      trusted.add(new Range(network, slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1))));
    }
  }

  /** The client's address as text; never null. */
  public String of(HttpServerRequest request) {
    String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return peer;
    }
    // Each proxy appends the address it saw: walk from the right past our own proxies.
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  /** True when {@code address} is one of the configured proxies (their connections are not capped per address). */
  public boolean isTrusted(String address) {
    byte[] bytes = bytes(address);
    if (bytes == null) {
      return false;
    }
    for (Range range : trusted) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** An IP literal's bytes, or null for anything else (never a DNS lookup). */
  private static byte[] bytes(String literal) {
    if (literal == null || literal.isEmpty() || !(literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      return null;
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }
}
