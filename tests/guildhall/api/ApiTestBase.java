package guildhall.api;

import guildhall.support.ApiClient;
import guildhall.support.Backend;
import guildhall.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.UUID;

/**
 * One real server per test class, on SQLite; each class has a PostgreSQL twin that overrides
 * {@link #backend()}. Tests make their own users (unique names), so they do not disturb each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {
  protected TestApp app;
  protected ApiClient api;

  protected Backend backend() {
    return Backend.SQLITE;
  }

  /** Settings merged over the test configuration, for a class that needs others. */
  protected JsonObject configOverrides() {
    return new JsonObject();
  }

  @BeforeAll
  void startServer() {
    app = TestApp.start(backend(), configOverrides());
    api = app.client();
  }

  @AfterAll
  void stopServer() {
    if (app != null) {
      app.close();
    }
  }

  protected static String unique(String name) {
    return name + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected ApiClient.Session user(String name) {
    return api.login(unique(name));
  }

  /** A guild owned by {@code owner}; returns the guild JSON (with its `general` channel). */
  protected JsonObject guild(ApiClient.Session owner, boolean isPublic) {
    ApiClient.Reply reply = owner.post("/guilds", new JsonObject().put("name", unique("guild")).put("public", isPublic));
    if (reply.status() != 201) {
      throw new AssertionError("create guild: " + reply);
    }
    return reply.json();
  }

  protected static String general(JsonObject guild) {
    return guild.getJsonArray("channels").getJsonObject(0).getString("id");
  }

  protected void join(ApiClient.Session user, JsonObject guild, ApiClient.Session owner) {
    String code = owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
    ApiClient.Reply reply = user.post("/invites/" + code, null);
    if (reply.status() != 200) {
      throw new AssertionError("accept invite: " + reply);
    }
  }

  /** An owner and a member of a fresh private guild, on another server than the class's (one with special settings). */
  protected record TwoInAGuild(ApiClient.Session owner, ApiClient.Session member, JsonObject guild, String channel) {}

  protected static TwoInAGuild twoInAGuild(ApiClient api, String ownerName, String memberName) {
    ApiClient.Session owner = api.login(unique(ownerName));
    ApiClient.Session member = api.login(unique(memberName));
    JsonObject guild = owner.post("/guilds", new JsonObject().put("name", "g")).json();
    String code = owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).json().getString("code");
    member.post("/invites/" + code, null);
    return new TwoInAGuild(owner, member, guild, general(guild));
  }

  protected JsonObject send(ApiClient.Session user, String channelId, String content) {
    ApiClient.Reply reply = user.post("/channels/" + channelId + "/messages", new JsonObject().put("content", content));
    if (reply.status() != 200) {
      throw new AssertionError("send: " + reply);
    }
    return reply.json();
  }
}
