package guildhall.http;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modules the first screen needs: {@code js/main.js} and what it imports statically, transitively.
 * The page preloads exactly these, so a cold load fetches them in parallel and nothing more; modules the
 * client imports dynamically ({@code import('./…')}, the signed-in app) come later and are not listed.
 */
final class FirstScreenModules {
  /** {@code import … from '…'}, {@code import '…'} and {@code export … from '…'}; not {@code import(…)}. */
  private static final Pattern STATIC_IMPORT = Pattern.compile(
      "^\\s*(?:import|export)\\s+(?:[^'\"();]*?\\s+from\\s+)?['\"]([^'\"]+)['\"]", Pattern.MULTILINE);
  private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

  private FirstScreenModules() {
  }

  /**
   * Paths to preload: the client's own as names relative to webroot ({@code js/…}), libraries as the
   * absolute URLs the import map gives them ({@code /webjars/…}).
   */
  static Set<String> of(Map<String, byte[]> files, String page) {
    JsonObject imports = importMap(page);
    Set<String> found = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add("js/main.js");
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (!found.add(name) || name.startsWith("/")) {
        continue; // a library's own imports are bare names the import map also lists
      }
      byte[] source = files.get(name);
      if (source == null) {
        continue;
      }
      Matcher m = STATIC_IMPORT.matcher(new String(source, StandardCharsets.UTF_8));
      while (m.find()) {
        String spec = m.group(1);
        if (spec.startsWith("./") || spec.startsWith("../")) {
          todo.add(resolve(name, spec));
        } else if (imports.getString(spec) != null) {
          todo.add(imports.getString(spec));
        }
      }
    }
    return found;
  }

  private static JsonObject importMap(String page) {
    Matcher m = IMPORT_MAP.matcher(page);
    return m.find() ? new JsonObject(m.group(1)).getJsonObject("imports", new JsonObject()) : new JsonObject();
  }

  /** {@code resolve("js/components/Login.js", "../html.js")} is {@code "js/html.js"}. */
  static String resolve(String from, String spec) {
    Deque<String> parts = new ArrayDeque<>();
    String[] base = from.split("/");
    for (int i = 0; i < base.length - 1; i++) {
      parts.addLast(base[i]);
    }
    for (String part : spec.split("/")) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.equals(".") && !part.isEmpty()) {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }
}
