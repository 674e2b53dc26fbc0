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

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roles, overwrites and moderation as members live them: what they see, what they may do. */
class RolesAndModerationTest extends AsyncApiTestBase {

  private static boolean hasChannel(JsonObject snapshot, String channelId) {
    for (Object g : snapshot.getJsonArray("guilds")) {
      for (Object c : ((JsonObject) g).getJsonArray("channels")) {
        if (((JsonObject) c).getString("id").equals(channelId)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Fails the step unless {@code reply} has that status (a precondition, with the reply in the message). */
  private static Future<Api.Reply> expectStatus(int status, Api.Reply reply) {
    return reply.status() == status ? Future.succeededFuture(reply) : Future.failedFuture(new AssertionError(
        "expected " + status + ": " + reply));
  }

  private Future<JsonObject> channel(Api.Session owner, String guildId, JsonObject body) {
    return owner.post("/guilds/" + guildId + "/channels", body).compose(reply -> expectStatus(201, reply)).map(Api.Reply::json);
  }

  private Future<JsonObject> role(Api.Session owner, String guildId, String name, long permissions) {
    return owner.post("/guilds/" + guildId + "/roles", new JsonObject().put("name", name).put("permissions", Long.toString(permissions)))
        .compose(reply -> expectStatus(201, reply)).map(Api.Reply::json);
  }

  private Future<Void> giveRoles(Api.Session owner, String guildId, Api.Session member, String... roleIds) {
    JsonArray roles = new JsonArray();
    for (String id : roleIds) {
      roles.add(id);
    }
    return owner.patch("/guilds/" + guildId + "/members/" + member.userId(), new JsonObject().put("roles", roles))
        .compose(reply -> expectStatus(200, reply)).mapEmpty();
  }

  private static JsonObject deny(long bits) {
    return new JsonObject().put("type", 0).put("deny", Long.toString(bits));
  }

  @Test
  @DisplayName("An overwrite that hides a channel removes it live (CHANNEL_DELETE), then silence; a role that shows it brings it back")
  void visibilityFollowsOverwritesAndRoles(VertxTestContext ctx) {
    Checkpoint hidden = ctx.checkpoint();
    Checkpoint silence = ctx.checkpoint();
    Checkpoint shownAgain = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      return channel(alice, g, new JsonObject().put("name", "secret")).map(c -> c.getString("id")).compose(secret ->
          Sse.using(bob.stream(null), stream -> alice.put("/channels/" + secret + "/permissions/" + g, deny(Permissions.VIEW_CHANNEL))
              .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
              .compose(v -> stream.next("CHANNEL_DELETE"))
              .compose(delete -> check(ctx, () -> {
                assertEquals(secret, delete.data().getString("id"));
                hidden.flag();
              }))
              .compose(v -> send(alice, secret, "you cannot see this"))
              .compose(v -> bob.get("/channels/" + secret + "/messages"))
              .compose(read -> bob.get("/snapshot").compose(snapshot -> check(ctx, () -> {
                assertEquals(404, read.status());
                assertFalse(hasChannel(snapshot.json(), secret));
              })))
              .compose(v -> stream.drain(300))
              .compose(later -> check(ctx, () -> {
                assertTrue(later.stream().noneMatch(e -> secret.equals(e.data().getString("channel_id")) || secret.equals(e.data().getString("id"))),
                    "nothing more from the hidden channel");
                silence.flag();
              }))
              .compose(v -> role(alice, g, "insiders", 0))
              .compose(insiders -> alice.put("/channels/" + secret + "/permissions/" + insiders.getString("id"),
                      new JsonObject().put("type", 0).put("allow", Long.toString(Permissions.VIEW_CHANNEL)))
                  .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
                  .compose(v -> giveRoles(alice, g, bob, insiders.getString("id"))))
              .compose(v -> stream.next("CHANNEL_CREATE"))
              .compose(create -> bob.get("/channels/" + secret + "/messages").compose(read -> bob.get("/snapshot").compose(snapshot -> check(ctx, () -> {
                assertEquals(secret, create.data().getString("id"));
                assertEquals(1, read.array().size(), "history is readable again");
                assertTrue(hasChannel(snapshot.json(), secret));
                shownAgain.flag();
              }))))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Hiding a category hides its channels unless they allow themselves")
  void categoryHidesItsChannels(VertxTestContext ctx) {
    Checkpoint hidden = ctx.checkpoint();
    Checkpoint newChannelHidden = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      return channel(alice, g, new JsonObject().put("name", "Staff").put("type", 4)).map(c -> c.getString("id")).compose(category ->
          channel(alice, g, new JsonObject().put("name", "inside").put("parent_id", category)).map(c -> c.getString("id")).compose(inside ->
              channel(alice, g, new JsonObject().put("name", "open").put("parent_id", category)).map(c -> c.getString("id")).compose(open ->
                  inTurn(
                      () -> alice.put("/channels/" + open + "/permissions/" + g,
                          new JsonObject().put("type", 0).put("allow", Long.toString(Permissions.VIEW_CHANNEL))),
                      () -> alice.put("/channels/" + category + "/permissions/" + g, deny(Permissions.VIEW_CHANNEL)),
                      () -> bob.get("/snapshot"),
                      () -> bob.get("/channels/" + inside + "/messages"))
                      .compose(r -> check(ctx, () -> {
                        assertEquals(204, r.get(0).status());
                        assertEquals(204, r.get(1).status());
                        JsonObject snapshot = r.get(2).json();
                        assertFalse(hasChannel(snapshot, category));
                        assertFalse(hasChannel(snapshot, inside), "a channel in a hidden category is hidden");
                        assertTrue(hasChannel(snapshot, open), "unless its own overwrite shows it");
                        assertEquals(404, r.get(3).status());
                        hidden.flag();
                      }))
                      .compose(v -> channel(alice, g, new JsonObject().put("name", "later").put("parent_id", category)))
                      .compose(later -> bob.get("/snapshot").compose(snapshot -> check(ctx, () -> {
                        assertFalse(hasChannel(snapshot.json(), later.getString("id")), "a new channel copies its category's overwrites");
                        newChannelHidden.flag();
                      }))))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A kicked member gets GUILD_DELETE and nothing more; the others get GUILD_MEMBER_REMOVE")
  void kick(VertxTestContext ctx) {
    Checkpoint kicked = ctx.checkpoint();
    Checkpoint othersTold = ctx.checkpoint();
    Checkpoint nothingMore = ctx.checkpoint();
    users("alice", "bob", "carol").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      Api.Session carol = u.get(2);
      return guild(alice, false).compose(guild -> {
        String g = guild.getString("id");
        return join(bob, guild, alice).compose(v -> join(carol, guild, alice))
            .compose(v -> Sse.using(bob.stream(null), bobStream -> Sse.using(carol.stream(null), carolStream ->
                carol.delete("/guilds/" + g + "/members/" + bob.userId())
                    .compose(refused -> alice.delete("/guilds/" + g + "/members/" + bob.userId()).compose(done -> check(ctx, () -> {
                      assertEquals(403, refused.status(), "no KICK_MEMBERS");
                      assertEquals(204, done.status());
                    })))
                    .compose(v2 -> bobStream.next("GUILD_DELETE"))
                    .compose(gone -> check(ctx, () -> {
                      assertEquals(g, gone.data().getString("id"));
                      assertEquals("kicked", gone.data().getString("reason"), "the client can tell them why the guild went");
                      kicked.flag();
                    }))
                    .compose(v2 -> carolStream.next("GUILD_MEMBER_REMOVE"))
                    .compose(removed -> check(ctx, () -> {
                      assertEquals(bob.userId(), removed.data().getJsonObject("user").getString("id"));
                      othersTold.flag();
                    }))
                    .compose(v2 -> send(alice, general(guild), "after the kick"))
                    .compose(v2 -> carolStream.next("MESSAGE_CREATE"))
                    .compose(v2 -> bobStream.drain(300))
                    .compose(later -> check(ctx, () -> assertTrue(later.stream().noneMatch(e -> g.equals(e.data().getString("guild_id"))),
                        "nothing more from that guild"))))))
            .compose(v -> bob.get("/channels/" + general(guild) + "/messages"))
            .compose(read -> check(ctx, () -> {
              assertEquals(404, read.status());
              nothingMore.flag();
            }));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A banned user is removed, cannot come back by invite or directory, and can be unbanned")
  void ban(VertxTestContext ctx) {
    Checkpoint removed = ctx.checkpoint();
    Checkpoint listed = ctx.checkpoint();
    Checkpoint keptOut = ctx.checkpoint();
    Checkpoint unbanned = ctx.checkpoint();
    pair("alice", "bob", true).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      return Sse.using(bob.stream(null), bobStream -> alice.put("/guilds/" + g + "/bans/" + bob.userId(), new JsonObject().put("reason", "spam"))
              .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
              .compose(v -> bobStream.next("GUILD_DELETE"))
              .compose(gone -> check(ctx, () -> {
                assertEquals(g, gone.data().getString("id"));
                assertEquals("banned", gone.data().getString("reason"));
                removed.flag();
              })))
          .compose(v -> alice.get("/guilds/" + g + "/bans"))
          .compose(reply -> check(ctx, () -> {
            JsonArray bans = reply.array();
            assertEquals(bob.userId(), bans.getJsonObject(0).getJsonObject("user").getString("id"));
            assertEquals("spam", bans.getJsonObject(0).getString("reason"));
            listed.flag();
          }))
          .compose(v -> alice.post("/guilds/" + g + "/invites", new JsonObject()))
          .map(reply -> "/invites/" + reply.json().getString("code"))
          .compose(invite -> inTurn(
                  () -> bob.post(invite, null),
                  () -> bob.put("/guilds/" + g + "/members/@me", null),
                  () -> bob.get("/guilds/" + g + "/bans"))
              .compose(r -> check(ctx, () -> {
                assertEquals(403, r.get(0).status());
                assertEquals(403, r.get(1).status());
                assertEquals(404, r.get(2).status(), "a non-member sees no ban list");
                keptOut.flag();
              }))
              .compose(v -> inTurn(
                  () -> alice.delete("/guilds/" + g + "/bans/" + bob.userId()),
                  () -> bob.post(invite, null)))
              .compose(r -> check(ctx, () -> {
                assertEquals(204, r.get(0).status());
                assertEquals(200, r.get(1).status());
                unbanned.flag();
              })));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("GUILD_DELETE says why the guild went: left for a leaver, deleted for those still in it when the owner deletes it")
  void guildDeleteSaysWhy(VertxTestContext ctx) {
    Checkpoint left = ctx.checkpoint();
    Checkpoint deleted = ctx.checkpoint();
    users("alice", "bob", "carol").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      Api.Session carol = u.get(2);
      return guild(alice, false).compose(guild -> {
        String g = guild.getString("id");
        return join(bob, guild, alice).compose(v -> join(carol, guild, alice))
            .compose(v -> Sse.using(bob.stream(null), bobStream -> Sse.using(carol.stream(null), carolStream ->
                bob.delete("/users/@me/guilds/" + g)
                    .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
                    .compose(v2 -> bobStream.next("GUILD_DELETE"))
                    .compose(gone -> check(ctx, () -> {
                      assertEquals(g, gone.data().getString("id"));
                      assertEquals("left", gone.data().getString("reason"));
                      left.flag();
                    }))
                    .compose(v2 -> alice.delete("/guilds/" + g))
                    .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
                    .compose(v2 -> carolStream.next("GUILD_DELETE"))
                    .compose(gone -> check(ctx, () -> {
                      assertEquals(g, gone.data().getString("id"));
                      assertEquals("deleted", gone.data().getString("reason"));
                      deleted.flag();
                    })))));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A timed-out member may read but not send or type, until the timeout is lifted")
  void timeout(VertxTestContext ctx) {
    Checkpoint mutedButReading = ctx.checkpoint();
    Checkpoint lifted = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String member = "/guilds/" + p.guildId() + "/members/" + bob.userId();
      String channel = "/channels/" + p.general();
      String until = Instant.now().plusSeconds(600).toString();
      return alice.patch(member, new JsonObject().put("communication_disabled_until", until))
          .compose(timedOut -> check(ctx, () -> assertEquals(200, timedOut.status(), timedOut.toString())))
          .compose(v -> inTurn(
              () -> bob.get(channel + "/messages"),
              () -> bob.post(channel + "/messages", new JsonObject().put("content", "hi")),
              () -> bob.post(channel + "/typing", null)))
          .compose(r -> check(ctx, () -> {
            assertEquals(200, r.get(0).status());
            assertEquals(403, r.get(1).status());
            assertEquals(403, r.get(2).status());
            mutedButReading.flag();
          }))
          .compose(v -> inTurn(
              () -> alice.patch(member, new JsonObject().putNull("communication_disabled_until")),
              () -> bob.post(channel + "/messages", new JsonObject().put("content", "back"))))
          .compose(r -> check(ctx, () -> {
            assertEquals(200, r.get(0).status());
            assertEquals(200, r.get(1).status());
            lifted.flag();
          }));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The hierarchy: moderators act only below their top role, never on the owner, and grant only what they hold")
  void hierarchy(VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    Checkpoint allowed = ctx.checkpoint();
    users("alice", "mod", "senior", "plain").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session mod = u.get(1);
      Api.Session senior = u.get(2);
      Api.Session plain = u.get(3);
      return guild(alice, false).compose(guild -> {
        String g = guild.getString("id");
        return join(mod, guild, alice).compose(v -> join(senior, guild, alice)).compose(v -> join(plain, guild, alice))
            .compose(v -> role(alice, g, "mods", Permissions.KICK_MEMBERS | Permissions.MANAGE_ROLES))
            .compose(modRole -> role(alice, g, "seniors", 0) // created later: position 1, mods move to 2
                .compose(seniorRole -> giveRoles(alice, g, mod, modRole.getString("id"))
                    .compose(v -> giveRoles(alice, g, senior, seniorRole.getString("id")))
                    // Put seniors above mods.
                    .compose(v -> alice.patch("/guilds/" + g + "/roles", new JsonArray()
                        .add(new JsonObject().put("id", seniorRole.getString("id")).put("position", 3))))
                    .compose(reply -> check(ctx, () -> assertEquals(200, reply.status())))
                    .compose(v -> inTurn(
                        () -> mod.delete("/guilds/" + g + "/members/" + senior.userId()),
                        () -> mod.delete("/guilds/" + g + "/members/" + alice.userId()),
                        () -> mod.post("/guilds/" + g + "/roles", new JsonObject().put("permissions", Long.toString(Permissions.ADMINISTRATOR))),
                        () -> mod.patch("/guilds/" + g + "/roles/" + seniorRole.getString("id"), new JsonObject().put("name", "x"))))
                    .compose(r -> check(ctx, () -> {
                      assertEquals(403, r.get(0).status(), "senior outranks mod");
                      assertEquals(403, r.get(1).status(), "nobody kicks the owner");
                      assertEquals(403, r.get(2).status(), "cannot grant a bit you lack");
                      assertEquals(403, r.get(3).status(), "cannot edit a role above your own");
                      refused.flag();
                    }))))
            .compose(v -> inTurn(
                () -> mod.post("/guilds/" + g + "/roles", new JsonObject().put("name", "helpers").put("permissions", Long.toString(Permissions.KICK_MEMBERS))),
                () -> mod.delete("/guilds/" + g + "/members/" + plain.userId()),
                () -> alice.get("/guilds/" + g + "/roles")))
            .compose(r -> check(ctx, () -> {
              assertEquals(201, r.get(0).status(), "may create roles with bits it holds");
              assertEquals(204, r.get(1).status());
              assertEquals(g, r.get(2).array().getJsonObject(0).getString("id"), "@everyone first, at position 0");
              allowed.flag();
            }));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Role changes reach members as GUILD_ROLE_* events; owner transfer hands over deleting")
  void roleEventsAndOwnerTransfer(VertxTestContext ctx) {
    Checkpoint roleEvents = ctx.checkpoint(4); // create, update, member update, delete
    Checkpoint transferred = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      String g = p.guildId();
      return Sse.using(bob.stream(null), stream -> role(alice, g, "crew", 0).compose(r -> stream.next("GUILD_ROLE_CREATE")
              .compose(create -> check(ctx, () -> {
                assertEquals("crew", create.data().getJsonObject("role").getString("name"));
                roleEvents.flag();
              }))
              .compose(v -> alice.patch("/guilds/" + g + "/roles/" + r.getString("id"), new JsonObject().put("color", 0xff0000).put("hoist", true)))
              .compose(reply -> check(ctx, () -> assertEquals(200, reply.status())))
              .compose(v -> stream.next("GUILD_ROLE_UPDATE"))
              .compose(update -> check(ctx, () -> {
                assertEquals(0xff0000, update.data().getJsonObject("role").getInteger("color"));
                roleEvents.flag();
              }))
              .compose(v -> giveRoles(alice, g, bob, r.getString("id")))
              .compose(v -> stream.next("GUILD_MEMBER_UPDATE"))
              .compose(member -> check(ctx, () -> {
                assertEquals(r.getString("id"), member.data().getJsonArray("roles").getString(0));
                roleEvents.flag();
              }))
              .compose(v -> alice.delete("/guilds/" + g + "/roles/" + r.getString("id")))
              .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
              .compose(v -> stream.next("GUILD_ROLE_DELETE"))
              .compose(delete -> check(ctx, () -> {
                assertEquals(r.getString("id"), delete.data().getString("role_id"));
                roleEvents.flag();
              }))))
          .compose(v -> inTurn(
              () -> bob.patch("/guilds/" + g, new JsonObject().put("owner_id", bob.userId())),
              () -> alice.patch("/guilds/" + g, new JsonObject().put("owner_id", bob.userId())),
              () -> alice.delete("/guilds/" + g),
              () -> bob.delete("/guilds/" + g)))
          .compose(r -> check(ctx, () -> {
            assertEquals(403, r.get(0).status());
            assertEquals(200, r.get(1).status());
            assertEquals(403, r.get(2).status(), "the former owner may no longer delete it");
            assertEquals(204, r.get(3).status());
            transferred.flag();
          }));
    }).onFailure(ctx::failNow);
  }
}
