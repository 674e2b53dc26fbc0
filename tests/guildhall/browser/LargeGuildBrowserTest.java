package guildhall.browser;

import guildhall.support.ApiClient;
import guildhall.support.Backend;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A large guild's member list in the browser: virtualized (few rows in the DOM whatever the guild's
 * size) and paged in as it scrolls. The threshold is 5 here; the guild has more members than the
 * snapshot's first page of 100, so that reaching the end needs the list to fetch.
 */
class LargeGuildBrowserTest {
  private static final int MEMBERS = 130;
  private static TestApp app;

  @BeforeAll
  static void startServer() {
    Browsers.requireChromium();
    app = TestApp.start(Backend.SQLITE, new JsonObject().put("guilds", new JsonObject().put("large_threshold", 5)));
  }

  @AfterAll
  static void stopServer() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  private static long rows(WebDriver d) {
    return (Long) ((JavascriptExecutor) d).executeScript("return document.querySelectorAll(\"[data-testid='member']\").length");
  }

  private static boolean shows(WebDriver d, String userId) {
    return !d.findElements(By.cssSelector("[data-testid='member'][data-user-id='" + userId + "']")).isEmpty();
  }

  @Test
  @DisplayName("A large guild's member list draws a window of rows, tells the server it is shown, and pages in the rest as it scrolls to the end")
  void virtualizedAndPaged() {
    ApiClient api = app.client();
    String tag = UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session owner = api.login("owner_" + tag);
    String g = owner.post("/guilds", new JsonObject().put("name", "Stadium").put("public", true)).json().getString("id");
    List<String> ids = new ArrayList<>(List.of(owner.userId()));
    java.util.Map<String, ApiClient.Session> byId = new java.util.HashMap<>();
    for (int i = 1; i < MEMBERS; i++) {
      ApiClient.Session member = api.login("fan" + i + "_" + tag);
      assertEquals(200, member.put("/guilds/" + g + "/members/@me", null).status());
      ids.add(member.userId());
      byId.put(member.userId(), member);
    }
    ids.sort(Comparator.comparing(Long::parseLong));
    String first = ids.get(0);
    String last = ids.get(ids.size() - 1);

    WebDriver d = Browsers.chrome(1280, 800);
    try {
      login(d, app.baseUrl(), owner.username());
      d.findElement(By.cssSelector("[data-testid='guild-icon'][data-guild-id='" + g + "']")).click();
      openChannel(d, "general");
      waitFor(d, x -> shows(x, first), "the first member by id in the list");
      waitFor(d, x -> x.findElement(By.cssSelector("[data-testid='member-count']")).getText().contains(Integer.toString(MEMBERS)),
          "the list to count the whole guild");
      long drawn = rows(d);
      assertTrue(drawn > 5 && drawn < 50, "a window of rows, not all " + MEMBERS + ": " + drawn);
      assertTrue(!shows(d, last), "the last member is beyond the window and the first page");

      // The list told the server it is shown: a member who comes online now shows so in it (live, or
      // from the pages read again once the server knew, had the coming online crossed the telling).
      String fan = ids.get(0).equals(owner.userId()) ? ids.get(1) : ids.get(0);
      try (var online = byId.get(fan).stream(null)) {
        waitFor(d, x -> !x.findElements(By.cssSelector("[data-testid='member'][data-user-id='" + fan + "'][data-online='true']")).isEmpty(),
            "a member's coming online to reach the open list");
      }

      // To the bottom: the list fetches the pages after the first and draws the end.
      JavascriptExecutor js = (JavascriptExecutor) d;
      waitFor(d, x -> {
        js.executeScript("const p = document.querySelector(\"aside.member-pane\"); p.scrollTop = p.scrollHeight;");
        return shows(x, last);
      }, "the last member after scrolling to the end");
      long atEnd = rows(d);
      assertTrue(atEnd < 50, "still a window of rows at the end: " + atEnd);
      assertTrue(!shows(d, first), "the first member has left the DOM");
      Browsers.screenshot(d, "large-guild-member-list");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("A newcomer who joins a large guild from the directory sees it counted whole and its list paged in")
  void joinedFromTheDirectory() {
    ApiClient api = app.client();
    String tag = UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session owner = api.login("host_" + tag);
    String g = owner.post("/guilds", new JsonObject().put("name", "Arena " + tag).put("public", true)).json().getString("id");
    for (int i = 1; i <= 7; i++) {
      assertEquals(200, api.login("crowd" + i + "_" + tag).put("/guilds/" + g + "/members/@me", null).status());
    }
    ApiClient.Session newcomer = api.login("newcomer_" + tag);
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      login(d, app.baseUrl(), newcomer.username());
      d.findElement(By.cssSelector("[data-testid='join-guild-button']")).click();
      By join = By.cssSelector("[data-testid='directory-join'][data-guild-id='" + g + "']");
      waitFor(d, x -> !x.findElements(join).isEmpty(), "the guild in the directory");
      d.findElement(join).click();
      openChannel(d, "general");
      // The join answered with the count and the newcomer's own record; the rest comes by paging.
      waitFor(d, x -> x.findElement(By.cssSelector("[data-testid='member-count']")).getText().endsWith(" 9"),
          "the list to count the whole guild, the newcomer too");
      waitFor(d, x -> shows(x, owner.userId()) && shows(x, newcomer.userId()), "the owner and the newcomer in the list");
    } finally {
      Browsers.quit(d);
    }
  }
}
