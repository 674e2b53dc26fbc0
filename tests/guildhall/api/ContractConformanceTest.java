package guildhall.api;

import guildhall.http.HttpVerticle;
import guildhall.support.ApiClient;
import guildhall.support.SseClient;
import guildhall.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract equals the wire: every operation of openapi.yaml is called at least once against a real
 * server with a valid request, and each reply (status, headers, JSON body) is checked against what the
 * contract declares for that operation and status, by vertx-openapi's ResponseValidator. The owner's and
 * a member's update streams are open throughout, so every event the calls cause is checked against its
 * schema as well (by {@link SseClient}). An operation without a case fails the test.
 */
class ContractConformanceTest extends ApiTestBase {
  private Vertx vertx;
  private OpenAPIContract contract;
  private ResponseValidator validator;
  private final Set<String> covered = new TreeSet<>();
  private final List<String> mismatches = new ArrayList<>();

  @BeforeAll
  void loadContract() {
    vertx = Vertx.vertx();
    JsonObject raw = Utils.readYamlOrJson(vertx, "openapi.yaml").await();
    contract = OpenAPIContract.from(vertx, HttpVerticle.forParser(raw)).await();
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  void closeVertx() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** Checks one reply against the contract's response for that operation and status; returns it for chaining. */
  private ApiClient.Reply check(String operationId, int expectedStatus, ApiClient.Reply reply) {
    covered.add(operationId);
    if (reply.status() != expectedStatus) {
      mismatches.add(operationId + ": expected " + expectedStatus + ", got " + reply);
      return reply;
    }
    Map<String, String> headers = new HashMap<>();
    reply.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
    String contentType = reply.headers().firstValue("content-type").orElse(null);
    Buffer body = reply.text() == null || reply.text().isEmpty() ? null : Buffer.buffer(reply.text());
    try {
      validator.validate(ValidatableResponse.create(reply.status(), headers, body, contentType), operationId).await();
    } catch (SchemaValidationException e) {
      mismatches.add(operationId + " " + reply.status() + ": " + e.getMessage() + " " + e.getOutputUnit().toJson().encode()
          + "\n    body: " + shorten(reply.text()));
    } catch (Exception e) {
      mismatches.add(operationId + " " + reply.status() + ": " + e + "\n    body: " + shorten(reply.text()));
    }
    return reply;
  }

  private static String shorten(String text) {
    return text == null ? "" : text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }

  private static String emoji(String e) {
    return URLEncoder.encode(e, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("Every operation's real replies, and the events they cause, match what openapi.yaml declares")
  void everyOperationConforms() {
    mismatches.clear();
    // auth, users
    String ownerName = unique("owner");
    ApiClient.Reply login = check("login", 200, api.send("POST", "/auth/login", new JsonObject().put("username", ownerName), null));
    ApiClient.Session owner = new ApiClient.Session(api, login.json().getString("token"),
        login.json().getJsonObject("user").getString("id"), ownerName);
    ApiClient.Session member = user("member");
    ApiClient.Session third = user("third");
    check("getMe", 200, owner.get("/users/@me"));

    // guilds
    JsonObject guild = check("createGuild", 201, owner.post("/guilds", new JsonObject().put("name", "Conformance")
        .put("description", "every operation once").put("public", true))).json();
    String g = guild.getString("id");
    String general = general(guild);

    SseClient ownerStream = owner.stream(null);
    SseClient memberStream = member.stream(null);
    try {
      check("getUpdates", 200, new ApiClient.Reply(ownerStream.status, "", emptyHeaders()));
      check("patchMe", 200, owner.patch("/users/@me", new JsonObject().put("global_name", "The Owner")));
      check("getGuild", 200, owner.get("/guilds/" + g));
      check("listPublicGuilds", 200, owner.get("/guilds"));
      check("patchGuild", 200, owner.patch("/guilds/" + g, new JsonObject().put("description", "changed")));
      check("joinGuild", 200, member.put("/guilds/" + g + "/members/@me", null));
      memberStream.next("GUILD_CREATE");
      String code = check("createInvite", 201, owner.post("/guilds/" + g + "/invites", new JsonObject().put("max_uses", 5)))
          .json().getString("code");
      check("acceptInvite", 200, third.post("/invites/" + code, null));
      check("listMembers", 200, owner.get("/guilds/" + g + "/members"));

      // channels
      String category = check("createChannel", 201, owner.post("/guilds/" + g + "/channels",
          new JsonObject().put("name", "Engines").put("type", 4))).json().getString("id");
      String inCategory = check("createChannel", 201, owner.post("/guilds/" + g + "/channels",
          new JsonObject().put("name", "Notes here").put("topic", "notes").put("parent_id", category))).json().getString("id");
      check("patchChannel", 200, owner.patch("/channels/" + inCategory, new JsonObject().put("topic", "new notes").put("position", 3)));
      check("listChannels", 200, owner.get("/guilds/" + g + "/channels"));

      // roles
      check("listRoles", 200, owner.get("/guilds/" + g + "/roles"));
      String role = check("createRole", 201, owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "scribes")
          .put("color", 3447003).put("hoist", true))).json().getString("id");
      String second = check("createRole", 201, owner.post("/guilds/" + g + "/roles", new JsonObject())).json().getString("id");
      check("patchRole", 200, owner.patch("/guilds/" + g + "/roles/" + role, new JsonObject().put("mentionable", true)));
      check("reorderRoles", 200, owner.patch("/guilds/" + g + "/roles",
          new JsonArray().add(new JsonObject().put("id", role).put("position", 2)).add(new JsonObject().put("id", second).put("position", 1))));
      check("patchMember", 200, owner.patch("/guilds/" + g + "/members/" + member.userId(),
          new JsonObject().put("roles", new JsonArray().add(role)).put("nick", "Scribe")));
      check("patchMember", 200, owner.patch("/guilds/" + g + "/members/" + third.userId(),
          new JsonObject().put("communication_disabled_until", java.time.Instant.now().plusSeconds(600).toString())));
      // Hide the channel in the category from everyone but the role, then show it again: CHANNEL_DELETE/CREATE to the others
      check("putOverwrite", 204, owner.put("/channels/" + inCategory + "/permissions/" + g,
          new JsonObject().put("type", 0).put("deny", "1024")));
      check("putOverwrite", 204, owner.put("/channels/" + inCategory + "/permissions/" + role,
          new JsonObject().put("type", 0).put("allow", "1024")));
      check("deleteOverwrite", 204, owner.delete("/channels/" + inCategory + "/permissions/" + g));

      // sync
      JsonObject snapshot = check("getSnapshot", 200, member.get("/snapshot")).json();

      // messages
      JsonObject first = check("createMessage", 200, owner.post("/channels/" + general + "/messages",
          new JsonObject().put("content", "first").put("nonce", "n-1"))).json();
      check("createMessage", 200, owner.post("/channels/" + general + "/messages",
          new JsonObject().put("content", "first").put("nonce", "n-1"))); // the same nonce: the first message again
      JsonObject reply = check("createMessage", 200, member.post("/channels/" + general + "/messages",
          new JsonObject().put("content", "a reply").put("reply_to", first.getString("id")))).json();
      assertEquals(first.getString("id"), reply.getJsonObject("referenced_message").getString("id"));
      check("editMessage", 200, member.patch("/channels/" + general + "/messages/" + reply.getString("id"),
          new JsonObject().put("content", "an edited reply")));
      check("addReaction", 204, member.put("/channels/" + general + "/messages/" + first.getString("id") + "/reactions/" + emoji("👍") + "/@me", null));
      check("addReaction", 204, owner.put("/channels/" + general + "/messages/" + first.getString("id") + "/reactions/" + emoji("👍") + "/@me", null));
      check("listMessages", 200, owner.get("/channels/" + general + "/messages?limit=10"));
      check("listMessages", 200, owner.get("/channels/" + general + "/messages?after=" + first.getString("id")));
      check("removeReaction", 204, owner.delete("/channels/" + general + "/messages/" + first.getString("id") + "/reactions/" + emoji("👍") + "/@me"));
      check("startTyping", 204, member.post("/channels/" + general + "/typing", null));
      ownerStream.next("TYPING_START");
      check("deleteMessage", 204, owner.delete("/channels/" + general + "/messages/" + reply.getString("id")));

      // moderation
      check("banMember", 204, owner.put("/guilds/" + g + "/bans/" + third.userId(), new JsonObject().put("reason", "spam")));
      check("listBans", 200, owner.get("/guilds/" + g + "/bans"));
      check("unbanMember", 204, owner.delete("/guilds/" + g + "/bans/" + third.userId()));
      check("joinGuild", 200, third.put("/guilds/" + g + "/members/@me", null));
      check("leaveGuild", 204, third.delete("/users/@me/guilds/" + g));
      check("deleteRole", 204, owner.delete("/guilds/" + g + "/roles/" + second));
      check("deleteChannel", 204, owner.delete("/channels/" + category));
      check("deleteChannel", 204, owner.delete("/channels/" + inCategory));
      check("kickMember", 204, owner.delete("/guilds/" + g + "/members/" + member.userId()));
      memberStream.next("GUILD_DELETE");

      // A reconnect from the member's snapshot replays what it missed, through the same checks
      try (SseClient replay = member.stream(snapshot.getString("cursor"))) {
        replay.next(e -> e.type().equals("GUILD_DELETE") || e.type().equals("RESYNC"), "GUILD_DELETE or RESYNC");
      }
      check("deleteGuild", 204, owner.delete("/guilds/" + g));
      ownerStream.next("GUILD_DELETE");
      check("logout", 204, owner.post("/auth/logout", null));
    } finally {
      ownerStream.close();
      memberStream.close();
    }

    // errors, as the contract declares them
    check("getMe", 401, api.send("GET", "/users/@me", null, "not-a-token"));
    check("getGuild", 404, member.get("/guilds/" + g));
    check("createMessage", 400, member.post("/channels/" + general + "/messages", new JsonObject().put("content", "")));
    check("patchMe", 409, member.patch("/users/@me", new JsonObject().put("username", third.username())));

    Set<String> missing = new TreeSet<>();
    for (Operation op : contract.operations()) {
      if (!covered.contains(op.getOperationId())) {
        missing.add(op.getOperationId());
      }
    }
    assertTrue(missing.isEmpty(), "operations of openapi.yaml without a case here: " + missing);
    assertTrue(mismatches.isEmpty(), mismatches.size() + " replies differ from openapi.yaml:\n" + String.join("\n", mismatches));
  }

  @Test
  @DisplayName("A rate-limited reply is the contract's 429: Retry-After and the error with retry_after")
  void rateLimitedRepliesConform() {
    mismatches.clear();
    JsonObject limits = new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
        .put("requests", new JsonObject().put("burst", 3).put("per_second", 0.1))
        .put("messages", new JsonObject().put("burst", 1).put("per_second", 0.1))
        .put("logins", new JsonObject().put("burst", 2).put("per_second", 0.01)));
    try (TestApp limited = TestApp.start(guildhall.support.Backend.SQLITE, limits)) {
      ApiClient client = limited.client();
      String name = unique("limited");
      client.login(name);
      client.login(name);
      check("login", 429, client.send("POST", "/auth/login", new JsonObject().put("username", name), null));

      ApiClient.Session sender = client.login(unique("sender"));
      JsonObject guild = sender.post("/guilds", new JsonObject().put("name", "limits")).json();
      String channel = general(guild);
      check("createMessage", 200, sender.post("/channels/" + channel + "/messages", new JsonObject().put("content", "one")));
      check("createMessage", 429, sender.post("/channels/" + channel + "/messages", new JsonObject().put("content", "two")));
      check("getMe", 429, sender.get("/users/@me"));
    }
    assertTrue(mismatches.isEmpty(), mismatches.size() + " replies differ from openapi.yaml:\n" + String.join("\n", mismatches));
  }

  private static java.net.http.HttpHeaders emptyHeaders() {
    return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
  }
}
