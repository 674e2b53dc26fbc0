package guildhall.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The browser client's files, served so that a reload fetches nothing unchanged.
 *
 * <p>The page links its scripts and styles under {@code /v/<hash>/}, where the hash covers every file of
 * the client: those URLs never change content, so they are cached for a year as immutable, and a new
 * release simply has new URLs. Only {@code /} itself is revalidated (ETag = the hash, 304 when equal).
 * Library files under {@code /webjars/} and {@code /_static/} carry their version in the path and are
 * immutable too. The plain {@code /js/} and {@code /css/} paths still work, revalidated on every use.
 *
 * <p>The page also lists the first screen's modules as {@code modulepreload} (FirstScreenModules), so a
 * cold load fetches them in parallel instead of one import depth at a time, and nothing the login screen
 * does not need.
 */
final class ClientAssets {
  private static final String ROOT = "webroot";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /** Keep it, but ask first: the validators (ETag, Last-Modified) make the answer a bodiless 304. */
  private static final String REVALIDATE = "no-cache";
  /** One line of the page linking one of the client's stylesheets. */
  private static final Pattern STYLESHEET = Pattern.compile("[ \\t]*<link rel=\"stylesheet\" href=\"/css/([^\"]+)\">\\R?");
  private static final String JOINED_STYLES = "css/client.css";
  /** When the joined stylesheet was made, its Last-Modified. */
  private static final String LOADED_AT = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));

  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

  private final String version;
  private final String page;
  private final String contentSecurityPolicy;
  private final io.vertx.core.buffer.Buffer styles;

  private ClientAssets(String version, String page, byte[] styles) {
    this.version = version;
    this.page = page;
    this.styles = io.vertx.core.buffer.Buffer.buffer(styles);
    this.contentSecurityPolicy = contentSecurityPolicy(page);
  }

  /**
   * No inline script runs but the import map, allowed by its hash (browsers need it inline); no plugin,
   * no framing, no form posting elsewhere; everything else from this origin (images also as data: URLs).
   * Styles set from script (Preact's style props) are not inline styles in CSP's sense.
   */
  private static String contentSecurityPolicy(String page) {
    StringBuilder scripts = new StringBuilder("'self'");
    Matcher m = INLINE_SCRIPT.matcher(page);
    while (m.find()) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
        scripts.append(" 'sha256-").append(Base64.getEncoder().encodeToString(digest)).append("'");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self' data: blob:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** One reading per process, shared by every HTTP verticle instance (a few hundred KiB, read once). */
  static ClientAssets shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final ClientAssets INSTANCE = load();
  }

  /** Reads the client: its files' hash and the page rewritten to versioned URLs. */
  static ClientAssets load() {
    TreeMap<String, byte[]> files = readAll();
    String version = hash(files);
    String prefix = "/v/" + version + "/";
    String source = new String(files.getOrDefault("index.html", new byte[0]), StandardCharsets.UTF_8);
    byte[] styles = joinedStyles(files, source);
    String html = withJoinedStyles(source, prefix)
        .replace("src=\"/js/", "src=\"" + prefix + "js/");
    StringBuilder preloads = new StringBuilder();
    for (String module : FirstScreenModules.of(files, html)) {
      String href = module.startsWith("/") ? module : prefix + module;
      preloads.append("  <link rel=\"modulepreload\" href=\"").append(href).append("\">\n");
    }
    html = html.replace("</head>", preloads + "</head>");
    return new ClientAssets(version, html, styles);
  }

  /** The page's stylesheets as one file, in the page's order: one request instead of fifteen (six at a time over HTTP/1.1). */
  private static byte[] joinedStyles(TreeMap<String, byte[]> files, String page) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Matcher m = STYLESHEET.matcher(page);
    while (m.find()) {
      byte[] css = files.get("css/" + m.group(1));
      if (css != null) {
        out.writeBytes(("/* " + m.group(1) + " */\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(css);
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** The page with its stylesheet links replaced by one link to the joined file. */
  private static String withJoinedStyles(String page, String prefix) {
    Matcher m = STYLESHEET.matcher(page);
    StringBuilder out = new StringBuilder();
    boolean first = true;
    while (m.find()) {
      m.appendReplacement(out, first ? Matcher.quoteReplacement("<link rel=\"stylesheet\" href=\"" + prefix + JOINED_STYLES + "\">\n") : "");
      first = false;
    }
    m.appendTail(out);
    return out.toString();
  }

  String version() {
    return version;
  }

  void mount(Router root) {
    root.get("/").handler(this::page);
    root.get("/index.html").handler(this::page);
    // Caching on gives Last-Modified and 304s; the Cache-Control each path needs is set on the way out.
    StaticHandler client = StaticHandler.create(ROOT).setCachingEnabled(true);
    root.get("/v/" + version + "/" + JOINED_STYLES).handler(ctx -> styles(ctx, IMMUTABLE));
    root.get("/" + JOINED_STYLES).handler(ctx -> styles(ctx, REVALIDATE));
    root.route("/v/" + version + "/*").handler(ctx -> cacheFor(ctx, IMMUTABLE).next()).handler(client);
    // An older page asking for its own version gets today's file, which must not be kept under that URL.
    root.routeWithRegex("^/v/[^/]+(/.*)$").handler(ctx -> ctx.reroute(ctx.pathParam("param0")));
    root.route("/webjars/*").handler(ctx -> cacheFor(ctx, IMMUTABLE).next()).handler(StaticHandler.create("META-INF/resources/webjars"));
    root.route("/_static/*").handler(ctx -> cacheFor(ctx, IMMUTABLE).next()).handler(StaticHandler.create("META-INF/resources/_static"));
    root.route("/*").handler(ctx -> cacheFor(ctx, REVALIDATE).next()).handler(client);
  }

  private void page(RoutingContext ctx) {
    String etag = "\"" + version + "\"";
    var response = ctx.response()
        .putHeader("Content-Security-Policy", contentSecurityPolicy)
        .putHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE)
        .putHeader(HttpHeaders.ETAG, etag);
    if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
    }
  }

  private void styles(RoutingContext ctx, String cacheControl) {
    String etag = "\"" + version + "-css\"";
    var response = ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, cacheControl).putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.LAST_MODIFIED, LOADED_AT);
    if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "text/css; charset=utf-8").end(styles);
    }
  }

  /** Sets Cache-Control as the headers go out, over whatever the static handler chose. */
  private static RoutingContext cacheFor(RoutingContext ctx, String cacheControl) {
    ctx.addHeadersEndHandler(v -> {
      if (ctx.response().getStatusCode() < 400) {
        ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, cacheControl);
      }
    });
    return ctx;
  }

  private static String hash(TreeMap<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (var file : files.entrySet()) {
        digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(file.getValue());
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every file under webroot/ on the classpath, by relative name, from a directory or a jar. */
  private static TreeMap<String, byte[]> readAll() {
    URL url = ClientAssets.class.getClassLoader().getResource(ROOT + "/index.html");
    if (url == null) {
      return new TreeMap<>();
    }
    try {
      return "jar".equals(url.getProtocol()) ? fromJar((JarURLConnection) url.openConnection()) : fromDirectory(Path.of(url.toURI()).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TreeMap<String, byte[]> fromDirectory(Path dir) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.filter(Files::isRegularFile).toList();
    }
    for (Path p : paths) {
      files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
    }
    return files;
  }

  private static TreeMap<String, byte[]> fromJar(JarURLConnection connection) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      List<java.util.jar.JarEntry> entries = new ArrayList<>();
      jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(ROOT + "/")).forEach(entries::add);
      for (var entry : entries) {
        try (InputStream in = jar.getInputStream(entry)) {
          files.put(entry.getName().substring(ROOT.length() + 1), in.readAllBytes());
        }
      }
    }
    return files;
  }
}
