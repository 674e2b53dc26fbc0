package guildhall.api;

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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The milestone's story, end to end over HTTP and SSE, with three users. */
class ChatFlowTest extends AsyncApiTestBase {

  @Test
  @DisplayName("A message posted by one member arrives on the others' streams, with an event id")
  void messageArrivesLive(VertxTestContext ctx) {
    Checkpoint joined = ctx.checkpoint();
    Checkpoint arrived = ctx.checkpoint(2); // on bob's stream and on carol's
    users("alice", "bob", "carol").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      Api.Session carol = u.get(2);
      return guild(alice, true).compose(guild -> join(bob, guild, alice)
          .compose(v -> carol.put("/guilds/" + guild.getString("id") + "/members/@me", null))
          .compose(reply -> check(ctx, () -> {
            assertEquals(200, reply.status(), "carol joins from the directory");
            joined.flag();
          }))
          .compose(v -> Sse.using(bob.stream(null), bobStream -> Sse.using(carol.stream(null), carolStream ->
              check(ctx, () -> assertEquals(200, bobStream.status()))
                  .compose(v2 -> alice.post("/channels/" + general(guild) + "/messages",
                      new JsonObject().put("content", "hello guild").put("nonce", "n-1")))
                  .map(Api.Reply::json)
                  .compose(sent -> Future.all(
                      arrives(ctx, bobStream, alice, sent, arrived),
                      arrives(ctx, carolStream, alice, sent, arrived)))))));
    }).onFailure(ctx::failNow);
  }

  /** {@code sent} comes on {@code stream} as alice wrote it, with an event id. */
  private static Future<Void> arrives(VertxTestContext ctx, Sse stream, Api.Session alice, JsonObject sent, Checkpoint arrived) {
    return stream.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("id").equals(sent.getString("id")), "alice's message")
        .compose(event -> check(ctx, () -> {
          assertNotNull(event.id(), "a committed event carries its id");
          assertEquals("hello guild", event.data().getString("content"));
          assertEquals("n-1", event.data().getString("nonce"));
          assertEquals(alice.userId(), event.data().getJsonObject("author").getString("id"));
          arrived.flag();
        }));
  }

  @Test
  @DisplayName("Edits and deletes reach the stream; only the author may edit or delete")
  void editAndDelete(VertxTestContext ctx) {
    Checkpoint othersRefused = ctx.checkpoint();
    Checkpoint editSeen = ctx.checkpoint();
    Checkpoint deleteSeen = ctx.checkpoint();
    Checkpoint gone = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> send(p.owner(), p.general(), "first draft").compose(message -> {
      String path = "/channels/" + p.general() + "/messages/" + message.getString("id");
      return Sse.using(p.member().stream(null), stream -> p.member().patch(path, new JsonObject().put("content", "hijack"))
              .compose(hijack -> p.member().delete(path).compose(delete -> check(ctx, () -> {
                assertEquals(403, hijack.status());
                assertEquals(403, delete.status());
                othersRefused.flag();
              })))
              .compose(v -> p.owner().patch(path, new JsonObject().put("content", "final")))
              .compose(edited -> check(ctx, () -> {
                assertEquals(200, edited.status());
                assertNotNull(edited.json().getString("edited_timestamp"));
              }))
              .compose(v -> stream.next("MESSAGE_UPDATE"))
              .compose(update -> check(ctx, () -> {
                assertEquals("final", update.data().getString("content"));
                editSeen.flag();
              }))
              .compose(v -> p.owner().delete(path))
              .compose(deleted -> check(ctx, () -> assertEquals(204, deleted.status())))
              .compose(v -> stream.next("MESSAGE_DELETE"))
              .compose(delete -> check(ctx, () -> {
                assertEquals(message.getString("id"), delete.data().getString("id"));
                deleteSeen.flag();
              })))
          .compose(v -> p.member().get("/channels/" + p.general() + "/messages"))
          .compose(list -> p.owner().delete(path).compose(again -> check(ctx, () -> {
            assertTrue(list.array().isEmpty(), "the deleted message is gone");
            assertEquals(404, again.status());
            gone.flag();
          })));
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A send retried with the same nonce returns the first message, not a second one")
  void nonceIsIdempotent(VertxTestContext ctx) {
    Checkpoint once = ctx.checkpoint();
    user("alice").compose(alice -> guild(alice, false).compose(guild -> {
      String path = "/channels/" + general(guild) + "/messages";
      JsonObject body = new JsonObject().put("content", "only once").put("nonce", "retry-me");
      return alice.post(path, body).compose(first -> alice.post(path, body)
          .compose(second -> alice.get(path).compose(list -> check(ctx, () -> {
            assertEquals(first.json().getString("id"), second.json().getString("id"));
            assertEquals(1, list.array().size());
            once.flag();
          }))));
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A burst of sends committed together, some retrying one nonce: one message per nonce, each arriving once, in id order")
  void burstKeepsNoncesAndOrder(VertxTestContext ctx) {
    Checkpoint stored = ctx.checkpoint();
    Checkpoint streamed = ctx.checkpoint();
    int distinct = 40;
    int retries = 10;
    pair("alice", "bob", false).compose(p -> Sse.using(p.member().stream(null), stream -> {
      String path = "/channels/" + p.general() + "/messages";
      List<Future<Api.Reply>> sends = new java.util.ArrayList<>();
      // All sent at once, so that they share batches: retries of "same" sit between the others.
      for (int i = 0; i < distinct + retries; i++) {
        String nonce = i % 5 == 0 && i / 5 < retries ? "same" : "n-" + i;
        sends.add(p.owner().post(path, new JsonObject().put("content", "burst " + i).put("nonce", nonce)));
      }
      return Future.all(sends).compose(all -> {
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> sameIds = new java.util.HashSet<>();
        for (int i = 0; i < sends.size(); i++) {
          JsonObject sent = sends.get(i).result().json();
          ids.add(sent.getString("id"));
          if ("same".equals(sent.getString("nonce"))) {
            sameIds.add(sent.getString("id"));
          }
        }
        int expected = distinct + 1;
        return check(ctx, () -> {
          assertEquals(1, sameIds.size(), "every retry of one nonce answers the first message");
          assertEquals(expected, ids.size());
          stored.flag();
        }).compose(v -> p.owner().get(path + "?limit=100")).compose(list -> check(ctx, () ->
                assertEquals(expected, list.array().size(), "the channel holds one message per nonce")))
            .compose(v -> stream.drain(1500)).map(events -> {
              List<Sse.Event> creates = events.stream().filter(e -> e.type().equals("MESSAGE_CREATE")).toList();
              ctx.verify(() -> {
                assertEquals(expected, creates.size(), "each message arrives once");
                for (int i = 1; i < creates.size(); i++) {
                  assertTrue(Long.parseLong(creates.get(i - 1).id()) < Long.parseLong(creates.get(i).id()),
                      "events arrive in id order");
                }
                streamed.flag();
              });
              return null;
            });
      });
    })).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A non-member gets 404 on a guild's channel and the guild, exactly as for one that does not exist")
  void nonMemberSeesNothing(VertxTestContext ctx) {
    Checkpoint likeMissing = ctx.checkpoint();
    Checkpoint nothingElse = ctx.checkpoint();
    users("alice", "mallory").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session mallory = u.get(1);
      return guild(alice, false).compose(guild -> {
        String channel = general(guild);
        String g = "/guilds/" + guild.getString("id");
        return send(alice, channel, "secret")
            .compose(v -> mallory.get("/channels/" + channel + "/messages"))
            .compose(hidden -> mallory.get("/channels/123456789/messages").compose(missing -> check(ctx, () -> {
              assertEquals(404, hidden.status());
              assertEquals(missing.status(), hidden.status());
              assertEquals(missing.json(), hidden.json(), "the same answer as for a channel that does not exist");
              likeMissing.flag();
            })))
            .compose(v -> inTurn(
                () -> mallory.post("/channels/" + channel + "/messages", new JsonObject().put("content", "x")),
                () -> mallory.get(g),
                () -> mallory.put(g + "/members/@me", null),
                () -> mallory.post("/channels/" + channel + "/typing", null)))
            .compose(r -> check(ctx, () -> {
              assertEquals(404, r.get(0).status());
              assertEquals(404, r.get(1).status());
              assertEquals(404, r.get(2).status(), "private guilds cannot be joined without an invite");
              assertEquals(404, r.get(3).status());
              nothingElse.flag();
            }));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("No token, or a bad one, gets 401 with an error body")
  void unauthenticated(VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint();
    inTurn(
        () -> api.send("GET", "/users/@me", null, null),
        () -> api.send("GET", "/snapshot", null, "not-a-token"),
        () -> api.send("POST", "/guilds", new JsonObject().put("name", "x"), null))
        .compose(r -> check(ctx, () -> {
          assertEquals(401, r.get(0).status());
          assertEquals("unauthorized", r.get(0).json().getJsonObject("error").getString("code"));
          assertEquals(401, r.get(1).status());
          assertEquals(401, r.get(2).status());
          refused.flag();
        }))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Logging out ends the token; a password, once set, is required")
  void logoutAndPassword(VertxTestContext ctx) {
    Checkpoint loggedOut = ctx.checkpoint();
    Checkpoint passwordRequired = ctx.checkpoint();
    Checkpoint loggedInAgain = ctx.checkpoint();
    String name = unique("dora");
    api.login(name).compose(dora -> inTurn(
            () -> dora.patch("/users/@me", new JsonObject().put("password", "correct horse")),
            () -> dora.post("/auth/logout", null),
            () -> dora.get("/users/@me"))
        .compose(r -> check(ctx, () -> {
          assertEquals(200, r.get(0).status());
          assertEquals(204, r.get(1).status());
          assertEquals(401, r.get(2).status());
          loggedOut.flag();
        }))
        .compose(v -> inTurn(
            () -> api.send("POST", "/auth/login", new JsonObject().put("username", name), null),
            () -> api.send("POST", "/auth/login", new JsonObject().put("username", name).put("password", "wrong one"), null)))
        .compose(r -> check(ctx, () -> {
          assertEquals(401, r.get(0).status());
          assertEquals(401, r.get(1).status());
          passwordRequired.flag();
        }))
        .compose(v -> api.login(name, "correct horse"))
        .compose(again -> again.get("/users/@me").compose(me -> check(ctx, () -> {
          assertEquals(dora.userId(), again.userId());
          assertTrue(me.json().getBoolean("has_password"));
          loggedInAgain.flag();
        }))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Guilds: the creator owns them with a general channel; rename, directory, leave, delete")
  void guildLifecycle(VertxTestContext ctx) {
    Checkpoint created = ctx.checkpoint();
    Checkpoint renamed = ctx.checkpoint();
    Checkpoint left = ctx.checkpoint();
    Checkpoint deleted = ctx.checkpoint();
    users("alice", "bob").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      return guild(alice, true).compose(guild -> {
        String id = guild.getString("id");
        return bob.get("/guilds")
            .compose(directory -> check(ctx, () -> {
              assertEquals(alice.userId(), guild.getString("owner_id"));
              assertEquals("general", guild.getJsonArray("channels").getJsonObject(0).getString("name"));
              assertTrue(directory.array().stream().anyMatch(g -> ((JsonObject) g).getString("id").equals(id)), "a public guild is listed");
              created.flag();
            }))
            .compose(v -> bob.put("/guilds/" + id + "/members/@me", null))
            .compose(joined -> check(ctx, () -> assertEquals(200, joined.status())))
            .compose(v -> Sse.using(bob.stream(null), bobStream -> bob.patch("/guilds/" + id, new JsonObject().put("name", "mine now"))
                .compose(refused -> alice.patch("/guilds/" + id, new JsonObject().put("name", "Renamed")).compose(done -> check(ctx, () -> {
                  assertEquals(403, refused.status(), "members may not rename");
                  assertEquals(200, done.status());
                })))
                .compose(v2 -> bobStream.next("GUILD_UPDATE"))
                .compose(update -> check(ctx, () -> {
                  assertEquals("Renamed", update.data().getString("name"));
                  renamed.flag();
                }))
                .compose(v2 -> alice.delete("/users/@me/guilds/" + id))
                .compose(ownerLeaves -> bob.delete("/users/@me/guilds/" + id).compose(bobLeaves -> check(ctx, () -> {
                  assertEquals(400, ownerLeaves.status(), "the owner cannot leave");
                  assertEquals(204, bobLeaves.status());
                })))
                .compose(v2 -> bobStream.next("GUILD_DELETE"))
                .compose(gone -> check(ctx, () -> {
                  assertEquals(id, gone.data().getString("id"));
                  left.flag();
                }))))
            .compose(v -> inTurn(
                () -> bob.get("/guilds/" + id),
                () -> alice.delete("/guilds/" + id),
                () -> alice.get("/guilds/" + id)))
            .compose(r -> check(ctx, () -> {
              assertEquals(404, r.get(0).status());
              assertEquals(204, r.get(1).status());
              assertEquals(404, r.get(2).status());
              deleted.flag();
            }));
      });
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Channels and categories: owners create, rename and delete; members see them live")
  void channels(VertxTestContext ctx) {
    Checkpoint created = ctx.checkpoint();
    Checkpoint refused = ctx.checkpoint();
    Checkpoint renamed = ctx.checkpoint();
    Checkpoint categoryDeleted = ctx.checkpoint();
    Checkpoint listed = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      String channels = "/guilds/" + p.guildId() + "/channels";
      return Sse.using(p.member().stream(null), stream -> alice.post(channels, new JsonObject().put("name", "Projects").put("type", 4))
              .map(Api.Reply::json)
              .compose(category -> alice.post(channels,
                      new JsonObject().put("name", "Road Map").put("parent_id", category.getString("id")).put("position", 3))
                  .compose(reply -> check(ctx, () -> {
                    assertEquals(4, category.getInteger("type"));
                    assertEquals(201, reply.status());
                    assertEquals("road-map", reply.json().getString("name"), "text channel names are lower case with dashes");
                    assertEquals(category.getString("id"), reply.json().getString("parent_id"));
                  }).map(reply.json()))
                  .compose(channel -> stream.next(e -> e.type().equals("CHANNEL_CREATE")
                          && e.data().getString("id").equals(channel.getString("id")), "the new channel")
                      .compose(event -> check(ctx, () -> {
                        assertEquals(channel.getString("id"), event.data().getString("id"));
                        created.flag();
                      }))
                      .compose(v -> p.member().post(channels, new JsonObject().put("name", "nope")))
                      .compose(byMember -> alice.post(channels, new JsonObject().put("name", "bad").put("parent_id", channel.getString("id")))
                          .compose(notACategory -> check(ctx, () -> {
                            assertEquals(403, byMember.status());
                            assertEquals(400, notACategory.status());
                            assertEquals("parent_id", notACategory.field());
                            refused.flag();
                          })))
                      .compose(v -> alice.patch("/channels/" + channel.getString("id"), new JsonObject().put("name", "plans").put("topic", "what next")))
                      .compose(reply -> check(ctx, () -> assertEquals("plans", reply.json().getString("name"))))
                      .compose(v -> stream.next("CHANNEL_UPDATE"))
                      .compose(update -> check(ctx, () -> {
                        assertEquals("what next", update.data().getString("topic"));
                        renamed.flag();
                      }))
                      .compose(v -> alice.delete("/channels/" + category.getString("id")))
                      .compose(deleted -> check(ctx, () -> assertEquals(204, deleted.status())))
                      .compose(v -> stream.next("CHANNEL_UPDATE"))
                      .compose(orphaned -> stream.next("CHANNEL_DELETE").compose(delete -> check(ctx, () -> {
                        assertEquals(channel.getString("id"), orphaned.data().getString("id"));
                        assertTrue(orphaned.data().getValue("parent_id") == null, "a deleted category's channels move to the top");
                        assertEquals(category.getString("id"), delete.data().getString("id"));
                        categoryDeleted.flag();
                      }))))))
          .compose(v -> p.member().get(channels))
          .compose(list -> check(ctx, () -> {
            JsonArray all = list.array();
            assertEquals(2, all.size());
            assertFalse(all.stream().anyMatch(c -> ((JsonObject) c).getInteger("type") == 4));
            listed.flag();
          }));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Invites: a used-up or unknown code is 404; a second use by a member changes nothing")
  void invites(VertxTestContext ctx) {
    Checkpoint used = ctx.checkpoint();
    Checkpoint members = ctx.checkpoint();
    users("alice", "bob", "carol").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      Api.Session carol = u.get(2);
      return guild(alice, false).compose(guild -> alice.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject().put("max_uses", 1))
          .map(reply -> "/invites/" + reply.json().getString("code"))
          .compose(invite -> inTurn(
              () -> bob.post(invite, null),
              () -> bob.post(invite, null),
              () -> carol.post(invite, null),
              () -> carol.post("/invites/NoSuchCode1", null)))
          .compose(r -> check(ctx, () -> {
            assertEquals(200, r.get(0).status());
            assertEquals(200, r.get(1).status(), "already a member: fine, no use counted");
            assertEquals(404, r.get(2).status(), "max_uses reached");
            assertEquals(404, r.get(3).status());
            used.flag();
          }))
          .compose(v -> alice.get("/guilds/" + guild.getString("id") + "/members"))
          .compose(list -> check(ctx, () -> {
            JsonArray all = list.array();
            assertEquals(2, all.size());
            assertNotEquals(null, all.getJsonObject(1).getString("joined_at"));
            members.flag();
          })));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Presence: a member holding a stream is online to the others, and offline once it closes")
  void presence(VertxTestContext ctx) {
    Checkpoint online = ctx.checkpoint();
    Checkpoint offline = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      Api.Session alice = p.owner();
      Api.Session bob = p.member();
      return Sse.using(alice.stream(null), aliceStream -> Sse.using(bob.stream(null), bobStream -> aliceStream
          .next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(bob.userId()), "bob online")
          .compose(event -> alice.get("/snapshot").compose(snapshot -> check(ctx, () -> {
            assertEquals("online", event.data().getString("status"));
            assertEquals(null, event.id(), "presence is ephemeral: no event id");
            JsonArray presences = snapshot.json().getJsonArray("presences");
            assertTrue(presences.stream().anyMatch(s -> ((JsonObject) s).getString("user_id").equals(bob.userId())));
            online.flag();
          })))
          .compose(v -> bobStream.close())
          .compose(v -> aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE")
              && e.data().getString("user_id").equals(bob.userId()) && e.data().getString("status").equals("offline"), "bob offline"))
          .compose(event -> check(ctx, () -> {
            assertNotNull(event);
            offline.flag();
          }))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Presence on joining: members learn the newcomer is online, and the newcomer learns who is")
  void presenceOnJoin(VertxTestContext ctx) {
    Checkpoint toMembers = ctx.checkpoint();
    Checkpoint toNewcomer = ctx.checkpoint();
    users("alice", "bob").compose(u -> {
      Api.Session alice = u.get(0);
      Api.Session bob = u.get(1);
      return guild(alice, false).compose(guild -> Sse.using(alice.stream(null), aliceStream -> Sse.using(bob.stream(null), bobStream ->
          join(bob, guild, alice)
              .compose(v -> aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(bob.userId())
                  && e.data().getString("status").equals("online"), "bob online after joining"))
              .compose(event -> check(ctx, toMembers::flag))
              .compose(v -> bobStream.next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(alice.userId())
                  && e.data().getString("status").equals("online"), "alice online, told to the newcomer"))
              .compose(event -> check(ctx, toNewcomer::flag)))));
    }).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Typing reaches the channel's other members and is never stored")
  void typing(VertxTestContext ctx) {
    Checkpoint typed = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> Sse.using(p.member().stream(null), stream ->
        p.owner().post("/channels/" + p.general() + "/typing", null)
            .compose(reply -> check(ctx, () -> assertEquals(204, reply.status())))
            .compose(v -> stream.next("TYPING_START"))
            .compose(typing -> check(ctx, () -> {
              assertEquals(p.owner().userId(), typing.data().getString("user_id"));
              assertEquals(null, typing.id());
              typed.flag();
            }))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("The snapshot holds the user, their guilds with channels and members, and a cursor")
  void snapshot(VertxTestContext ctx) {
    Checkpoint complete = ctx.checkpoint();
    user("alice").compose(alice -> guild(alice, false).compose(guild -> send(alice, general(guild), "hi")
        .compose(v -> alice.get("/snapshot"))
        .compose(reply -> check(ctx, () -> {
          JsonObject snapshot = reply.json();
          assertEquals(alice.userId(), snapshot.getJsonObject("user").getString("id"));
          JsonObject g = snapshot.getJsonArray("guilds").getJsonObject(0);
          assertEquals(guild.getString("id"), g.getString("id"));
          assertEquals(1, g.getJsonArray("members").size());
          assertNotNull(g.getJsonArray("channels").getJsonObject(0).getString("last_message_id"));
          assertTrue(Long.parseLong(snapshot.getString("cursor")) > 0);
          complete.flag();
        }))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Renaming yourself reaches people who share a guild, as a member update of that guild")
  void rename(VertxTestContext ctx) {
    Checkpoint seen = ctx.checkpoint();
    Checkpoint taken = ctx.checkpoint();
    pair("alice", "bob", false).compose(p -> {
      String newName = unique("ally");
      return Sse.using(p.member().stream(null), stream ->
              p.owner().patch("/users/@me", new JsonObject().put("username", newName).put("global_name", "Ally"))
                  .compose(reply -> check(ctx, () -> assertEquals(200, reply.status())))
                  .compose(v -> stream.next("GUILD_MEMBER_UPDATE"))
                  .compose(event -> check(ctx, () -> {
                    JsonObject update = event.data().getJsonObject("user");
                    assertEquals(newName, update.getString("username"));
                    assertEquals("Ally", update.getString("global_name"));
                    seen.flag();
                  })))
          .compose(v -> p.owner().get("/users/@me"))
          .compose(me -> p.member().patch("/users/@me", new JsonObject().put("username", me.json().getString("username"))))
          .compose(reply -> check(ctx, () -> {
            assertEquals(409, reply.status());
            taken.flag();
          }));
    }).onFailure(ctx::failNow);
  }
}
