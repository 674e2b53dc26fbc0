package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the contract, given bad input, answers 400 with the culprit field named,
 * never a 500. A new operation in openapi.yaml without a row here fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationTest extends AsyncApiTestBase {
  /** Operations that take no input at all: nothing to get wrong. */
  private static final Set<String> NO_INPUT = Set.of("getAuthConfig", "logout", "logoutAll", "createStreamTicket", "listSessions", "getMe", "getSnapshot",
      "listPublicGuilds", "listPrivateChannels");

  private record Row(String operation, String method, String path, Object body, String field) {}

  private Api.Session owner;
  private String guildId;
  private String channelId;
  private String messageId;

  /** Runs after the server has started (JUnit runs the base class's @BeforeAll first). */
  @BeforeAll
  void data(VertxTestContext ctx) {
    user("owner").compose(user -> guild(user, true).compose(guild -> send(user, general(guild), "hello").map(message -> {
      owner = user;
      guildId = guild.getString("id");
      channelId = general(guild);
      messageId = message.getString("id");
      return message;
    }))).onComplete(ctx.succeedingThenComplete());
  }

  private List<Row> rows() {
    String g = "/guilds/" + guildId;
    String c = "/channels/" + channelId;
    String m = c + "/messages/" + messageId;
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("login", "POST", "/auth/login", new JsonObject(), "username"));
    rows.add(new Row("login", "POST", "/auth/login", new JsonObject().put("username", "a"), "username"));
    rows.add(new Row("login", "POST", "/auth/login", new JsonObject().put("username", "has space"), "username"));
    rows.add(new Row("login", "POST", "/auth/login", new JsonObject().put("username", "fine_name").put("password", ""), "password"));
    rows.add(new Row("login", "POST", "/auth/login", "{not json", "body"));
    rows.add(new Row("patchMe", "PATCH", "/users/@me", new JsonObject().put("username", "x y"), "username"));
    rows.add(new Row("patchMe", "PATCH", "/users/@me", new JsonObject().put("password", "short"), "password"));
    rows.add(new Row("patchMe", "PATCH", "/users/@me", new JsonObject().put("admin", true), "admin"));
    rows.add(new Row("leaveGuild", "DELETE", "/users/@me/guilds/abc", null, "guild_id"));
    String settings = "/users/@me/guilds/" + guildId + "/settings";
    rows.add(new Row("getGuildSettings", "GET", "/users/@me/guilds/abc/settings", null, "guild_id"));
    rows.add(new Row("patchGuildSettings", "PATCH", "/users/@me/guilds/abc/settings", new JsonObject().put("muted", true), "guild_id"));
    rows.add(new Row("patchGuildSettings", "PATCH", settings, new JsonObject().put("message_notifications", 3), "message_notifications"));
    rows.add(new Row("patchGuildSettings", "PATCH", settings, new JsonObject().put("muted", "yes"), "muted"));
    rows.add(new Row("patchGuildSettings", "PATCH", settings, new JsonObject().put("channel_overrides", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("channel_id", channelId)).add(new JsonObject().put("channel_id", channelId))), "channel_overrides[1].channel_id"));
    rows.add(new Row("getUpdates", "GET", "/updates?after=yesterday", null, "after"));
    rows.add(new Row("createGuild", "POST", "/guilds", new JsonObject(), "name"));
    rows.add(new Row("createGuild", "POST", "/guilds", new JsonObject().put("name", ""), "name"));
    rows.add(new Row("createGuild", "POST", "/guilds", new JsonObject().put("name", "x".repeat(101)), "name"));
    rows.add(new Row("createGuild", "POST", "/guilds", new JsonObject().put("name", "ok").put("public", "yes"), "public"));
    rows.add(new Row("getGuild", "GET", "/guilds/abc", null, "guild_id"));
    rows.add(new Row("getGuild", "GET", "/guilds/9999999999999999999", null, "guild_id")); // past 2^63
    rows.add(new Row("patchGuild", "PATCH", g, new JsonObject().put("name", 5), "name"));
    rows.add(new Row("patchGuild", "PATCH", "/guilds/1x", new JsonObject().put("name", "ok"), "guild_id"));
    rows.add(new Row("deleteGuild", "DELETE", "/guilds/-1", null, "guild_id"));
    rows.add(new Row("joinGuild", "PUT", "/guilds/abc/members/@me", null, "guild_id"));
    rows.add(new Row("listMembers", "GET", "/guilds/abc/members", null, "guild_id"));
    rows.add(new Row("listMembers", "GET", g + "/members?limit=0", null, "limit"));
    rows.add(new Row("listMembers", "GET", g + "/members?after=x", null, "after"));
    rows.add(new Row("putMemberList", "PUT", "/users/@me/member-list", new JsonObject(), "guild_id"));
    rows.add(new Row("putMemberList", "PUT", "/users/@me/member-list", new JsonObject().put("guild_id", "abc"), "guild_id"));
    rows.add(new Row("createInvite", "POST", g + "/invites", new JsonObject().put("max_age", -1), "max_age"));
    rows.add(new Row("createInvite", "POST", g + "/invites", new JsonObject().put("max_uses", 1000), "max_uses"));
    rows.add(new Row("acceptInvite", "POST", "/invites/no!", null, "code"));
    rows.add(new Row("listChannels", "GET", "/guilds/abc/channels", null, "guild_id"));
    rows.add(new Row("createChannel", "POST", g + "/channels", new JsonObject(), "name"));
    rows.add(new Row("createChannel", "POST", g + "/channels", new JsonObject().put("name", "x").put("type", 2), "type"));
    rows.add(new Row("createChannel", "POST", g + "/channels", new JsonObject().put("name", "x").put("parent_id", "abc"), "parent_id"));
    rows.add(new Row("createChannel", "POST", g + "/channels", new JsonObject().put("name", "   "), "name"));
    rows.add(new Row("patchChannel", "PATCH", c, new JsonObject().put("position", -1), "position"));
    rows.add(new Row("patchChannel", "PATCH", c, new JsonObject().put("parent_id", channelId), "parent_id"));
    rows.add(new Row("deleteChannel", "DELETE", "/channels/abc", null, "channel_id"));
    rows.add(new Row("listMessages", "GET", c + "/messages?limit=0", null, "limit"));
    rows.add(new Row("listMessages", "GET", c + "/messages?after=x", null, "after"));
    // A numeric query parameter is a plain whole number, never JSON the library would decode (1e2 was 100.0, then a 500).
    for (String q : List.of("limit=1e2", "limit=1.0", "limit=abc", "limit=", "limit=%2B5", "limit=0x10", "limit=99999999999999999999")) {
      rows.add(new Row("listMessages", "GET", c + "/messages?" + q, null, "limit"));
    }
    for (String q : List.of("before=1.5", "before=-1", "before=1e5", "before=", "before=%00")) {
      rows.add(new Row("listMessages", "GET", c + "/messages?" + q, null, "before"));
    }
    rows.add(new Row("listReports", "GET", g + "/reports?limit=1e2", null, "limit"));
    rows.add(new Row("listReports", "GET", g + "/reports?limit=2.5", null, "limit"));
    rows.add(new Row("getUpdates", "GET", "/updates?after=1.5", null, "after"));
    // Text no store can keep (NUL: PostgreSQL refuses it; a lone surrogate has no UTF-8), in any string field.
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", "a\u0000b"), "content"));
    rows.add(new Row("createMessage", "POST", c + "/messages", "{\"content\":\"a\\ud800b\"}", "content"));
    rows.add(new Row("createMessage", "POST", c + "/messages", "{\"content\":\"a\\udc00\"}", "content"));
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", "x").put("nonce", "\u0000"), "nonce"));
    rows.add(new Row("editMessage", "PATCH", m, new JsonObject().put("content", "\u0000"), "content"));
    rows.add(new Row("createGuild", "POST", "/guilds", new JsonObject().put("name", "g\u0000"), "name"));
    rows.add(new Row("createChannel", "POST", g + "/channels", "{\"name\":\"x\\ud83d\"}", "name"));
    rows.add(new Row("patchMember", "PATCH", g + "/members" + "/" + owner.userId(), new JsonObject().put("nick", "n\u0000"), "nick"));
    rows.add(new Row("putPresence", "PUT", "/users/@me/presence", new JsonObject().put("status", "online")
        .put("custom_status", new JsonObject().put("text", "a\u0000")), "custom_status.text"));
    // A message must show something: whitespace and invisible characters alone are as empty.
    for (String blank : List.of(" ", "\t\n", "\u200B", "\u3000", " \u200B\u3000\r\n")) {
      rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", blank), "content"));
      rows.add(new Row("editMessage", "PATCH", m, new JsonObject().put("content", blank), "content"));
    }
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject(), "content"));
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", "x".repeat(2001)), "content"));
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", "x").put("nonce", "n".repeat(65)), "nonce"));
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", "x").put("reply_to", "abc"), "reply_to"));
    rows.add(new Row("createMessage", "POST", c + "/messages", new JsonObject().put("content", "x").put("reply_to", "42"), "reply_to"));
    rows.add(new Row("editMessage", "PATCH", m, new JsonObject(), "content"));
    rows.add(new Row("editMessage", "PATCH", c + "/messages/abc", new JsonObject().put("content", "x"), "message_id"));
    rows.add(new Row("deleteMessage", "DELETE", c + "/messages/abc", null, "message_id"));
    rows.add(new Row("startTyping", "POST", "/channels/abc/typing", null, "channel_id"));
    rows.add(new Row("ackMessage", "POST", c + "/messages/abc/ack", new JsonObject(), "message_id"));
    rows.add(new Row("ackMessage", "POST", m + "/ack", new JsonObject().put("token", "x".repeat(201)), "token"));
    rows.add(new Row("addReaction", "PUT", c + "/messages/abc/reactions/%F0%9F%91%8D/@me", null, "message_id"));
    rows.add(new Row("addReaction", "PUT", m + "/reactions/" + "x".repeat(33) + "/@me", null, "emoji"));
    rows.add(new Row("removeReaction", "DELETE", c + "/messages/abc/reactions/%F0%9F%91%8D/@me", null, "message_id"));
    String u = "/" + owner.userId();
    rows.add(new Row("listRoles", "GET", "/guilds/abc/roles", null, "guild_id"));
    rows.add(new Row("createRole", "POST", g + "/roles", new JsonObject().put("color", 16777216), "color"));
    rows.add(new Row("createRole", "POST", g + "/roles", new JsonObject().put("permissions", "lots"), "permissions"));
    rows.add(new Row("createRole", "POST", g + "/roles", new JsonObject().put("name", ""), "name"));
    rows.add(new Row("patchRole", "PATCH", g + "/roles/abc", new JsonObject().put("name", "x"), "role_id"));
    rows.add(new Row("patchRole", "PATCH", g + "/roles/" + guildId, new JsonObject().put("hoist", "yes"), "hoist"));
    rows.add(new Row("reorderRoles", "PATCH", g + "/roles", new io.vertx.core.json.JsonArray(), "body"));
    rows.add(new Row("reorderRoles", "PATCH", g + "/roles", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("id", guildId).put("position", 0)), "position"));
    rows.add(new Row("reorderRoles", "PATCH", g + "/roles", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("id", guildId).put("position", 1)), "id"));
    rows.add(new Row("deleteRole", "DELETE", g + "/roles/" + guildId, null, "role_id"));
    rows.add(new Row("patchMember", "PATCH", g + "/members" + u, new JsonObject().put("roles", "admin"), "roles"));
    rows.add(new Row("patchMember", "PATCH", g + "/members" + u, new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("42")), "roles"));
    rows.add(new Row("patchMember", "PATCH", g + "/members" + u, new JsonObject().put("roles", new io.vertx.core.json.JsonArray().add("9999999999999999999")), "roles"));
    rows.add(new Row("patchMember", "PATCH", g + "/members" + u, new JsonObject().put("nick", "n".repeat(33)), "nick"));
    rows.add(new Row("patchMember", "PATCH", g + "/members" + u, new JsonObject().put("communication_disabled_until", "soon"), "communication_disabled_until"));
    rows.add(new Row("kickMember", "DELETE", g + "/members/abc", null, "user_id"));
    rows.add(new Row("kickMember", "DELETE", g + "/members" + u, null, "user_id"));
    rows.add(new Row("listBans", "GET", "/guilds/abc/bans", null, "guild_id"));
    rows.add(new Row("banMember", "PUT", g + "/bans/abc", new JsonObject(), "user_id"));
    rows.add(new Row("banMember", "PUT", g + "/bans/1", new JsonObject().put("reason", "r".repeat(513)), "reason"));
    rows.add(new Row("unbanMember", "DELETE", g + "/bans/abc", null, "user_id"));
    rows.add(new Row("putOverwrite", "PUT", c + "/permissions/" + guildId, new JsonObject(), "type"));
    rows.add(new Row("putOverwrite", "PUT", c + "/permissions/" + guildId, new JsonObject().put("type", 0).put("allow", "-1"), "allow"));
    rows.add(new Row("putOverwrite", "PUT", c + "/permissions/42", new JsonObject().put("type", 0).put("deny", "1024"), "target_id"));
    rows.add(new Row("deleteOverwrite", "DELETE", c + "/permissions/abc", null, "target_id"));
    rows.add(new Row("patchGuild", "PATCH", g, new JsonObject().put("owner_id", "42"), "owner_id"));
    // DMs, group DMs and blocking
    JsonArray ten = new JsonArray();
    for (int i = 1; i <= 10; i++) {
      ten.add(Integer.toString(1000 + i));
    }
    rows.add(new Row("createPrivateChannel", "POST", "/users/@me/channels", new JsonObject().put("recipient_id", "abc"), "recipient_id"));
    rows.add(new Row("createPrivateChannel", "POST", "/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add("1")), "recipient_ids"));
    rows.add(new Row("createPrivateChannel", "POST", "/users/@me/channels", new JsonObject().put("recipient_ids", ten), "recipient_ids"));
    rows.add(new Row("createPrivateChannel", "POST", "/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add("1").add("2"))
        .put("name", "x".repeat(101)), "name"));
    rows.add(new Row("addRecipient", "PUT", "/channels/abc/recipients/1", null, "channel_id"));
    rows.add(new Row("removeRecipient", "DELETE", c + "/recipients/abc", null, "user_id"));
    rows.add(new Row("putRelationship", "PUT", "/users/@me/relationships/1", new JsonObject().put("type", 1), "type"));
    rows.add(new Row("deleteRelationship", "DELETE", "/users/@me/relationships/abc", null, "user_id"));
    rows.add(new Row("putPresence", "PUT", "/users/@me/presence", new JsonObject().put("status", "asleep"), "status"));
    rows.add(new Row("startThreadFromMessage", "POST", m + "/threads", new JsonObject(), "name"));
    rows.add(new Row("startThreadFromMessage", "POST", m + "/threads", new JsonObject().put("name", "ok").put("auto_archive_duration", 30), "auto_archive_duration"));
    rows.add(new Row("startThreadFromMessage", "POST", c + "/messages/abc/threads", new JsonObject().put("name", "ok"), "message_id"));
    rows.add(new Row("startThread", "POST", c + "/threads", new JsonObject().put("name", "x".repeat(101)), "name"));
    rows.add(new Row("startThread", "POST", c + "/threads", new JsonObject().put("name", " "), "name"));
    rows.add(new Row("startThread", "POST", c + "/threads", new JsonObject().put("name", "ok").put("auto_archive_duration", "a day"), "auto_archive_duration"));
    rows.add(new Row("listThreads", "GET", "/channels/abc/threads", null, "channel_id"));
    rows.add(new Row("getThreadMember", "GET", "/channels/abc/thread-members/@me", null, "channel_id"));
    rows.add(new Row("joinThread", "PUT", "/channels/abc/thread-members/@me", null, "channel_id"));
    rows.add(new Row("leaveThread", "DELETE", "/channels/abc/thread-members/@me", null, "channel_id"));
    rows.add(new Row("patchChannel", "PATCH", c, new JsonObject().put("archived", "yes"), "archived"));
    rows.add(new Row("patchChannel", "PATCH", c, new JsonObject().put("locked", true), "locked"));
    rows.add(new Row("createReport", "POST", m + "/reports", new JsonObject().put("reason", "boring"), "reason"));
    rows.add(new Row("createReport", "POST", m + "/reports", new JsonObject().put("reason", "spam").put("details", "d".repeat(1001)), "details"));
    rows.add(new Row("createReport", "POST", c + "/messages/abc/reports", new JsonObject().put("reason", "spam"), "message_id"));
    rows.add(new Row("createReport", "POST", m + "/reports", new JsonObject().put("reason", "spam"), "message_id")); // one's own message
    rows.add(new Row("listReports", "GET", g + "/reports?status=pending", null, "status"));
    rows.add(new Row("updateReport", "PATCH", g + "/reports/1", new JsonObject().put("status", "open"), "status"));
    rows.add(new Row("updateReport", "PATCH", g + "/reports/1", new JsonObject().put("status", "resolved").put("action", "warn"), "action"));
    rows.add(new Row("updateReport", "PATCH", g + "/reports/1", new JsonObject().put("status", "resolved").put("note", "n".repeat(1001)), "note"));
    rows.add(new Row("updateReport", "PATCH", g + "/reports/abc", new JsonObject().put("status", "resolved"), "report_id"));
    rows.add(new Row("deleteSession", "DELETE", "/users/@me/sessions/abc", null, "session_id"));
    return rows;
  }

  @Test
  @DisplayName("Bad input to every operation is a 400 naming the field, and nothing a client sends is a 500")
  void everyOperationRejectsBadInput(VertxTestContext ctx) {
    Checkpoint everyRowRefused = ctx.checkpoint();
    Checkpoint dataIntact = ctx.checkpoint();
    List<Row> rows = rows();
    inTurn(rows.size(), i -> api.send(rows.get(i).method(), rows.get(i).path(), rows.get(i).body(), owner.token()))
        .compose(replies -> check(ctx, () -> {
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Api.Reply reply = replies.get(i);
            String field = reply.status() == 400 ? reply.field() : null;
            if (reply.status() != 400 || !row.field().equals(field)) {
              wrong.add(row.operation() + " " + row.method() + " " + row.path() + " " + row.body() + " → " + reply);
            }
          }
          assertTrue(wrong.isEmpty(), "expected 400 naming the field:\n" + String.join("\n", wrong));
          everyRowRefused.flag();
        }))
        .compose(v -> owner.get("/channels/" + channelId + "/messages"))
        .compose(reply -> check(ctx, () -> {
          assertEquals(200, reply.status(), "and the data is intact");
          assertEquals(1, reply.array().size());
          dataIntact.flag();
        }))
        .onFailure(ctx::failNow);
  }

  /** A bad request and the sentence the user should read for it: the field and the broken constraint. */
  private record Said(String method, String path, Object body, String field, String message) {}

  private List<Said> sentences() {
    String g = "/guilds/" + guildId;
    String c = "/channels/" + channelId;
    List<Said> said = new ArrayList<>();
    said.add(new Said("POST", c + "/messages", new JsonObject().put("content", "x".repeat(2001)), "content", "content must be at most 2000 characters"));
    said.add(new Said("POST", c + "/messages", new JsonObject(), "content", "content is required"));
    said.add(new Said("POST", g + "/channels", new JsonObject().put("name", "x".repeat(101)), "name", "name must be at most 100 characters"));
    said.add(new Said("POST", g + "/channels", new JsonObject().put("name", "x").put("type", 2), "type", "type must be one of 0, 4"));
    said.add(new Said("POST", g + "/channels", new JsonObject().put("name", "x").put("parent_id", "abc"), "parent_id", "parent_id must be a number written in digits"));
    said.add(new Said("POST", "/guilds", new JsonObject().put("name", ""), "name", "name must not be empty"));
    said.add(new Said("POST", "/guilds", new JsonObject().put("name", "ok").put("public", "yes"), "public", "public must be true or false"));
    said.add(new Said("PUT", "/users/@me/presence", new JsonObject().put("status", "asleep"), "status", "status must be one of online, idle, dnd, invisible"));
    said.add(new Said("PATCH", "/users/@me", new JsonObject().put("admin", true), "admin", "unknown field admin"));
    said.add(new Said("PATCH", "/users/@me", new JsonObject().put("password", "short"), "password", "password must be at least 8 characters"));
    said.add(new Said("POST", g + "/invites", new JsonObject().put("max_uses", 1000), "max_uses", "max_uses must be at most 100"));
    said.add(new Said("PATCH", c, new JsonObject().put("position", -1), "position", "position must be at least 0"));
    said.add(new Said("GET", c + "/messages?limit=0", null, "limit", "limit must be at least 1"));
    said.add(new Said("GET", c + "/messages?limit=1e2", null, "limit", "limit must be a whole number"));
    said.add(new Said("GET", c + "/messages?before=1.5", null, "before", "before must be a number written in digits"));
    said.add(new Said("POST", c + "/messages", new JsonObject().put("content", "a\u0000"), "content", "content must not contain a NUL character"));
    said.add(new Said("POST", c + "/messages", "{\"content\":\"\\ud800\"}", "content", "content must not contain a lone surrogate"));
    said.add(new Said("POST", c + "/messages", new JsonObject().put("content", " \u200B "), "content", "content must not be blank"));
    said.add(new Said("GET", "/guilds/abc", null, "guild_id", "guild_id must be a number written in digits"));
    said.add(new Said("PATCH", g + "/roles", new JsonArray(), "body", "body must have at least 1 item"));
    said.add(new Said("PATCH", g + "/roles", new JsonArray().add(new JsonObject().put("id", guildId).put("position", 0)), "position", "position must be at least 1"));
    said.add(new Said("POST", "/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add("1")), "recipient_ids", "recipient_ids must have at least 2 items"));
    said.add(new Said("PUT", "/users/@me/relationships/1", new JsonObject().put("type", 1), "type", "type must be 2"));
    said.add(new Said("PATCH", g + "/members/" + owner.userId(), new JsonObject().put("communication_disabled_until", "soon"),
        "communication_disabled_until", "communication_disabled_until must be a date and time such as 2026-01-31T18:00:00Z"));
    said.add(new Said("PATCH", g + "/roles/" + guildId, new JsonObject().put("hoist", "yes"), "hoist", "hoist must be true or false"));
    said.add(new Said("POST", "/auth/login", new JsonObject().put("username", "has space"), "username", "username has characters that are not allowed"));
    said.add(new Said("POST", "/auth/login", "{not json", "body", "The body is not valid JSON"));
    // JSON has no comments, though Vert.x's parser skips them: "// c" then {} was an empty body, and made a role (found by ContractFuzzTest)
    said.add(new Said("POST", g + "/roles", "// c\n{}", "body", "The body is not valid JSON"));
    said.add(new Said("POST", c + "/messages", "{\"content\": /* hidden */ \"hi\"}", "body", "The body is not valid JSON"));
    return said;
  }

  @Test
  @DisplayName("A schema violation is said in plain words: the field and the constraint it broke, not the validator's jargon")
  void violationsAreSaidInPlainWords(VertxTestContext ctx) {
    List<Said> said = sentences();
    inTurn(said.size(), i -> api.send(said.get(i).method(), said.get(i).path(), said.get(i).body(), owner.token()))
        .compose(replies -> check(ctx, () -> {
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < said.size(); i++) {
            Said row = said.get(i);
            Api.Reply reply = replies.get(i);
            JsonObject error = reply.status() == 400 ? reply.json().getJsonObject("error") : null;
            if (error == null || !row.field().equals(error.getString("field")) || !row.message().equals(error.getString("message"))) {
              wrong.add(row.method() + " " + row.path() + " → " + reply + "\n    expected " + row.field() + ": " + row.message());
            }
          }
          assertTrue(wrong.isEmpty(), "expected plain words:\n" + String.join("\n", wrong));
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Every operation in openapi.yaml has a bad-input row (or takes no input)")
  void everyOperationIsCovered() throws Exception {
    Matcher ids = Pattern.compile("operationId:\\s*(\\w+)").matcher(Files.readString(Path.of("openapi.yaml")));
    Set<String> missing = new TreeSet<>();
    Set<String> covered = new TreeSet<>();
    for (Row row : rows()) {
      covered.add(row.operation());
    }
    while (ids.find()) {
      if (!covered.contains(ids.group(1)) && !NO_INPUT.contains(ids.group(1))) {
        missing.add(ids.group(1));
      }
    }
    assertTrue(missing.isEmpty(), "operations with no bad-input row: " + missing);
  }

  @Test
  @DisplayName("A body over 64 KiB is refused with 413, and unknown API paths get a JSON 404")
  void tooLargeAndUnknown(VertxTestContext ctx) {
    Checkpoint tooLarge = ctx.checkpoint();
    Checkpoint unknown = ctx.checkpoint();
    api.send("POST", "/channels/" + channelId + "/messages", new JsonObject().put("content", "x".repeat(70_000)), owner.token())
        .compose(big -> check(ctx, () -> {
          assertEquals(413, big.status());
          tooLarge.flag();
        }))
        .compose(v -> api.send("GET", "/no/such/thing", null, owner.token()))
        .compose(reply -> check(ctx, () -> {
          assertEquals(404, reply.status());
          assertEquals("not_found", reply.json().getJsonObject("error").getString("code"));
          unknown.flag();
        }))
        .onFailure(ctx::failNow);
  }
}
