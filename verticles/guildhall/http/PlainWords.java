package guildhall.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.OutputUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A schema violation in words a user can act on: the field and the broken constraint
 * ("content must be at most 2000 characters", "name is required", "unknown field admin"), read from
 * vertx-json-schema's output units. Generic: the keyword that failed decides the sentence, and the
 * numbers come from the validator's own error text, so no route has its own wording.
 */
final class PlainWords {
  /** What the client sees for each violation, with the field that is wrong. */
  record Violation(String field, String message) {}

  /**
   * The keywords that say what is wrong, most telling first. "properties", "$ref", "items", "oneOf" and
   * friends only say that something below them failed, so they never make the sentence themselves.
   */
  private static final List<String> TELLING = List.of("required", "additionalProperties", "enum", "const", "type",
      "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
      "uniqueItems", "pattern", "format", "multipleOf");
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
  private static final Pattern EXPECTED_TYPE = Pattern.compile("Expected (\\w+)");
  private static final Pattern LAST_NUMBER = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\)?\\s*$");
  private static final Pattern FORMAT = Pattern.compile("format \"([^\"]+)\"");

  private PlainWords() {}

  /** The violation to report, or null when the unit holds no error we can name. */
  static Violation of(OutputUnit root, String fallbackField) {
    List<OutputUnit> leaves = new ArrayList<>();
    flatten(root, leaves);
    OutputUnit best = null;
    int rank = Integer.MAX_VALUE;
    for (OutputUnit unit : leaves) {
      String keyword = keywordOf(unit);
      int r = TELLING.indexOf(keyword);
      if ("type".equals(keyword) && unit.getError() != null && unit.getError().endsWith("Expected null")) {
        r = TELLING.size(); // the "or null" branch of a nullable value: the other branch says what was meant
      }
      if (r < 0 || "additionalProperties".equals(keyword) && !isUnknownField(unit, leaves)) {
        continue;
      }
      if (r < rank) {
        best = unit;
        rank = r;
      }
    }
    if (best == null) {
      return null;
    }
    String field = fieldOf(best.getInstanceLocation());
    String keyword = keywordOf(best);
    String error = best.getError() == null ? "" : best.getError();
    if ("required".equals(keyword)) {
      Matcher m = REQUIRED.matcher(error);
      field = m.find() ? m.group(1) : field;
    }
    if (field == null) {
      field = fallbackField;
    }
    return new Violation(field, sentence(field, keyword, error));
  }

  private static String sentence(String field, String keyword, String error) {
    String number = lastNumber(error);
    return switch (keyword) {
      case "required" -> field + " is required";
      case "additionalProperties" -> "unknown field " + field;
      case "enum" -> field + " must be one of " + listOf(error);
      case "const" -> field + " must be " + error.replaceFirst("^Instance does not match\\s*", "");
      case "type" -> field + " must be " + typeWords(error);
      case "minLength" -> "1".equals(number) ? field + " must not be empty" : field + " must be at least " + number + " characters";
      case "maxLength" -> field + " must be at most " + number + " characters";
      case "minimum" -> field + " must be at least " + number;
      case "maximum" -> field + " must be at most " + number;
      case "exclusiveMinimum" -> field + " must be more than " + number;
      case "exclusiveMaximum" -> field + " must be less than " + number;
      case "minItems" -> field + " must have at least " + number + ("1".equals(number) ? " item" : " items");
      case "maxItems" -> field + " must have at most " + number + ("1".equals(number) ? " item" : " items");
      case "uniqueItems" -> field + " must not repeat an item";
      case "multipleOf" -> field + " must be a multiple of " + number;
      case "format" -> field + " must be " + formatWords(error);
      default -> patternWords(field); // "pattern"
    };
  }

  /** Ids are decimal snowflakes in strings; other patterns are a name's or a code's allowed letters. */
  private static String patternWords(String field) {
    boolean id = field.equals("id") || field.endsWith("_id") || field.endsWith("_ids") || field.equals("after")
        || field.equals("before") || field.equals("permissions") || field.equals("allow") || field.equals("deny");
    return id ? field + " must be a number written in digits" : field + " has characters that are not allowed";
  }

  private static String typeWords(String error) {
    Matcher m = EXPECTED_TYPE.matcher(error);
    String type = m.find() ? m.group(1) : "";
    return switch (type) {
      case "boolean" -> "true or false";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "string" -> "text";
      case "array" -> "a list";
      case "object" -> "an object";
      case "null" -> "null";
      default -> "of type " + type;
    };
  }

  private static String formatWords(String error) {
    Matcher m = FORMAT.matcher(error);
    String format = m.find() ? m.group(1) : "";
    return switch (format) {
      case "date-time" -> "a date and time such as 2026-01-31T18:00:00Z";
      case "date" -> "a date such as 2026-01-31";
      case "uri" -> "a URL";
      case "email" -> "an email address";
      default -> "a valid " + format;
    };
  }

  /** "Instance does not match any of ["a","b"]" → "a, b". */
  private static String listOf(String error) {
    int open = error.indexOf('[');
    if (open < 0) {
      return error;
    }
    try {
      JsonArray values = new JsonArray(error.substring(open));
      return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    } catch (DecodeException e) {
      return error.substring(open);
    }
  }

  private static String lastNumber(String error) {
    Matcher m = LAST_NUMBER.matcher(error);
    return m.find() ? m.group(1) : "the limit";
  }

  /**
   * The basic output lists an additionalProperties error for every property with an error of its own;
   * only a property that broke nothing else is one the schema does not know.
   */
  private static boolean isUnknownField(OutputUnit unit, List<OutputUnit> all) {
    for (OutputUnit other : all) {
      if (other != unit && !"additionalProperties".equals(keywordOf(other))
          && unit.getInstanceLocation() != null && unit.getInstanceLocation().equals(other.getInstanceLocation())) {
        return false;
      }
    }
    return true;
  }

  private static void flatten(OutputUnit unit, List<OutputUnit> into) {
    into.add(unit);
    if (unit.getErrors() != null) {
      for (OutputUnit child : unit.getErrors()) {
        flatten(child, into);
      }
    }
  }

  /** "#/properties/content/maxLength" → "maxLength". */
  private static String keywordOf(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    if (location == null) {
      return "";
    }
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /**
   * "#/content" → "content"; "#/custom_status/text" → "custom_status.text"; "/0/position" (an array
   * body) → "position": the named steps, array indices left out.
   */
  static String fieldOf(String instanceLocation) {
    if (instanceLocation == null) {
      return null;
    }
    List<String> named = new ArrayList<>();
    for (String part : instanceLocation.replaceFirst("^#", "").split("/")) {
      if (!part.isEmpty() && !part.chars().allMatch(Character::isDigit)) {
        named.add(part);
      }
    }
    return named.isEmpty() ? null : String.join(".", named);
  }
}
