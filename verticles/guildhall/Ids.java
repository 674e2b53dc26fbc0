package guildhall;

import io.vertx.core.json.JsonObject;

/** 64-bit ids travel as decimal strings in JSON (JavaScript numbers lose precision past 2^53). */
public final class Ids {
  private Ids() {}

  public static String str(long id) {
    return Long.toString(id);
  }

  public static String strOrNull(Long id) {
    return id == null ? null : Long.toString(id);
  }

  /** Reads an id that may be a JSON number or a decimal string; null when absent. */
  public static Long get(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(key, key + " must be a 64-bit id");
    }
  }

  /** Parses an id a client sent; a value that is not a 64-bit id is that field's 400. */
  public static long parse(Object value, String field) {
    try {
      return Long.parseLong(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(field, field + " must hold 64-bit ids");
    }
  }

  public static long require(JsonObject json, String key) {
    Long id = get(json, key);
    if (id == null) {
      throw ApiError.badRequest(key, key + " is required");
    }
    return id;
  }
}
