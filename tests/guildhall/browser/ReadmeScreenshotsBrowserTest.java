package guildhall.browser;

import guildhall.support.ApiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import java.util.UUID;

import static guildhall.browser.BrowserSteps.login;
import static guildhall.browser.BrowserSteps.openChannel;
import static guildhall.browser.BrowserSteps.waitForMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's pictures, made from a real conversation: formatting, a reply, reactions, a mention, a
 * thread, another channel left unread. Saved as target/screenshots/readme-{desktop,phone}.png; the
 * README shows copies of them (webroot/img/), refreshed by hand from these when the client changes.
 * What it asserts is only that the conversation is on screen, so the pictures show something.
 */
class ReadmeScreenshotsBrowserTest extends BrowserTestBase {
  private static ApiClient.Session ada;
  private static final String LAST = "Shipping it tonight \uD83C\uDF89 thanks everyone";

  @BeforeAll
  static void conversation() {
    String tag = UUID.randomUUID().toString().substring(0, 4);
    ApiClient client = app.client();
    ada = client.login("ada_" + tag);
    ApiClient.Session grace = client.login("grace_" + tag);
    ApiClient.Session linus = client.login("linus_" + tag);
    ada.patch("/users/@me", new JsonObject().put("global_name", "Ada"));
    grace.patch("/users/@me", new JsonObject().put("global_name", "Grace"));
    linus.patch("/users/@me", new JsonObject().put("global_name", "Linus"));
    JsonObject guild = ada.post("/guilds", new JsonObject().put("name", "Guildhall Dev")).json();
    String gid = guild.getString("id");
    String general = guild.getJsonArray("channels").getJsonObject(0).getString("id");
    String code = ada.post("/guilds/" + gid + "/invites", new JsonObject()).json().getString("code");
    grace.post("/invites/" + code, null);
    linus.post("/invites/" + code, null);
    ada.post("/guilds/" + gid + "/channels", new JsonObject().put("name", "release"));
    String design = ada.post("/guilds/" + gid + "/channels", new JsonObject().put("name", "design")).json().getString("id");
    JsonObject role = ada.post("/guilds/" + gid + "/roles", new JsonObject().put("name", "Maintainer").put("color", 0x5865F2)).json();
    ada.patch("/guilds/" + gid + "/members/" + grace.userId(), new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add(role.getString("id"))));

    String url = "/channels/" + general + "/messages";
    grace.post(url, new JsonObject().put("content", "Morning! The **sync** rewrite is in review: replay now answers `RESYNC` across a permission change."));
    grace.post(url, new JsonObject().put("content", "Details in https://example.org/guildhall/sync"));
    JsonObject question = linus.post(url, new JsonObject().put("content", "Does it keep *ordering* per channel?")).json();
    assertEquals(200, grace.post(url, new JsonObject().put("content", "Yes, by snowflake id:\n```java\nlong next = Snowflake.next(node);\n```")
        .put("reply_to", question.getString("id"))).status(), "the reply is sent");
    String reply = ada.post(url, new JsonObject().put("content", "<@" + grace.userId() + "> lovely work ||no more flaky replays||")).json().getString("id");
    for (ApiClient.Session s : new ApiClient.Session[] {grace, linus}) {
      s.put(url + "/" + reply + "/reactions/%F0%9F%8E%89/@me", null);
    }
    linus.put(url + "/" + reply + "/reactions/%F0%9F%91%8D/@me", null);
    linus.post(url, new JsonObject().put("content", "> replay now answers RESYNC\nthat is the right call"));
    grace.post(url, new JsonObject().put("content", LAST));
    linus.post("/channels/" + design + "/messages", new JsonObject().put("content", "<@" + ada.userId() + "> new icons are up"));
  }

  private static void shoot(int width, int height, String name) {
    WebDriver d = Browsers.chrome(width, height);
    try {
      login(d, app.baseUrl(), ada.username());
      openChannel(d, "general");
      waitForMessage(d, LAST, "Ada");
      Browsers.screenshot(d, name);
    } finally {
      Browsers.quit(d);
    }
  }

  @Test
  @DisplayName("README picture, desktop")
  void desktop() {
    shoot(1280, 800, "readme-desktop");
  }

  @Test
  @DisplayName("README picture, phone")
  void phone() {
    shoot(390, 844, "readme-phone");
  }
}
