package guildhall.api;

import guildhall.http.HttpVerticle;
import guildhall.support.Api;
import guildhall.support.Backend;
import guildhall.support.Sse;
import guildhall.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * schema as well (by {@link Sse}). An operation without a case fails the test.
 *
 * <p>The calls go one after the other, each reply validated (asynchronously) before the next call; a
 * reply that differs from the contract is noted and the run goes on, so that one test lists them all.
 */
class ContractConformanceTest extends AsyncApiTestBase {
  private OpenAPIContract contract;
  private ResponseValidator validator;
  private final Set<String> covered = Collections.synchronizedSet(new TreeSet<>());
  private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());

  /** Runs after the base class has started the server; parses the contract on the class's Vert.x. */
  @BeforeAll
  void loadContract(Vertx vertx, VertxTestContext ctx) {
    Utils.readYamlOrJson(vertx, "openapi.yaml")
        .compose(raw -> OpenAPIContract.from(vertx, HttpVerticle.forParser(raw)))
        .onComplete(ctx.succeeding(parsed -> {
          contract = parsed;
          validator = ResponseValidator.create(vertx, contract);
          ctx.completeNow();
        }));
  }

  /**
   * Checks one reply against the contract's response for that operation and status once it is in;
   * answers it for chaining. A mismatch is noted, not failed, so that the run goes on.
   */
  private Future<Api.Reply> conforms(String operationId, int expectedStatus, Future<Api.Reply> call) {
    return call.compose(reply -> {
      covered.add(operationId);
      if (reply.status() != expectedStatus) {
        mismatches.add(operationId + ": expected " + expectedStatus + ", got " + reply);
        return Future.succeededFuture(reply);
      }
      Future<?> validated;
      try {
        validated = validator.validate(validatable(reply), operationId);
      } catch (Exception e) {
        validated = Future.failedFuture(e);
      }
      return validated.transform(outcome -> {
        Throwable e = outcome.cause();
        if (e instanceof SchemaValidationException invalid) {
          mismatches.add(operationId + " " + reply.status() + ": " + invalid.getMessage() + " " + invalid.getOutputUnit().toJson().encode()
              + "\n    body: " + shorten(reply.text()));
        } else if (e != null) {
          mismatches.add(operationId + " " + reply.status() + ": " + e + "\n    body: " + shorten(reply.text()));
        }
        return Future.succeededFuture(reply);
      });
    });
  }

  /** The reply as vertx-openapi reads one: status, each header's first value (lower-case names), content type, body. */
  private static ValidatableResponse validatable(Api.Reply reply) {
    Map<String, String> headers = new HashMap<>();
    MultiMap all = reply.headers() == null ? MultiMap.caseInsensitiveMultiMap() : reply.headers();
    for (String name : all.names()) {
      headers.putIfAbsent(name.toLowerCase(Locale.ROOT), all.get(name));
    }
    String contentType = all.get("content-type");
    String text = reply.text();
    return ValidatableResponse.create(reply.status(), headers, text.isEmpty() ? null : reply.body(), contentType);
  }

  private static String shorten(String text) {
    return text == null ? "" : text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }

  private static String emoji(String e) {
    return URLEncoder.encode(e, StandardCharsets.UTF_8);
  }

  /** What the steps learn and later steps need. */
  private static final class Run {
    Api.Session owner;
    Api.Session member;
    Api.Session third;
    String g;
    String general;
    String code;
    String category;
    String inCategory;
    String role;
    String second;
    JsonObject snapshot;
    JsonObject first;
    JsonObject reply;
    String thread;
    String otherThread;
  }

  @Test
  @DisplayName("Every operation's real replies, and the events they cause, match what openapi.yaml declares")
  void everyOperationConforms(VertxTestContext ctx) {
    Checkpoint replyReferences = ctx.checkpoint();
    Checkpoint everyOperationCovered = ctx.checkpoint();
    Checkpoint everyReplyConforms = ctx.checkpoint();
    mismatches.clear();
    Run r = new Run();
    // auth, users
    String ownerName = unique("owner");
    conforms("login", 200, api.send("POST", "/auth/login", new JsonObject().put("username", ownerName), null))
        .compose(login -> {
          r.owner = new Api.Session(api, login.json().getString("token"), login.json().getJsonObject("user").getString("id"), ownerName);
          return users("member", "third");
        })
        .compose(two -> {
          r.member = two.get(0);
          r.third = two.get(1);
          return conforms("getMe", 200, r.owner.get("/users/@me"));
        })
        // guilds
        .compose(v -> conforms("createGuild", 201, r.owner.post("/guilds", new JsonObject().put("name", "Conformance")
            .put("description", "every operation once").put("public", true))))
        .compose(created -> {
          JsonObject guild = created.json();
          r.g = guild.getString("id");
          r.general = general(guild);
          return Sse.using(r.owner.stream(null), ownerStream -> Sse.using(r.member.stream(null), memberStream ->
              streamsOpen(ctx, r, ownerStream, memberStream, replyReferences)));
        })
        // errors, as the contract declares them
        .compose(v -> conforms("getMe", 401, api.send("GET", "/users/@me", null, "not-a-token")))
        .compose(v -> conforms("getGuild", 404, r.member.get("/guilds/" + r.g)))
        .compose(v -> conforms("createMessage", 400, r.member.post("/channels/" + r.general + "/messages", new JsonObject().put("content", ""))))
        .compose(v -> conforms("patchMe", 409, r.member.patch("/users/@me", new JsonObject().put("username", r.third.username()))))
        .compose(v -> check(ctx, () -> {
          Set<String> missing = new TreeSet<>();
          for (Operation op : contract.operations()) {
            if (!covered.contains(op.getOperationId())) {
              missing.add(op.getOperationId());
            }
          }
          assertTrue(missing.isEmpty(), "operations of openapi.yaml without a case here: " + missing);
          everyOperationCovered.flag();
        }))
        .compose(v -> check(ctx, () -> {
          assertTrue(mismatches.isEmpty(), mismatches.size() + " replies differ from openapi.yaml:\n" + String.join("\n", mismatches));
          everyReplyConforms.flag();
        }))
        .onFailure(ctx::failNow);
  }

  /** Every call made while the owner's and the member's update streams are open (they are closed, and their frames checked, after). */
  private Future<Void> streamsOpen(VertxTestContext ctx, Run r, Sse ownerStream, Sse memberStream, Checkpoint replyReferences) {
    String g = r.g;
    String general = r.general;
    Api.Session owner = r.owner;
    Api.Session member = r.member;
    Api.Session third = r.third;
    return conforms("getUpdates", 200, Future.succeededFuture(new Api.Reply(ownerStream.status(), null, MultiMap.caseInsensitiveMultiMap())))
        .compose(v -> conforms("patchMe", 200, owner.patch("/users/@me", new JsonObject().put("global_name", "The Owner"))))
        .compose(v -> conforms("putPresence", 200, owner.put("/users/@me/presence", new JsonObject().put("status", "dnd")
            .put("custom_status", new JsonObject().put("text", "Busy").put("emoji", "⛔")))))
        .compose(v -> conforms("putPresence", 400, owner.put("/users/@me/presence", new JsonObject().put("status", "away"))))
        .compose(v -> conforms("getGuild", 200, owner.get("/guilds/" + g)))
        .compose(v -> conforms("listPublicGuilds", 200, owner.get("/guilds")))
        .compose(v -> conforms("patchGuild", 200, owner.patch("/guilds/" + g, new JsonObject().put("description", "changed"))))
        .compose(v -> conforms("joinGuild", 200, member.put("/guilds/" + g + "/members/@me", null)))
        .compose(v -> memberStream.next("GUILD_CREATE"))
        .compose(v -> conforms("createInvite", 201, owner.post("/guilds/" + g + "/invites", new JsonObject().put("max_uses", 5))))
        .compose(invite -> {
          r.code = invite.json().getString("code");
          return conforms("acceptInvite", 200, third.post("/invites/" + r.code, null));
        })
        .compose(v -> conforms("listMembers", 200, owner.get("/guilds/" + g + "/members")))
        .compose(v -> conforms("listMembers", 200, owner.get("/guilds/" + g + "/members?after=" + owner.userId() + "&limit=2")))
        .compose(v -> conforms("listMembers", 400, owner.get("/guilds/" + g + "/members?limit=1001")))
        .compose(v -> conforms("putMemberList", 204, owner.put("/users/@me/member-list", new JsonObject().put("guild_id", g))))
        .compose(v -> conforms("putMemberList", 204, owner.put("/users/@me/member-list", new JsonObject().putNull("guild_id"))))
        .compose(v -> conforms("putMemberList", 400, owner.put("/users/@me/member-list", new JsonObject())))

        // channels
        .compose(v -> conforms("createChannel", 201, owner.post("/guilds/" + g + "/channels",
            new JsonObject().put("name", "Engines").put("type", 4))))
        .compose(created -> {
          r.category = created.json().getString("id");
          return conforms("createChannel", 201, owner.post("/guilds/" + g + "/channels",
              new JsonObject().put("name", "Notes here").put("topic", "notes").put("parent_id", r.category)));
        })
        .compose(created -> {
          r.inCategory = created.json().getString("id");
          return conforms("patchChannel", 200, owner.patch("/channels/" + r.inCategory, new JsonObject().put("topic", "new notes").put("position", 3)));
        })
        .compose(v -> conforms("listChannels", 200, owner.get("/guilds/" + g + "/channels")))
        // notification settings (USER_GUILD_SETTINGS_UPDATE reaches the owner's stream, whose frames are checked after)
        .compose(v -> conforms("patchGuildSettings", 200, owner.patch("/users/@me/guilds/" + g + "/settings", new JsonObject()
            .put("message_notifications", 1).put("muted", true).put("mute_config", new JsonObject().put("end_time", "2031-01-01T00:00:00Z"))
            .put("channel_overrides", new JsonArray().add(new JsonObject().put("channel_id", r.inCategory).put("message_notifications", 0))
                .add(new JsonObject().put("channel_id", r.category).put("muted", true).put("mute_config", new JsonObject().putNull("end_time")))))))
        .compose(v -> conforms("patchGuildSettings", 400, owner.patch("/users/@me/guilds/" + g + "/settings", new JsonObject().put("message_notifications", 5))))
        .compose(v -> conforms("patchGuildSettings", 404, owner.patch("/users/@me/guilds/" + g + "/settings", new JsonObject()
            .put("channel_overrides", new JsonArray().add(new JsonObject().put("channel_id", "123456789").put("muted", true))))))
        .compose(v -> conforms("getGuildSettings", 200, owner.get("/users/@me/guilds/" + g + "/settings")))
        .compose(v -> conforms("getGuildSettings", 404, owner.get("/users/@me/guilds/123456789/settings")))

        // roles
        .compose(v -> conforms("listRoles", 200, owner.get("/guilds/" + g + "/roles")))
        .compose(v -> conforms("createRole", 201, owner.post("/guilds/" + g + "/roles", new JsonObject().put("name", "scribes")
            .put("color", 3447003).put("hoist", true))))
        .compose(created -> {
          r.role = created.json().getString("id");
          return conforms("createRole", 201, owner.post("/guilds/" + g + "/roles", new JsonObject()));
        })
        .compose(created -> {
          r.second = created.json().getString("id");
          return conforms("patchRole", 200, owner.patch("/guilds/" + g + "/roles/" + r.role, new JsonObject().put("mentionable", true)));
        })
        .compose(v -> conforms("reorderRoles", 200, owner.patch("/guilds/" + g + "/roles",
            new JsonArray().add(new JsonObject().put("id", r.role).put("position", 2)).add(new JsonObject().put("id", r.second).put("position", 1)))))
        .compose(v -> conforms("patchMember", 200, owner.patch("/guilds/" + g + "/members/" + member.userId(),
            new JsonObject().put("roles", new JsonArray().add(r.role)).put("nick", "Scribe"))))
        .compose(v -> conforms("patchMember", 200, owner.patch("/guilds/" + g + "/members/" + third.userId(),
            new JsonObject().put("communication_disabled_until", java.time.Instant.now().plusSeconds(600).toString()))))
        // Hide the channel in the category from everyone but the role, then show it again: CHANNEL_DELETE/CREATE to the others
        .compose(v -> conforms("putOverwrite", 204, owner.put("/channels/" + r.inCategory + "/permissions/" + g,
            new JsonObject().put("type", 0).put("deny", "1024"))))
        .compose(v -> conforms("putOverwrite", 204, owner.put("/channels/" + r.inCategory + "/permissions/" + r.role,
            new JsonObject().put("type", 0).put("allow", "1024"))))
        .compose(v -> conforms("deleteOverwrite", 204, owner.delete("/channels/" + r.inCategory + "/permissions/" + g)))

        // sync
        .compose(v -> conforms("getSnapshot", 200, member.get("/snapshot")))
        .compose(snapshot -> {
          r.snapshot = snapshot.json();
          // messages
          return conforms("createMessage", 200, owner.post("/channels/" + general + "/messages",
              new JsonObject().put("content", "first").put("nonce", "n-1")));
        })
        .compose(first -> {
          r.first = first.json();
          return conforms("createMessage", 200, owner.post("/channels/" + general + "/messages",
              new JsonObject().put("content", "first").put("nonce", "n-1"))); // the same nonce: the first message again
        })
        .compose(v -> conforms("createMessage", 200, member.post("/channels/" + general + "/messages",
            new JsonObject().put("content", "a reply").put("reply_to", r.first.getString("id")))))
        .compose(reply -> {
          r.reply = reply.json();
          return check(ctx, () -> {
            assertEquals(r.first.getString("id"), r.reply.getJsonObject("referenced_message").getString("id"));
            replyReferences.flag();
          });
        })
        .compose(v -> conforms("editMessage", 200, member.patch("/channels/" + general + "/messages/" + r.reply.getString("id"),
            new JsonObject().put("content", "an edited reply"))))
        .compose(v -> conforms("addReaction", 204, member.put("/channels/" + general + "/messages/" + r.first.getString("id") + "/reactions/" + emoji("👍") + "/@me", null)))
        .compose(v -> conforms("addReaction", 204, owner.put("/channels/" + general + "/messages/" + r.first.getString("id") + "/reactions/" + emoji("👍") + "/@me", null)))
        .compose(v -> conforms("listMessages", 200, owner.get("/channels/" + general + "/messages?limit=10")))
        .compose(v -> conforms("listMessages", 200, owner.get("/channels/" + general + "/messages?after=" + r.first.getString("id"))))
        .compose(v -> conforms("removeReaction", 204, owner.delete("/channels/" + general + "/messages/" + r.first.getString("id") + "/reactions/" + emoji("👍") + "/@me")))
        .compose(v -> conforms("startTyping", 204, member.post("/channels/" + general + "/typing", null)))
        .compose(v -> ownerStream.next("TYPING_START"))
        // read states: a message that mentions, then acks (their MESSAGE_ACK is checked against its schema on the stream)
        .compose(v -> conforms("createMessage", 200, owner.post("/channels/" + general + "/messages",
            new JsonObject().put("content", "<@" + member.userId() + "> and @everyone, look"))))
        .compose(v -> conforms("ackMessage", 200, member.post("/channels/" + general + "/messages/" + r.first.getString("id") + "/ack", new JsonObject())))
        .compose(v -> conforms("ackMessage", 200, owner.post("/channels/" + general + "/messages/" + r.reply.getString("id") + "/ack", null)))
        .compose(v -> ownerStream.next("MESSAGE_ACK"))
        .compose(v -> conforms("ackMessage", 404, member.post("/channels/" + general + "/messages/1/ack", new JsonObject())))
        // threads
        .compose(v -> conforms("startThreadFromMessage", 201, member.post("/channels/" + general + "/messages/" + r.first.getString("id") + "/threads",
            new JsonObject().put("name", "About the first"))))
        .compose(t -> {
          r.thread = t.json().getString("id");
          return conforms("startThread", 201, owner.post("/channels/" + general + "/threads", new JsonObject().put("name", "Loose ends").put("auto_archive_duration", 60)));
        })
        .compose(t -> {
          r.otherThread = t.json().getString("id");
          return conforms("createMessage", 200, owner.post("/channels/" + r.thread + "/messages", new JsonObject().put("content", "in a thread")));
        })
        .compose(v -> conforms("listThreads", 200, owner.get("/channels/" + general + "/threads")))
        .compose(v -> conforms("getThreadMember", 200, owner.get("/channels/" + r.thread + "/thread-members/@me")))
        .compose(v -> conforms("getThreadMember", 404, member.get("/channels/" + r.otherThread + "/thread-members/@me")))
        .compose(v -> conforms("leaveThread", 204, owner.delete("/channels/" + r.thread + "/thread-members/@me")))
        .compose(v -> conforms("joinThread", 204, member.put("/channels/" + r.otherThread + "/thread-members/@me", null)))
        .compose(v -> conforms("patchChannel", 200, member.patch("/channels/" + r.thread, new JsonObject().put("archived", true))))
        .compose(v -> conforms("listMessages", 200, owner.get("/channels/" + general + "/messages?limit=10")))
        .compose(v -> conforms("deleteChannel", 204, owner.delete("/channels/" + r.otherThread)))
        .compose(v -> ownerStream.next("THREAD_DELETE"))
        // reports: the member reports the owner's message, the owner (a holder of MANAGE_MESSAGES) closes it
        .compose(v -> conforms("createReport", 201, member.post("/channels/" + general + "/messages/" + r.first.getString("id") + "/reports",
            new JsonObject().put("reason", "spam").put("details", "again"))))
        .compose(report -> conforms("listReports", 200, owner.get("/guilds/" + g + "/reports?status=open"))
            .compose(v -> conforms("updateReport", 200, owner.patch("/guilds/" + g + "/reports/" + report.json().getString("id"),
                new JsonObject().put("status", "resolved").put("action", "none").put("note", "noted")))))
        .compose(v -> ownerStream.next("REPORT_UPDATE"))
        .compose(v -> conforms("deleteMessage", 204, owner.delete("/channels/" + general + "/messages/" + r.reply.getString("id"))))

        // DMs, group DMs, blocking (their events reach the open streams, and are checked there too)
        .compose(v -> conforms("createPrivateChannel", 200, owner.post("/users/@me/channels", new JsonObject().put("recipient_id", member.userId()))))
        .compose(dm -> conforms("createMessage", 200, member.post("/channels/" + dm.json().getString("id") + "/messages", new JsonObject().put("content", "in a DM"))))
        .compose(v -> conforms("createPrivateChannel", 400, owner.post("/users/@me/channels", new JsonObject().put("recipient_ids", new JsonArray().add(member.userId())))))
        .compose(v -> conforms("createPrivateChannel", 200, owner.post("/users/@me/channels", new JsonObject()
            .put("recipient_ids", new JsonArray().add(member.userId()).add(third.userId())).put("name", "trio"))))
        .compose(group -> {
          String recipients = "/channels/" + group.json().getString("id") + "/recipients/";
          return conforms("removeRecipient", 204, owner.delete(recipients + third.userId()))
              .compose(x -> conforms("addRecipient", 204, owner.put(recipients + third.userId(), null)))
              .compose(x -> conforms("addRecipient", 403, member.put(recipients + third.userId(), null)))
              .compose(x -> conforms("removeRecipient", 204, owner.delete(recipients + owner.userId())))
              .compose(x -> conforms("removeRecipient", 404, owner.delete(recipients + owner.userId())));
        })
        .compose(v -> conforms("listPrivateChannels", 200, member.get("/users/@me/channels")))
        .compose(v -> conforms("putRelationship", 204, owner.put("/users/@me/relationships/" + third.userId(), new JsonObject().put("type", 2))))
        .compose(v -> conforms("putRelationship", 400, owner.put("/users/@me/relationships/" + owner.userId(), new JsonObject().put("type", 2))))
        .compose(v -> conforms("getSnapshot", 200, owner.get("/snapshot")))
        .compose(v -> conforms("deleteRelationship", 204, owner.delete("/users/@me/relationships/" + third.userId())))

        // moderation
        .compose(v -> conforms("banMember", 204, owner.put("/guilds/" + g + "/bans/" + third.userId(), new JsonObject().put("reason", "spam"))))
        .compose(v -> conforms("listBans", 200, owner.get("/guilds/" + g + "/bans")))
        .compose(v -> conforms("unbanMember", 204, owner.delete("/guilds/" + g + "/bans/" + third.userId())))
        .compose(v -> conforms("joinGuild", 200, third.put("/guilds/" + g + "/members/@me", null)))
        .compose(v -> conforms("leaveGuild", 204, third.delete("/users/@me/guilds/" + g)))
        .compose(v -> conforms("deleteRole", 204, owner.delete("/guilds/" + g + "/roles/" + r.second)))
        .compose(v -> conforms("deleteChannel", 204, owner.delete("/channels/" + r.category)))
        .compose(v -> conforms("deleteChannel", 204, owner.delete("/channels/" + r.inCategory)))
        .compose(v -> conforms("kickMember", 204, owner.delete("/guilds/" + g + "/members/" + member.userId())))
        .compose(v -> memberStream.next("GUILD_DELETE"))

        // A reconnect from the member's snapshot replays what it missed, through the same checks
        .compose(v -> Sse.using(member.stream(r.snapshot.getString("cursor")), replay ->
            replay.next(e -> e.type().equals("GUILD_DELETE") || e.type().equals("RESYNC"), "GUILD_DELETE or RESYNC")))
        .compose(v -> conforms("deleteGuild", 204, owner.delete("/guilds/" + g)))
        .compose(v -> ownerStream.next("GUILD_DELETE"))
        .compose(v -> conforms("createStreamTicket", 200, owner.post("/auth/stream-ticket", null)))
        .compose(v -> conforms("getAuthConfig", 200, api.send("GET", "/auth/config", null, null)))
        .compose(v -> conforms("listSessions", 200, owner.get("/users/@me/sessions")))
        .compose(v -> conforms("deleteSession", 404, owner.delete("/users/@me/sessions/1")))
        .compose(v -> conforms("logout", 204, owner.post("/auth/logout", null)))
        .compose(v -> conforms("logoutAll", 204, third.post("/auth/logout-all", null)))
        .mapEmpty();
  }

  @Test
  @DisplayName("A rate-limited reply is the contract's 429: Retry-After and the error with retry_after")
  void rateLimitedRepliesConform(VertxTestContext ctx) {
    Checkpoint everyReplyConforms = ctx.checkpoint();
    mismatches.clear();
    JsonObject limits = new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
        .put("requests", new JsonObject().put("burst", 3).put("per_second", 0.1))
        .put("messages", new JsonObject().put("burst", 1).put("per_second", 0.1))
        .put("logins", new JsonObject().put("burst", 2).put("per_second", 0.01)));
    blocking(() -> TestApp.start(Backend.SQLITE, limits)).compose(limited -> {
      Api client = new Api(vertx, limited.port());
      String name = unique("limited");
      Future<Void> calls = client.login(name)
          .compose(v -> client.login(name))
          .compose(v -> conforms("login", 429, client.send("POST", "/auth/login", new JsonObject().put("username", name), null)))
          .compose(v -> client.login(unique("sender")))
          .compose(sender -> sender.post("/guilds", new JsonObject().put("name", "limits")).compose(guild -> {
            String channel = general(guild.json());
            return conforms("createMessage", 200, sender.post("/channels/" + channel + "/messages", new JsonObject().put("content", "one")))
                .compose(v -> conforms("createMessage", 429, sender.post("/channels/" + channel + "/messages", new JsonObject().put("content", "two"))))
                .compose(v -> conforms("getMe", 429, sender.get("/users/@me")));
          }))
          .mapEmpty();
      // The limited server is closed however the calls end, as try-with-resources did.
      return calls.transform(outcome -> client.close().otherwiseEmpty()
          .compose(v -> blocking(() -> {
            limited.close();
            return null;
          }))
          .transform(closed -> outcome.failed() ? Future.<Void>failedFuture(outcome.cause())
              : closed.failed() ? Future.<Void>failedFuture(closed.cause()) : Future.<Void>succeededFuture()));
    }).compose(v -> check(ctx, () -> {
      assertTrue(mismatches.isEmpty(), mismatches.size() + " replies differ from openapi.yaml:\n" + String.join("\n", mismatches));
      everyReplyConforms.flag();
    })).onFailure(ctx::failNow);
  }
}
