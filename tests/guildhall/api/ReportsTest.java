package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports and the moderation queue, as people use them: a member reports a message, moderators
 * (MANAGE_MESSAGES) see it live, in their snapshot and in the queue, and resolve it, acting on the
 * message or its author in the same request. The reported author learns nothing of who reported them.
 */
class ReportsTest extends AsyncApiTestBase {
  static final long MOD_BITS = Permissions.MANAGE_MESSAGES | Permissions.KICK_MEMBERS | Permissions.BAN_MEMBERS
      | Permissions.MODERATE_MEMBERS;

  /** alice owns the guild; mod holds the "mods" role; rita reports; sam writes what is reported. */
  record Crew(Api.Session alice, Api.Session mod, Api.Session rita, Api.Session sam, String guildId, String general) {
    String reports() {
      return "/guilds/" + guildId + "/reports";
    }
  }

  private static Future<Api.Reply> expect(int status, Api.Reply reply) {
    return reply.status() == status ? Future.succeededFuture(reply) : Future.failedFuture(new AssertionError("expected " + status + ": " + reply));
  }

  private Future<JsonObject> role(Api.Session owner, String guildId, String name, long permissions) {
    return owner.post("/guilds/" + guildId + "/roles", new JsonObject().put("name", name).put("permissions", Long.toString(permissions)))
        .compose(reply -> expect(201, reply)).map(Api.Reply::json);
  }

  private Future<Void> giveRole(Api.Session owner, String guildId, Api.Session member, String roleId) {
    return owner.patch("/guilds/" + guildId + "/members/" + member.userId(), new JsonObject().put("roles", new JsonArray().add(roleId)))
        .compose(reply -> expect(200, reply)).mapEmpty();
  }

  private Future<Crew> crew() {
    return users("alice", "mod", "rita", "sam").compose(u -> guild(u.get(0), false).compose(guild -> {
      String g = guild.getString("id");
      return join(u.get(1), guild, u.get(0)).compose(v -> join(u.get(2), guild, u.get(0))).compose(v -> join(u.get(3), guild, u.get(0)))
          .compose(v -> role(u.get(0), g, "mods", MOD_BITS))
          .compose(mods -> giveRole(u.get(0), g, u.get(1), mods.getString("id")))
          .map(v -> new Crew(u.get(0), u.get(1), u.get(2), u.get(3), g, general(guild)));
    }));
  }

  private static String reportsOf(String channel, String message) {
    return "/channels/" + channel + "/messages/" + message + "/reports";
  }

  private static Future<Api.Reply> report(Api.Session who, String channel, String message, String reason, String details) {
    return who.post(reportsOf(channel, message), new JsonObject().put("reason", reason).put("details", details));
  }

  /** sam says something and rita reports it; answers the report. */
  private Future<JsonObject> reported(Crew c, String content) {
    return send(c.sam(), c.general(), content)
        .compose(m -> report(c.rita(), c.general(), m.getString("id"), "spam", "again"))
        .compose(r -> expect(201, r)).map(Api.Reply::json);
  }

  private static Future<Api.Reply> resolve(Api.Session who, Crew c, JsonObject report, JsonObject body) {
    return who.patch(c.reports() + "/" + report.getString("id"), body);
  }

  @Test
  @DisplayName("A member who sees a message reports it once: 201 with the report, a second time 409; their own message is a 400 naming message_id")
  void reportOnce(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> send(c.sam(), c.general(), "buy cheap stuff").compose(m -> inTurn(
            () -> report(c.rita(), c.general(), m.getString("id"), "spam", "posted everywhere"),
            () -> report(c.rita(), c.general(), m.getString("id"), "other", null),
            () -> report(c.sam(), c.general(), m.getString("id"), "spam", null),
            () -> c.mod().get(c.reports()))
        .compose(r -> check(ctx, () -> {
          assertEquals(201, r.get(0).status(), r.get(0).toString());
          JsonObject report = r.get(0).json();
          assertEquals(c.guildId(), report.getString("guild_id"));
          assertEquals(c.general(), report.getString("channel_id"));
          assertEquals(m.getString("id"), report.getString("message_id"));
          assertEquals(c.rita().userId(), report.getString("reporter_id"));
          assertEquals(c.sam().userId(), report.getJsonObject("author").getString("id"));
          assertEquals("spam", report.getString("reason"));
          assertEquals("posted everywhere", report.getString("details"));
          assertEquals("buy cheap stuff", report.getString("content"));
          assertEquals("open", report.getString("status"));
          assertNull(report.getString("resolved_by"));
          assertEquals(409, r.get(1).status(), r.get(1).toString());
          assertEquals(400, r.get(2).status(), r.get(2).toString());
          assertEquals("message_id", r.get(2).field());
          assertEquals(200, r.get(3).status(), r.get(3).toString());
          assertEquals(1, r.get(3).array().size(), "one report in the queue, not two");
          done.flag();
        }))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A message in a hidden channel, a missing message and a missing channel all answer the same 404")
  void hiddenIsMissing(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> c.alice().post("/guilds/" + c.guildId() + "/channels", new JsonObject().put("name", "staff"))
        .compose(r -> expect(201, r)).map(r -> r.json().getString("id"))
        .compose(staff -> send(c.sam(), staff, "hidden words").compose(m ->
            c.alice().put("/channels/" + staff + "/permissions/" + c.guildId(),
                    new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.VIEW_CHANNEL)))
                .compose(v -> inTurn(
                    () -> report(c.rita(), staff, m.getString("id"), "spam", null),
                    () -> report(c.rita(), c.general(), "123456789", "spam", null),
                    () -> report(c.rita(), "123456789", "123456789", "spam", null),
                    () -> report(c.rita(), staff, "123456789", "spam", null)))
                .compose(r -> check(ctx, () -> {
                  for (Api.Reply reply : r) {
                    assertEquals(404, reply.status(), reply.toString());
                    assertEquals("not_found", reply.json().getJsonObject("error").getString("code"));
                  }
                  // The hidden message and a missing one in the hidden channel read the same.
                  assertEquals(r.get(0).json(), r.get(3).json());
                  done.flag();
                })))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Bad input is a 400 naming the field: reason, details, status, action, note, timeout_minutes, the list's status")
  void validation(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> reported(c, "something").compose(report -> send(c.sam(), c.general(), "another").compose(m -> inTurn(
            () -> report(c.rita(), c.general(), m.getString("id"), "boring", null),
            () -> c.rita().post(reportsOf(c.general(), m.getString("id")), new JsonObject().put("details", "x")),
            () -> report(c.rita(), c.general(), m.getString("id"), "spam", "x".repeat(1001)),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "open")),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("action", "explode")),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("note", "n".repeat(1001))),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("action", "timeout").put("timeout_minutes", 0)),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "dismissed").put("action", "kick")),
            () -> c.mod().get(c.reports() + "?status=pending"),
            () -> c.mod().get(c.reports()))
        .compose(r -> check(ctx, () -> {
          List<String> fields = List.of("reason", "reason", "details", "status", "action", "note", "timeout_minutes", "action", "status");
          for (int i = 0; i < fields.size(); i++) {
            assertEquals(400, r.get(i).status(), i + ": " + r.get(i));
            assertEquals(fields.get(i), r.get(i).field(), i + ": " + r.get(i));
          }
          JsonArray queue = r.get(9).array();
          assertEquals(1, queue.size(), "no bad request made or closed a report");
          assertEquals("open", queue.getJsonObject(0).getString("status"));
          done.flag();
        })))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A report keeps the message's text as it was, after the message is edited and then deleted")
  void contentKept(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> reported(c, "the original words").compose(report -> {
      String path = "/channels/" + c.general() + "/messages/" + report.getString("message_id");
      return c.sam().patch(path, new JsonObject().put("content", "innocent now")).compose(r -> expect(200, r))
          .compose(v -> c.mod().get(c.reports()))
          .compose(afterEdit -> c.sam().delete(path).compose(r -> expect(204, r))
              .compose(v -> c.mod().get(c.reports()))
              .compose(afterDelete -> check(ctx, () -> {
                assertEquals("the original words", afterEdit.array().getJsonObject(0).getString("content"));
                assertEquals("the original words", afterDelete.array().getJsonObject(0).getString("content"));
                assertEquals(c.sam().userId(), afterDelete.array().getJsonObject(0).getJsonObject("author").getString("id"));
                done.flag();
              })));
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The queue by status; dismissing and resolving close a report once (a second PATCH is 409)")
  void queueByStatus(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> reported(c, "one").compose(one -> reported(c, "two").compose(two -> reported(c, "three").compose(three -> inTurn(
            () -> resolve(c.mod(), c, one, new JsonObject().put("status", "dismissed").put("note", "fine")),
            () -> resolve(c.mod(), c, two, new JsonObject().put("status", "resolved").put("action", "none").put("note", "warned")),
            () -> resolve(c.mod(), c, two, new JsonObject().put("status", "dismissed")),
            () -> c.mod().get(c.reports() + "?status=open"),
            () -> c.mod().get(c.reports() + "?status=resolved"),
            () -> c.mod().get(c.reports() + "?status=dismissed"))
        .compose(r -> check(ctx, () -> {
          assertEquals(200, r.get(0).status(), r.get(0).toString());
          assertEquals("dismissed", r.get(0).json().getString("status"));
          assertEquals(c.mod().userId(), r.get(0).json().getString("resolved_by"));
          assertEquals("none", r.get(1).json().getString("action"));
          assertEquals("warned", r.get(1).json().getString("note"));
          assertEquals(409, r.get(2).status(), r.get(2).toString());
          assertEquals(List.of(three.getString("id")), ids(r.get(3).array()));
          assertEquals(List.of(two.getString("id")), ids(r.get(4).array()));
          assertEquals(List.of(one.getString("id")), ids(r.get(5).array()));
          done.flag();
        }))))))
        .onFailure(ctx::failNow);
  }

  private static List<String> ids(JsonArray reports) {
    return reports.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  @DisplayName("Resolving with delete_message deletes the message, with kick removes its author, with ban bans them, with timeout times them out")
  void actions(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> reported(c, "delete me").compose(deleteIt ->
        resolve(c.mod(), c, deleteIt, new JsonObject().put("status", "resolved").put("action", "delete_message")).compose(r -> expect(200, r))
            .compose(v -> c.rita().get("/channels/" + c.general() + "/messages"))
            .compose(page -> check(ctx, () -> assertFalse(page.array().stream()
                .anyMatch(m -> ((JsonObject) m).getString("id").equals(deleteIt.getString("message_id"))), "the message is gone")))
            .compose(v -> reported(c, "kick me"))
            .compose(kickIt -> resolve(c.mod(), c, kickIt, new JsonObject().put("status", "resolved").put("action", "kick")))
            .compose(r -> expect(200, r))
            .compose(v -> c.alice().get("/guilds/" + c.guildId() + "/members"))
            .compose(members -> check(ctx, () -> assertNull(member(members.array(), c.sam().userId()), "sam was kicked")))
            // sam comes back, says it again, and is banned this time.
            .compose(v -> c.alice().get("/guilds/" + c.guildId()).compose(g -> join(c.sam(), g.json(), c.alice())))
            .compose(v -> reported(c, "ban me"))
            .compose(banIt -> resolve(c.mod(), c, banIt, new JsonObject().put("status", "resolved").put("action", "ban").put("note", "spam bot")))
            .compose(r -> expect(200, r))
            .compose(v -> inTurn(() -> c.alice().get("/guilds/" + c.guildId() + "/bans"), () -> c.alice().get("/guilds/" + c.guildId() + "/members")))
            .compose(r -> check(ctx, () -> {
              JsonArray bans = r.get(0).array();
              assertEquals(1, bans.size(), bans.encode());
              assertEquals(c.sam().userId(), bans.getJsonObject(0).getJsonObject("user").getString("id"));
              assertEquals("spam bot", bans.getJsonObject(0).getString("reason"));
              assertNull(member(r.get(1).array(), c.sam().userId()), "sam was banned out");
            }))
            // rita says something, mod reports it, and rita is timed out for it.
            .compose(v -> send(c.rita(), c.general(), "time me out"))
            .compose(m -> report(c.mod(), c.general(), m.getString("id"), "harassment", null)).compose(r -> expect(201, r))
            .compose(timeIt -> resolve(c.alice(), c, timeIt.json(), new JsonObject().put("status", "resolved").put("action", "timeout").put("timeout_minutes", 5)))
            .compose(r -> expect(200, r))
            .compose(v -> c.alice().get("/guilds/" + c.guildId() + "/members"))
            .compose(members -> check(ctx, () -> {
              JsonObject rita = member(members.array(), c.rita().userId());
              assertNotNull(rita.getString("communication_disabled_until"), "rita is timed out");
              long until = java.time.Instant.parse(rita.getString("communication_disabled_until")).toEpochMilli();
              long minutes = Math.round((until - System.currentTimeMillis()) / 60_000.0);
              assertEquals(5, minutes, "for the five minutes asked");
              done.flag();
            }))))
        .onFailure(ctx::failNow);
  }

  private static JsonObject member(JsonArray members, String userId) {
    for (Object m : members) {
      if (((JsonObject) m).getJsonObject("user").getString("id").equals(userId)) {
        return (JsonObject) m;
      }
    }
    return null;
  }

  @Test
  @DisplayName("A refused action fails the whole request: kicking someone above you is 403, and the report stays open and the member stays")
  void refusedAction(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    // "seniors" is made first, so the later "mods" goes below it: sam outranks the moderator.
    crew().compose(c -> role(c.alice(), c.guildId(), "seniors", 0)
        .compose(seniors -> giveRole(c.alice(), c.guildId(), c.sam(), seniors.getString("id")))
        .compose(v -> c.alice().get("/guilds/" + c.guildId() + "/roles"))
        .compose(roles -> {
          // Make sure the ranks are as the scenario says: seniors above mods.
          int seniors = -1, mods = -1;
          for (Object o : roles.array()) {
            JsonObject role = (JsonObject) o;
            if (role.getString("name").equals("seniors")) seniors = role.getInteger("position");
            if (role.getString("name").equals("mods")) mods = role.getInteger("position");
          }
          if (seniors > mods) {
            return Future.succeededFuture();
          }
          JsonArray order = new JsonArray();
          for (Object o : roles.array()) {
            JsonObject role = (JsonObject) o;
            if (role.getString("name").equals("seniors")) order.add(new JsonObject().put("id", role.getString("id")).put("position", mods));
            if (role.getString("name").equals("mods")) order.add(new JsonObject().put("id", role.getString("id")).put("position", seniors));
          }
          return c.alice().patch("/guilds/" + c.guildId() + "/roles", order).compose(r -> expect(200, r)).mapEmpty();
        })
        .compose(v -> reported(c, "above the law"))
        .compose(report -> inTurn(
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("action", "kick")),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("action", "ban")),
            () -> resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("action", "timeout")),
            () -> c.mod().get(c.reports()),
            () -> c.alice().get("/guilds/" + c.guildId() + "/members"))
            .compose(r -> check(ctx, () -> {
              assertEquals(403, r.get(0).status(), r.get(0).toString());
              assertEquals(403, r.get(1).status(), r.get(1).toString());
              assertEquals(403, r.get(2).status(), r.get(2).toString());
              assertEquals("open", r.get(3).array().getJsonObject(0).getString("status"));
              assertNull(r.get(3).array().getJsonObject(0).getString("action"));
              JsonObject sam = member(r.get(4).array(), c.sam().userId());
              assertNotNull(sam, "sam is still a member");
              assertNull(sam.getString("communication_disabled_until"), "and not timed out");
              done.flag();
            }))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Without MANAGE_MESSAGES the queue is 403 to members and 404 to strangers; no route shows a report to the reported author")
  void nonHolders(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    crew().compose(c -> reported(c, "quiet").compose(report -> user("stranger").compose(stranger -> inTurn(
            () -> c.sam().get(c.reports()),
            () -> resolve(c.sam(), c, report, new JsonObject().put("status", "dismissed")),
            () -> c.rita().get(c.reports()),
            () -> stranger.get(c.reports()),
            () -> resolve(stranger, c, report, new JsonObject().put("status", "dismissed")),
            () -> c.sam().get("/channels/" + c.general() + "/messages"),
            () -> c.sam().get("/snapshot"),
            () -> c.mod().get("/snapshot"))
        .compose(r -> check(ctx, () -> {
          assertEquals(403, r.get(0).status(), r.get(0).toString());
          assertEquals(403, r.get(1).status(), r.get(1).toString());
          assertEquals(403, r.get(2).status(), r.get(2).toString());
          assertEquals(404, r.get(3).status(), r.get(3).toString());
          assertEquals(404, r.get(4).status(), r.get(4).toString());
          assertFalse(r.get(5).text().contains(c.rita().userId()), "sam's messages say nothing of rita");
          JsonObject samGuild = guildIn(r.get(6).json(), c.guildId());
          assertFalse(samGuild.containsKey("open_report_count"), "no queue count for sam");
          assertFalse(r.get(6).text().contains("reporter_id"), "sam's snapshot has no report");
          assertEquals(1, guildIn(r.get(7).json(), c.guildId()).getInteger("open_report_count"), "the moderator's badge");
          done.flag();
        })))))
        .onFailure(ctx::failNow);
  }

  private static JsonObject guildIn(JsonObject snapshot, String guildId) {
    for (Object g : snapshot.getJsonArray("guilds")) {
      if (((JsonObject) g).getString("id").equals(guildId)) {
        return (JsonObject) g;
      }
    }
    throw new AssertionError("no guild " + guildId + " in the snapshot");
  }

  @Test
  @DisplayName("REPORT_CREATE and REPORT_UPDATE reach moderators live and on replay; the reporter and the reported author get neither")
  void eventsToHoldersOnly(VertxTestContext ctx) {
    Checkpoint live = ctx.checkpoint();
    Checkpoint replayed = ctx.checkpoint();
    crew().compose(c -> c.mod().get("/snapshot").map(s -> s.json().getString("cursor")).compose(cursor ->
        Sse.using(c.mod().stream(null), modStream -> Sse.using(c.sam().stream(null), samStream -> Sse.using(c.rita().stream(null),
            ritaStream -> liveEvents(ctx, c, modStream, samStream, ritaStream))))
            .compose(v -> check(ctx, live::flag))
            // Replay from before: the moderator gets both events again, sam neither.
            // Its message is deleted by now, and the log forgot the message's own events, but not the report's copy.
            .compose(v -> Sse.using(c.mod().stream(cursor), modReplay -> modReplay.next("REPORT_CREATE")
                .compose(created -> modReplay.next("REPORT_UPDATE").compose(updated -> check(ctx, () -> {
                  assertEquals("live words", created.data().getString("content"));
                  assertEquals("resolved", updated.data().getString("status"));
                  assertTrue(modReplay.seen().stream().noneMatch(e -> e.type().equals("MESSAGE_CREATE")
                      && "live words".equals(e.data().getString("content"))), "the deleted message itself is not replayed");
                })))))
            .compose(v -> Sse.using(c.sam().stream(cursor), samReplay -> samReplay.next("RESUMED")
                .compose(resumed -> check(ctx, () -> {
                  assertTrue(samReplay.seen().stream().noneMatch(e -> e.type().startsWith("REPORT_")), "sam's replay: no REPORT_*");
                  replayed.flag();
                }))))))
        .onFailure(ctx::failNow);
  }

  private Future<Void> liveEvents(VertxTestContext ctx, Crew c, Sse modStream, Sse samStream, Sse ritaStream) {
    return reported(c, "live words").compose(report -> modStream.next("REPORT_CREATE").compose(created ->
        resolve(c.mod(), c, report, new JsonObject().put("status", "resolved").put("action", "delete_message"))
            .compose(r -> expect(200, r))
            .compose(v -> modStream.next("REPORT_UPDATE"))
            .compose(updated -> samStream.next("MESSAGE_DELETE")
                .compose(v -> ritaStream.next("MESSAGE_DELETE"))
                .compose(v -> samStream.drain(300))
                .compose(v -> ritaStream.drain(10))
                .compose(v -> check(ctx, () -> {
                  assertEquals(report.getString("id"), created.data().getString("id"));
                  assertEquals(c.rita().userId(), created.data().getString("reporter_id"));
                  assertEquals("live words", created.data().getString("content"));
                  assertEquals("resolved", updated.data().getString("status"));
                  assertEquals("delete_message", updated.data().getString("action"));
                  for (Sse stream : List.of(samStream, ritaStream)) {
                    assertTrue(stream.seen().stream().noneMatch(e -> e.type().startsWith("REPORT_")), "no REPORT_* to a non-holder");
                  }
                  // rita's presence is public (she shares the guild); nothing else sam receives names her.
                  assertTrue(samStream.seen().stream().filter(e -> !e.type().equals("PRESENCE_UPDATE"))
                      .noneMatch(e -> e.data().encode().contains(c.rita().userId())), "nothing sam receives names rita");
                })))));
  }

  @Test
  @DisplayName("reports.per_user_per_hour: past it, 429 with retry_after as the other limits answer; another user is not held back")
  void perHourLimit(VertxTestContext ctx) {
    Checkpoint done = ctx.checkpoint();
    JsonObject overrides = new JsonObject().put("rate_limits", new JsonObject().put("enabled", true))
        .put("reports", new JsonObject().put("per_user_per_hour", 2));
    onItsOwnServer(overrides, (server, other) -> other.login(unique("alice")).compose(alice -> other.login(unique("rita")).compose(rita ->
        other.login(unique("sam")).compose(sam -> alice.post("/guilds", new JsonObject().put("name", "g")).map(Api.Reply::json).compose(guild ->
            alice.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject()).compose(invite ->
                rita.post("/invites/" + invite.json().getString("code"), null).compose(v -> sam.post("/invites/" + invite.json().getString("code"), null)))
                .compose(v -> inTurn(4, i -> sam.post("/channels/" + general(guild) + "/messages", new JsonObject().put("content", "m" + i))
                    .map(r -> r.json().getString("id"))))
                .compose(messages -> inTurn(
                    () -> report(rita, general(guild), messages.get(0), "spam", null),
                    () -> report(rita, general(guild), messages.get(1), "spam", null),
                    () -> report(rita, general(guild), messages.get(2), "spam", null),
                    () -> report(alice, general(guild), messages.get(3), "spam", null)))
                .compose(r -> check(ctx, () -> {
                  assertEquals(201, r.get(0).status(), r.get(0).toString());
                  assertEquals(201, r.get(1).status(), r.get(1).toString());
                  assertEquals(429, r.get(2).status(), r.get(2).toString());
                  JsonObject error = r.get(2).json().getJsonObject("error");
                  assertEquals("rate_limited", error.getString("code"));
                  double retryAfter = error.getDouble("retry_after");
                  assertTrue(retryAfter > 60 && retryAfter <= 1800, "half an hour at most for one of two an hour: " + retryAfter);
                  assertEquals(String.valueOf((long) Math.ceil(retryAfter)), r.get(2).headers().get("Retry-After"));
                  assertEquals(201, r.get(3).status(), "another user reports freely: " + r.get(3));
                  done.flag();
                })))))))
        .onFailure(ctx::failNow);
  }
}
