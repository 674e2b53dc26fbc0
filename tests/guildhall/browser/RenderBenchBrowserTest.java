package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A benchmark, not a check of speed: a channel with 5,000 messages loaded in the client (scrolled
 * up page by page, as a reader would) while 50 typing and presence events a second arrive. Chromium's
 * Performance API gives the main thread's long tasks and the frame intervals (requestAnimationFrame)
 * over 10 s; the figures are printed for the README, never asserted, since machines differ. What is
 * asserted is that the load happened and events arrived, so the figures mean something.
 */
class RenderBenchBrowserTest extends BrowserTestBase {
  private static final int MESSAGES = 5_000;
  private static final int EVENTS_PER_SECOND = 50;
  private static final int MEASURE_MS = 10_000;
  private static final int BUSY_USERS = 20;

  private static ApiClient.Session reader;
  private static String channel;
  private static final List<ApiClient.Session> busy = new ArrayList<>();

  @BeforeAll
  static void seed() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    ApiClient client = app.client();
    reader = client.login("reader_" + tag);
    JsonObject guild = reader.post("/guilds", new JsonObject().put("name", "Busy")).json();
    channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = reader.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
    for (int i = 0; i < BUSY_USERS; i++) {
      ApiClient.Session u = client.login("busy" + i + "_" + tag);
      u.post("/invites/" + code, null);
      busy.add(u);
    }
    // 5,000 messages from a few authors, in runs of varied length (as a conversation goes), sent in parallel.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        int n = i;
        ApiClient.Session author = busy.get((n / (1 + n % 4)) % 5);
        sends.add(pool.submit(() -> author.post("/channels/" + channel + "/messages",
            new JsonObject().put("content", "message " + n + ": the quick brown fox jumps over the lazy dog"))));
      }
      for (Future<?> f : sends) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void forget() {
    busy.clear();
  }

  @SuppressWarnings("unchecked")
  private static void run(int width, int height, String label) throws Exception {
    WebDriver d = Browsers.chrome(width, height);
    JavascriptExecutor js = (JavascriptExecutor) d;
    try {
      login(d, app.baseUrl(), reader.username());
      openChannel(d, "general");
      long loadStart = System.nanoTime();
      // Scroll to the top until the start of the channel shows: every page of history is then loaded.
      waitFor(d, Duration.ofSeconds(600), drv -> {
        js.executeScript("const l = document.querySelector('[data-testid=message-list]'); l.scrollTop = 0;"
            + "l.dispatchEvent(new Event('scroll'));");
        return !drv.findElements(org.openqa.selenium.By.cssSelector(".channel-start")).isEmpty();
      }, "all " + MESSAGES + " messages to load");
      long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
      long rows = (Long) js.executeScript("return document.querySelectorAll('[data-message-id]').length;");
      assertTrue(rows >= MESSAGES, "the channel holds all its messages: " + rows);
      js.executeScript("const l = document.querySelector('[data-testid=message-list]'); l.scrollTop = l.scrollHeight;");

      // In the page: long tasks and frame intervals from now on, and whether the page changes as events arrive.
      js.executeScript("""
          window.__bench = { longTasks: [], frames: [], mutations: 0, running: true };
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration); })
            .observe({ type: 'longtask', buffered: false });
          let last = performance.now();
          const tick = (t) => { window.__bench.frames.push(t - last); last = t; if (window.__bench.running) requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
          const changes = new MutationObserver(() => window.__bench.mutations++);
          changes.observe(document.body, { subtree: true, childList: true, characterData: true });
          """);
      AtomicBoolean stop = new AtomicBoolean(false);
      AtomicInteger sent = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      String[] statuses = {"online", "idle", "dnd"};
      try {
        long period = 1_000_000_000L / EVENTS_PER_SECOND;
        long start = System.nanoTime();
        for (int w = 0; w < 4; w++) {
          int worker = w;
          pool.submit(() -> {
            for (long k = worker; !stop.get(); k += 4) {
              long due = start + k * period;
              long wait = due - System.nanoTime();
              if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
              }
              ApiClient.Session u = busy.get((int) (k % BUSY_USERS));
              if (k % 2 == 0) {
                u.post("/channels/" + channel + "/typing", null);
              } else {
                u.put("/users/@me/presence", new JsonObject().put("status", statuses[(int) (k / 2 % 3)]));
              }
              sent.incrementAndGet();
            }
            return null;
          });
        }
        Thread.sleep(MEASURE_MS);
      } finally {
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
      Map<String, Object> figures = (Map<String, Object>) js.executeScript("""
          const b = window.__bench; b.running = false;
          const f = b.frames.slice(1).sort((x, y) => x - y);
          const p = (q) => f.length ? f[Math.min(f.length - 1, Math.floor(q * f.length))] : 0;
          return { frames: f.length, p50: p(0.5), p95: p(0.95), max: f.length ? f[f.length - 1] : 0,
                   longTasks: b.longTasks.length, longTaskMs: b.longTasks.reduce((a, x) => a + x, 0),
                   mutations: b.mutations };
          """);
      Browsers.screenshot(d, "render-bench-" + label);
      System.out.printf("[render-bench] %s: %d messages loaded by scrolling in %d ms; then %d events in %d s (%d/s typing+presence):"
              + " frames %s, frame interval p50 %.1f ms, p95 %.1f ms, max %.1f ms; long tasks %s totalling %.0f ms%n",
          label, rows, loadMs, sent.get(), MEASURE_MS / 1000, EVENTS_PER_SECOND, figures.get("frames"),
          ((Number) figures.get("p50")).doubleValue(), ((Number) figures.get("p95")).doubleValue(),
          ((Number) figures.get("max")).doubleValue(), figures.get("longTasks"), ((Number) figures.get("longTaskMs")).doubleValue());
      assertTrue(sent.get() >= EVENTS_PER_SECOND * MEASURE_MS / 1000 / 2, "the events were sent: " + sent.get());
      assertTrue(((Number) figures.get("mutations")).longValue() > 0, "the page changed as the events arrived");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("Benchmark, desktop: 5,000 messages loaded, 50 typing and presence events a second; long tasks and frame times printed")
  void desktop() throws Exception {
    run(1280, 800, "desktop");
  }

  @Test
  @DisplayName("Benchmark, phone: the same at 390x844")
  void phone() throws Exception {
    run(390, 844, "phone");
  }
}
