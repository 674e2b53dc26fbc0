package guildhall.api;

import guildhall.permissions.Permissions;
import guildhall.support.Api;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules the action table added to what Guildhall had: overwrites respect the hierarchy (4a), a
 * timed-out author cannot edit (4b); and message actions, which now read the author before asking.
 */
class ActionRulesTest extends AsyncApiTestBase {

  /** Fails the step unless {@code reply} has that status (a precondition, with the reply in the message). */
  private static Future<Api.Reply> expectStatus(int status, Api.Reply reply) {
    return reply.status() == status ? Future.succeededFuture(reply) : Future.failedFuture(new AssertionError(
        "expected " + status + ": " + reply));
  }

  private Future<String> role(Api.Session owner, String guildId, String name, long permissions) {
    return owner.post("/guilds/" + guildId + "/roles", new JsonObject().put("name", name).put("permissions", Long.toString(permissions)))
        .compose(reply -> expectStatus(201, reply)).map(reply -> reply.json().getString("id"));
  }

  private Future<Void> giveRole(Api.Session owner, String guildId, Api.Session member, String roleId) {
    return owner.patch("/guilds/" + guildId + "/members/" + member.userId(), new JsonObject().put("roles", new JsonArray().add(roleId)))
        .compose(reply -> expectStatus(200, reply)).mapEmpty();
  }

  private static JsonObject overwrite(int type, long deny) {
    return new JsonObject().put("type", type).put("deny", Long.toString(deny));
  }

  /** The channel's overwrites as its owner sees them. */
  private Future<JsonArray> overwritesOf(Api.Session owner, String guildId, String channelId) {
    return owner.get("/guilds/" + guildId + "/channels").compose(reply -> {
      for (Object c : reply.array()) {
        if (((JsonObject) c).getString("id").equals(channelId)) {
          return Future.succeededFuture(((JsonObject) c).getJsonArray("permission_overwrites"));
        }
      }
      return Future.failedFuture(new AssertionError("no channel " + channelId));
    });
  }

  private Future<String> contentOf(Api.Session reader, String channelId, String messageId) {
    return reader.get("/channels/" + channelId + "/messages").compose(reply -> {
      for (Object m : reply.array()) {
        if (((JsonObject) m).getString("id").equals(messageId)) {
          return Future.succeededFuture(((JsonObject) m).getString("content"));
        }
      }
      return Future.failedFuture(new AssertionError("no message " + messageId));
    });
  }

  @Test
  @DisplayName("4a: with MANAGE_ROLES, a moderator sets overwrites only for @everyone, roles below theirs and members below them")
  void overwritesRespectTheHierarchy(VertxTestContext ctx) {
    Checkpoint refusedAbove = ctx.checkpoint();
    Checkpoint allowedBelow = ctx.checkpoint();
    users("alice", "mod", "senior", "helper").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session mod = u.get(1);
      Api.Session senior = u.get(2);
      Api.Session helper = u.get(3);
      return guild(alice, false).compose(guild -> {
        String g = guild.getString("id");
        String channel = general(guild);
        String base = "/channels/" + channel + "/permissions/";
        return join(mod, guild, alice).compose(v -> join(senior, guild, alice)).compose(v -> join(helper, guild, alice))
            // Each new role starts at position 1 and pushes the others up: helpers 1, mods 2, seniors 3.
            .compose(v -> role(alice, g, "seniors", 0)).compose(seniors ->
                role(alice, g, "mods", Permissions.MANAGE_ROLES).compose(mods ->
                    role(alice, g, "helpers", 0).compose(helpers ->
                        giveRole(alice, g, mod, mods)
                            .compose(v -> giveRole(alice, g, senior, seniors))
                            .compose(v -> giveRole(alice, g, helper, helpers))
                            // The owner's overwrites on the senior role and on the senior member: the moderator may not remove them.
                            .compose(v -> inTurn(
                                () -> alice.put(base + seniors, overwrite(0, Permissions.ADD_REACTIONS)),
                                () -> alice.put(base + senior.userId(), overwrite(1, Permissions.ADD_REACTIONS))))
                            .compose(r -> check(ctx, () -> {
                              assertEquals(204, r.get(0).status());
                              assertEquals(204, r.get(1).status());
                            }))
                            .compose(v -> overwritesOf(alice, g, channel))
                            .compose(before -> inTurn(
                                    () -> mod.put(base + seniors, overwrite(0, Permissions.SEND_MESSAGES)),
                                    () -> mod.put(base + mods, overwrite(0, Permissions.SEND_MESSAGES)),
                                    () -> mod.put(base + senior.userId(), overwrite(1, Permissions.SEND_MESSAGES)),
                                    () -> mod.put(base + mod.userId(), overwrite(1, Permissions.SEND_MESSAGES)),
                                    () -> mod.delete(base + seniors),
                                    () -> mod.delete(base + senior.userId()))
                                .compose(r -> overwritesOf(alice, g, channel).compose(after -> check(ctx, () -> {
                                  assertEquals(403, r.get(0).status(), "a role above the moderator's");
                                  assertEquals(403, r.get(1).status(), "the moderator's own role: at, not below");
                                  assertEquals(403, r.get(2).status(), "a member whose top role is above");
                                  assertEquals(403, r.get(3).status(), "the moderator themselves: at, not below");
                                  assertEquals(403, r.get(4).status(), "nor take one off a role above");
                                  assertEquals(403, r.get(5).status(), "nor off a member above");
                                  assertEquals(before, after, "nothing changed");
                                  refusedAbove.flag();
                                }))))
                            .compose(v -> inTurn(
                                () -> mod.put(base + helpers, overwrite(0, Permissions.ADD_REACTIONS)),
                                () -> mod.put(base + helper.userId(), overwrite(1, Permissions.ADD_REACTIONS)),
                                () -> mod.delete(base + helpers),
                                () -> mod.delete(base + helper.userId()),
                                // Last: it takes ADD_REACTIONS from the moderator too, who could then no longer grant it.
                                () -> mod.put(base + g, overwrite(0, Permissions.ADD_REACTIONS)),
                                () -> alice.delete(base + seniors)))
                            .compose(r -> check(ctx, () -> {
                              assertEquals(204, r.get(0).status(), "a role below");
                              assertEquals(204, r.get(1).status(), "a member below");
                              assertEquals(204, r.get(2).status());
                              assertEquals(204, r.get(3).status());
                              assertEquals(204, r.get(4).status(), "@everyone's: MANAGE_ROLES is enough");
                              assertEquals(204, r.get(5).status(), "the owner is exempt");
                              allowedBelow.flag();
                            })))));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("4b: a timed-out author cannot edit; the text stays; once the timeout is lifted the edit works")
  void timedOutAuthorCannotEdit(VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint editedAfter = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      String channel = p.general();
      String member = "/guilds/" + g + "/members/" + bob.userId();
      return send(bob, channel, "before the timeout").map(m -> m.getString("id")).compose(message -> {
        String path = "/channels/" + channel + "/messages/" + message;
        return inTurn(
                () -> alice.patch(member, new JsonObject().put("communication_disabled_until", Instant.now().plusSeconds(600).toString())),
                () -> bob.patch(path, new JsonObject().put("content", "while timed out")))
            .compose(r -> contentOf(alice, channel, message).compose(content -> check(ctx, () -> {
              assertEquals(200, r.get(0).status());
              assertEquals(403, r.get(1).status());
              assertEquals("before the timeout", content);
              refused.flag();
            })))
            .compose(v -> inTurn(
                () -> alice.patch(member, new JsonObject().putNull("communication_disabled_until")),
                () -> bob.patch(path, new JsonObject().put("content", "after the timeout"))))
            .compose(r -> contentOf(alice, channel, message).compose(content -> check(ctx, () -> {
              assertEquals(200, r.get(0).status());
              Api.Reply edited = r.get(1);
              assertEquals(200, edited.status(), edited.toString());
              assertEquals("after the timeout", content);
              editedAfter.flag();
            })));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("As in Discord, losing SEND_MESSAGES does not stop an author editing or deleting what they wrote")
  void readOnlyChannelStillEditable(VertxTestContext ctx) {
    Checkpoint stillTheirs = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      String channel = p.general();
      return send(bob, channel, "first").map(m -> m.getString("id"))
          .compose(message -> inTurn(
              () -> alice.put("/channels/" + channel + "/permissions/" + g, overwrite(0, Permissions.SEND_MESSAGES)),
              () -> bob.post("/channels/" + channel + "/messages", new JsonObject().put("content", "more")),
              () -> bob.patch("/channels/" + channel + "/messages/" + message, new JsonObject().put("content", "amended")),
              () -> bob.delete("/channels/" + channel + "/messages/" + message)))
          .compose(r -> check(ctx, () -> {
            assertEquals(204, r.get(0).status());
            assertEquals(403, r.get(1).status());
            assertEquals(200, r.get(2).status());
            assertEquals(204, r.get(3).status());
            stillTheirs.flag();
          }));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Message edit and delete: a hidden channel is 404 first, then a missing message 404, then the author rules 403")
  void messageActionsErrorOrder(VertxTestContext ctx) {
    Checkpoint hiddenFirst = ctx.checkpoint();
    Checkpoint missingThenAuthor = ctx.checkpoint();
    Checkpoint managerRemovesOnly = ctx.checkpoint();
    users("alice", "bob", "carol").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      Api.Session carol = u.get(2);
      return guild(alice, false).compose(guild -> {
        String g = guild.getString("id");
        String channel = general(guild);
        String messages = "/channels/" + channel + "/messages/";
        return join(bob, guild, alice).compose(v -> join(carol, guild, alice))
            .compose(v -> alice.post("/guilds/" + g + "/channels", new JsonObject().put("name", "secret")))
            .map(reply -> reply.json().getString("id"))
            .compose(secret -> alice.put("/channels/" + secret + "/permissions/" + g, overwrite(0, Permissions.VIEW_CHANNEL))
                .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
                .compose(v -> send(alice, secret, "hidden")).map(m -> m.getString("id"))
                .compose(hidden -> send(bob, channel, "bob's").map(m -> m.getString("id")).compose(bobs ->
                    inTurn(
                        () -> bob.patch("/channels/" + secret + "/messages/" + hidden, new JsonObject().put("content", "x")),
                        () -> bob.delete("/channels/" + secret + "/messages/1"))
                        .compose(r -> check(ctx, () -> {
                          Api.Reply hiddenEdit = r.get(0);
                          Api.Reply hiddenMissing = r.get(1);
                          assertEquals(404, hiddenEdit.status());
                          assertEquals(404, hiddenMissing.status());
                          assertEquals(hiddenEdit.json().getJsonObject("error").getString("message"),
                              hiddenMissing.json().getJsonObject("error").getString("message"),
                              "a hidden channel answers the same whether the message exists or not");
                          hiddenFirst.flag();
                        }))
                        .compose(v -> inTurn(
                            () -> bob.patch(messages + "1", new JsonObject().put("content", "x")),
                            () -> carol.patch(messages + bobs, new JsonObject().put("content", "x")),
                            () -> carol.delete(messages + bobs)))
                        .compose(r -> check(ctx, () -> {
                          assertEquals(404, r.get(0).status(), "no such message");
                          assertEquals(403, r.get(1).status(), "not the author");
                          assertEquals(403, r.get(2).status(), "not the author, no MANAGE_MESSAGES");
                          missingThenAuthor.flag();
                        }))
                        .compose(v -> role(alice, g, "janitors", Permissions.MANAGE_MESSAGES))
                        .compose(janitors -> giveRole(alice, g, carol, janitors))
                        .compose(v -> inTurn(
                            () -> carol.patch(messages + bobs, new JsonObject().put("content", "x")),
                            () -> carol.delete(messages + bobs),
                            () -> bob.delete(messages + bobs)))
                        .compose(r -> check(ctx, () -> {
                          assertEquals(403, r.get(0).status(), "MANAGE_MESSAGES removes, never rewrites");
                          assertEquals(204, r.get(1).status());
                          assertEquals(404, r.get(2).status(), "gone");
                          managerRemovesOnly.flag();
                        })))));
      });
    }).onFailure(ctx::failNow);
  }
}
