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
import static guildhall.browser.BrowserSteps.testId;
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
    Crowd c = crowd("Stadium");
    ApiClient.Session owner = c.owner();
    String g = c.guildId();
    List<String> ids = c.ids();
    java.util.Map<String, ApiClient.Session> byId = c.byId();
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

  /** A public guild of {@code MEMBERS}: the owner first, then the members by user id, each with their session. */
  private record Crowd(String guildId, ApiClient.Session owner, List<String> ids, java.util.Map<String, ApiClient.Session> byId) {}

  private static Crowd crowd(String name) {
    ApiClient api = app.client();
    String tag = UUID.randomUUID().toString().substring(0, 6);
    ApiClient.Session owner = api.login("owner_" + tag);
    String g = owner.post("/guilds", new JsonObject().put("name", name).put("public", true)).json().getString("id");
    List<String> ids = new ArrayList<>(List.of(owner.userId()));
    java.util.Map<String, ApiClient.Session> byId = new java.util.HashMap<>();
    for (int i = 1; i < MEMBERS; i++) {
      ApiClient.Session member = api.login("fan" + i + "_" + tag);
      assertEquals(200, member.put("/guilds/" + g + "/members/@me", null).status());
      ids.add(member.userId());
      byId.put(member.userId(), member);
    }
    ids.sort(Comparator.comparing(Long::parseLong));
    return new Crowd(g, owner, ids, byId);
  }

  private static void openGeneral(WebDriver d, Crowd c) {
    login(d, app.baseUrl(), c.owner().username());
    d.findElement(By.cssSelector("[data-testid='guild-icon'][data-guild-id='" + c.guildId() + "']")).click();
    openChannel(d, "general");
  }

  private static String general(Crowd c) {
    return c.owner().get("/guilds/" + c.guildId() + "/channels").array().stream().map(JsonObject.class::cast)
        .filter(ch -> ch.getString("name").equals("general")).findFirst().orElseThrow().getString("id");
  }

  @Test
  @DisplayName("A member beyond the first page of the list posts: the other user sees the message under their nickname, in their role's colour")
  void newAuthorShowsAsMember() {
    Crowd c = crowd("Harbour");
    String author = c.ids().get(c.ids().size() - 1).equals(c.owner().userId()) ? c.ids().get(c.ids().size() - 2) : c.ids().get(c.ids().size() - 1);
    String role = c.owner().post("/guilds/" + c.guildId() + "/roles", new JsonObject().put("name", "crew").put("color", 0x00aa00))
        .json().getString("id");
    // Before the owner's page loads, so that it learns of the author from the message alone.
    assertEquals(200, c.owner().patch("/guilds/" + c.guildId() + "/members/" + author,
        new JsonObject().put("nick", "Skipper").put("roles", new io.vertx.core.json.JsonArray().add(role))).status());

    WebDriver d = Browsers.chrome(1280, 800);
    try {
      openGeneral(d, c);
      waitFor(d, x -> shows(x, c.ids().get(0)), "the member list's first page");
      assertTrue(!shows(d, author), "the author is beyond the first page");
      String general = general(c);
      assertEquals(200, c.byId().get(author).post("/channels/" + general + "/messages",
          new JsonObject().put("content", "ahoy from afar")).status());
      By authorName = By.cssSelector("[data-testid='message'] [data-testid='message-author']");
      waitFor(d, x -> x.findElements(authorName).stream().anyMatch(e -> e.getText().contains("Skipper")),
          "the new message under the author's nickname");
      var name = d.findElements(authorName).stream().filter(e -> e.getText().contains("Skipper")).findFirst().orElseThrow();
      assertEquals("rgba(0, 170, 0, 1)", name.getCssValue("color"), "in the colour of the author's role");
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("In a large guild, typing reaches the member who has the guild open (its list said to the server) and shows under the composer")
  void typingInALargeGuildShows() {
    Crowd c = crowd("Quay");
    String typist = c.ids().get(0).equals(c.owner().userId()) ? c.ids().get(1) : c.ids().get(0);
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      openGeneral(d, c);
      // Typing in a large guild goes only to those who show its list: the page must have said it first.
      waitFor(d, x -> memberListPuts(x) > 0, "the list to be told to the server");
      ApiClient.Session them = c.byId().get(typist);
      assertEquals(204, them.post("/channels/" + general(c) + "/typing", null).status());
      waitFor(d, x -> x.findElement(testId("typing-indicator")).getText().contains(them.username()), "the typist shown as typing");
    } finally {
      Browsers.quit(d);
    }
  }

  private static long memberListPuts(WebDriver d) {
    return ((Number) ((JavascriptExecutor) d).executeScript("return performance.getEntriesByType('resource')"
        + ".filter((e) => e.name.includes('/api/v1/users/@me/member-list')).length")).longValue();
  }

  @Test
  @DisplayName("After the stream drops and reconnects, the client says its member list again, and the list hears who comes online")
  void reconnectSaysTheListAgain() {
    Crowd c = crowd("Arena");
    String fan = c.ids().get(0).equals(c.owner().userId()) ? c.ids().get(1) : c.ids().get(0);
    WebDriver d = Browsers.chrome(1280, 800);
    try {
      openGeneral(d, c);
      waitFor(d, x -> shows(x, fan), "the member list's first page");
      waitFor(d, x -> memberListPuts(x) > 0, "the list to be told to the server");
      long told = memberListPuts(d);
      // The server closes the page's only stream: the user is offline, and the server forgets the list.
      assertTrue(app.dropAllStreams() > 0, "the page's stream was dropped");
      waitFor(d, java.time.Duration.ofSeconds(20), x -> memberListPuts(x) > told, "the list said again once the stream is back");
      try (var online = c.byId().get(fan).stream(null)) {
        waitFor(d, x -> !x.findElements(By.cssSelector("[data-testid='member'][data-user-id='" + fan + "'][data-online='true']")).isEmpty(),
            "a member's coming online to reach the list after the reconnect");
      }
    } finally {
      Browsers.quit(d);
    }
  }
}
