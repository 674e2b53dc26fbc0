package guildhall.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Text no store can keep faithfully, refused before it reaches one: a NUL character (PostgreSQL rejects
 * it in text columns, which failed the whole write batch; SQLite's C API cuts strings at it) and a lone
 * UTF-16 surrogate (JSON's {@code \ud800} escape decodes to one; it has no UTF-8 form, so it would be
 * stored as '?' or refused). Also what counts as blank for text that must say something.
 */
final class CleanText {
  private CleanText() {}

  /** The bad character {@code text} holds, in words ("a NUL character"), or null when it holds none. */
  static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "a NUL character";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++; // a well-formed pair: one 4-byte character such as an emoji
          continue;
        }
        return "a lone surrogate";
      }
      if (Character.isLowSurrogate(c)) {
        return "a lone surrogate";
      }
    }
    return null;
  }

  /** The first field of a decoded JSON body holding bad text and the sentence for it; null when all is clean. */
  static String[] firstProblem(Object json, String field) {
    if (json instanceof String text) {
      String problem = problem(text);
      return problem == null ? null : new String[] {field, field + " must not contain " + problem};
    }
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String name = "body".equals(field) ? entry.getKey() : field + "." + entry.getKey();
        String keyProblem = problem(entry.getKey());
        if (keyProblem != null) {
          return new String[] {field, field + " has a field name with " + keyProblem};
        }
        String[] found = firstProblem(entry.getValue(), name);
        if (found != null) {
          return found;
        }
      }
    } else if (json instanceof JsonArray array) {
      for (Object item : array) { // indices are left out of field names, as in PlainWords
        String[] found = firstProblem(item, field);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * True when {@code text} shows nothing: only whitespace (any Unicode space, U+3000 included) and
   * invisible format characters (zero-width space U+200B, joiners, the BOM) or fillers that render as
   * nothing (Hangul fillers, the blank braille pattern). Java's isBlank knows only the first kind.
   */
  static boolean isBlank(String text) {
    return text.codePoints().allMatch(CleanText::invisible);
  }

  private static boolean invisible(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.FORMAT
        || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
  }
}
