package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read states and mentions as a client meets them: what a message's text mentions (users who exist, the
 * guild's roles, @everyone only from who may), how many mentions of a user wait unread in each channel, the
 * ack that reads them (forward only, to the user's own streams), and the snapshot that carries it all.
 */
class ReadStatesTest extends AsyncApiTestBase {
  static final long MENTION_EVERYONE = 1L << 17, VIEW_CHANNEL = 1L << 10;
  /** Discord's defaults for @everyone (Permissions.DEFAULT_EVERYONE): no MENTION_EVERYONE. */
  static final long DEFAULT_EVERYONE = 1L | 64 | 1024 | 2048 | 65536 | (1L << 35) | (1L << 38);

  private static Future<JsonObject> expect(Future<Api.Reply> reply, int status) {
    return reply.compose(r -> r.status() == status ? Future.succeededFuture(r.status() == 204 ? new JsonObject() : r.json())
        : Future.failedFuture(new AssertionError("expected " + status + ", got " + r)));
  }

  private static Future<JsonArray> expectArray(Future<Api.Reply> reply) {
    return reply.compose(r -> r.status() == 200 ? Future.succeededFuture(r.array()) : Future.failedFuture(new AssertionError("expected 200, got " + r)));
  }

  private static Future<JsonObject> ack(Api.Session who, String channel, String message) {
    return expect(who.post("/channels/" + channel + "/messages/" + message + "/ack", new JsonObject()), 200);
  }

  /** The user's read state of a channel in a fresh snapshot, or null when it has none. */
  private static Future<JsonObject> readState(Api.Session who, String channel) {
    return expect(who.get("/snapshot"), 200).map(snapshot -> {
      for (Object r : snapshot.getJsonArray("read_states")) {
        if (channel.equals(((JsonObject) r).getString("channel_id"))) {
          return (JsonObject) r;
        }
      }
      return null;
    });
  }

  private static int mentionCount(JsonObject readState) {
    return readState == null ? 0 : readState.getInteger("mention_count");
  }

  private static Future<String> role(Api.Session owner, String guildId, String name) {
    return expect(owner.post("/guilds/" + guildId + "/roles", new JsonObject().put("name", name)), 201).map(r -> r.getString("id"));
  }

  private static Future<Void> giveRole(Api.Session owner, String guildId, Api.Session member, String roleId) {
    return expect(owner.patch("/guilds/" + guildId + "/members/" + member.userId(), new JsonObject().put("roles", new JsonArray().add(roleId))), 200).mapEmpty();
  }

  private static Future<Void> everyone(Api.Session owner, String guildId, long bits) {
    return expect(owner.patch("/guilds/" + guildId + "/roles/" + guildId, new JsonObject().put("permissions", Long.toString(bits))), 200).mapEmpty();
  }

  private static List<String> ids(JsonArray users) {
    return users.stream().map(u -> ((JsonObject) u).getString("id")).toList();
  }

  @Test
  @DisplayName("An ack shows in the snapshot, and an ack of an older message changes nothing and sends nothing")
  void ackForwardOnly(VertxTestContext ctx) {
    pair("rhea", "rob", false).compose(p -> send(p.owner(), p.general(), "one").compose(first -> send(p.owner(), p.general(), "two").compose(second ->
        readState(p.member(), p.general()).compose(before -> check(ctx, () -> assertNull(before, "nothing read yet: no read state")))
            .compose(v -> Sse.using(p.member().stream(null), sse -> ack(p.member(), p.general(), second.getString("id"))
                .compose(state -> check(ctx, () -> {
                  assertEquals(p.general(), state.getString("channel_id"));
                  assertEquals(second.getString("id"), state.getString("last_message_id"));
                  assertEquals(0, state.getInteger("mention_count"));
                }))
                .compose(w -> sse.next("MESSAGE_ACK"))
                .compose(w -> ack(p.member(), p.general(), first.getString("id")))
                .compose(back -> check(ctx, () -> assertEquals(second.getString("id"), back.getString("last_message_id"),
                    "an ack never moves the read state backwards")))
                .compose(w -> ack(p.member(), p.general(), second.getString("id"))) // the same again: no change either
                .compose(w -> sse.drain(300))
                .compose(later -> check(ctx, () -> assertTrue(later.stream().noneMatch(e -> e.type().equals("MESSAGE_ACK")),
                    "an ack that changes nothing sends nothing: " + later)))))
            .compose(v -> readState(p.member(), p.general()))
            .compose(state -> check(ctx, () -> {
              assertEquals(second.getString("id"), state.getString("last_message_id"), "the snapshot carries the ack");
              assertEquals(0, state.getInteger("mention_count"));
            })))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("MESSAGE_ACK reaches every stream of the user who read, and nobody else's")
  void ackToOwnStreams(VertxTestContext ctx) {
    pair("sia", "sol", false).compose(p -> send(p.owner(), p.general(), "hello").compose(message ->
        Sse.using(p.member().stream(null), tab1 -> Sse.using(p.member().stream(null), tab2 -> Sse.using(p.owner().stream(null), other ->
            ack(p.member(), p.general(), message.getString("id"))
                .compose(v -> tab1.next("MESSAGE_ACK")).compose(e1 -> tab2.next("MESSAGE_ACK").compose(e2 -> check(ctx, () -> {
                  JsonObject expected = new JsonObject().put("channel_id", p.general()).put("message_id", message.getString("id")).put("mention_count", 0);
                  assertEquals(expected, e1.data());
                  assertEquals(expected, e2.data(), "the user's other tab hears of it too");
                  assertTrue(e1.id() != null && e1.id().equals(e2.id()), "one stored event");
                })))
                // A message after the ack: once the owner's stream has it, the ack would have come before.
                .compose(v -> send(p.member(), p.general(), "marker"))
                .compose(v -> other.next("MESSAGE_CREATE"))
                .compose(v -> check(ctx, () -> assertTrue(other.seen().stream().noneMatch(e -> e.type().equals("MESSAGE_ACK")),
                    "another user never hears of someone's read state"))))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Mentions are parsed: users who exist, the guild's roles, @everyone and @here only from who may; unknown ids are ignored; an edit parses again")
  void mentionsParsed(VertxTestContext ctx) {
    pair("tia", "tom", false).compose(p -> role(p.owner(), p.guildId(), "weavers").compose(roleId -> {
      String text = "<@" + p.member().userId() + "> again <@!" + p.member().userId() + "> and <@&" + roleId + "> "
          + "but not <@123456789> nor <@&987654321> nor <@99999999999999999999>";
      return send(p.owner(), p.general(), text).compose(m -> check(ctx, () -> {
        assertEquals(List.of(p.member().userId()), ids(m.getJsonArray("mentions")), "each user once; unknown ids are no one");
        assertEquals(p.member().username(), m.getJsonArray("mentions").getJsonObject(0).getString("username"), "as a user object");
        assertEquals(new JsonArray().add(roleId), m.getJsonArray("mention_roles"), "only the guild's roles");
        assertFalse(m.getBoolean("mention_everyone"));
      }).map(m))
          .compose(m -> expectArray(p.member().get("/channels/" + p.general() + "/messages")).map(page -> {
            JsonObject paged = page.getJsonObject(0);
            ctx.verify(() -> {
              assertEquals(m.getJsonArray("mentions"), paged.getJsonArray("mentions"), "a page gives the same mentions as the send");
              assertEquals(m.getJsonArray("mention_roles"), paged.getJsonArray("mention_roles"));
            });
            return m;
          }))
          .compose(m -> expect(p.owner().patch("/channels/" + p.general() + "/messages/" + m.getString("id"),
              new JsonObject().put("content", "never mind @everyone")), 200))
          .compose(edited -> check(ctx, () -> {
            assertEquals(new JsonArray(), edited.getJsonArray("mentions"), "an edit parses its text again");
            assertEquals(new JsonArray(), edited.getJsonArray("mention_roles"));
            assertTrue(edited.getBoolean("mention_everyone"), "the owner may mention everyone");
          }))
          .compose(v -> send(p.member(), p.general(), "hey @everyone"))
          .compose(m -> check(ctx, () -> assertFalse(m.getBoolean("mention_everyone"), "without MENTION_EVERYONE, @everyone is text")))
          .compose(v -> send(p.member(), p.general(), "@here look"))
          .compose(m -> check(ctx, () -> assertFalse(m.getBoolean("mention_everyone"), "and so is @here")))
          .compose(v -> everyone(p.owner(), p.guildId(), DEFAULT_EVERYONE | MENTION_EVERYONE))
          .compose(v -> send(p.member(), p.general(), "@here look"))
          .compose(m -> check(ctx, () -> assertTrue(m.getBoolean("mention_everyone"), "with MENTION_EVERYONE, @here mentions everyone")));
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Mentions of a user (direct, by a role, by @everyone) count per channel, not their own, and an ack reads them")
  void mentionCounts(VertxTestContext ctx) {
    pair("uma", "ugo", false).compose(p -> role(p.owner(), p.guildId(), "crew").compose(roleId -> giveRole(p.owner(), p.guildId(), p.member(), roleId)
        .compose(v -> Sse.using(p.member().stream(null), sse -> send(p.owner(), p.general(), "hi <@" + p.member().userId() + ">")
            .compose(v1 -> send(p.owner(), p.general(), "plain"))
            .compose(v1 -> send(p.owner(), p.general(), "crew: <@&" + roleId + ">"))
            .compose(byRole -> send(p.owner(), p.general(), "@everyone and <@" + p.member().userId() + "> once")
                .compose(v1 -> send(p.member(), p.general(), "me: <@" + p.member().userId() + "> @everyone"))
                .compose(v1 -> readState(p.member(), p.general()))
                .compose(state -> check(ctx, () -> {
                  assertEquals(3, mentionCount(state), "direct, by role, and @everyone with a direct one (once): " + state);
                  assertNull(state.getString("last_message_id"), "not read yet");
                }))
                .compose(v1 -> readState(p.owner(), p.general()))
                .compose(state -> check(ctx, () -> assertEquals(0, mentionCount(state), "the member's @everyone is text; one's own message never counts")))
                .compose(v1 -> ack(p.member(), p.general(), byRole.getString("id")))
                .compose(state -> check(ctx, () -> assertEquals(1, state.getInteger("mention_count"), "what comes after the read message still counts")))
                .compose(v1 -> sse.next("MESSAGE_ACK"))
                .compose(event -> check(ctx, () -> assertEquals(1, event.data().getInteger("mention_count"))))
                .compose(v1 -> expectArray(p.member().get("/channels/" + p.general() + "/messages?limit=1")))
                .compose(newest -> ack(p.member(), p.general(), newest.getJsonObject(0).getString("id")))
                .compose(state -> check(ctx, () -> assertEquals(0, state.getInteger("mention_count"))))
                .compose(v1 -> readState(p.member(), p.general()))
                .compose(state -> check(ctx, () -> assertEquals(0, mentionCount(state), "reset by the ack, in the snapshot too"))))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("In a DM every message of the other counts as a mention, as in Discord")
  void directMessagesCount(VertxTestContext ctx) {
    pair("vic", "val", false).compose(p -> expect(p.owner().post("/users/@me/channels", new JsonObject().put("recipient_id", p.member().userId())), 200)
        .map(dm -> dm.getString("id")).compose(dm -> send(p.owner(), dm, "one").compose(v -> send(p.owner(), dm, "two"))
            .compose(v -> send(p.member(), dm, "mine"))
            .compose(v -> readState(p.member(), dm)).compose(state -> check(ctx, () -> assertEquals(2, mentionCount(state), "every message of the other")))
            .compose(v -> readState(p.owner(), dm)).compose(state -> check(ctx, () -> assertEquals(1, mentionCount(state))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("An ack in a hidden channel is 404 as in a missing one; a message not in the channel is 404 naming the message")
  void ackErrors(VertxTestContext ctx) {
    pair("wyn", "wes", false).compose(p -> expect(p.owner().post("/guilds/" + p.guildId() + "/channels", new JsonObject().put("name", "secret")), 201)
        .map(c -> c.getString("id"))
        .compose(secret -> expect(p.owner().put("/channels/" + secret + "/permissions/" + p.guildId(),
            new JsonObject().put("type", 0).put("deny", Long.toString(VIEW_CHANNEL))), 204)
            .compose(v -> send(p.owner(), secret, "hidden"))
            .compose(hidden -> send(p.owner(), p.general(), "visible").compose(visible -> inTurn(
                () -> p.member().post("/channels/" + secret + "/messages/" + hidden.getString("id") + "/ack", new JsonObject()),
                () -> p.member().post("/channels/1/messages/" + hidden.getString("id") + "/ack", new JsonObject()),
                () -> p.member().post("/channels/" + p.general() + "/messages/" + hidden.getString("id") + "/ack", new JsonObject()),
                () -> p.member().post("/channels/" + p.general() + "/messages/" + visible.getString("id") + "/ack", null),
                () -> p.member().post("/channels/" + p.general() + "/messages/abc/ack", new JsonObject()))
                .compose(r -> check(ctx, () -> {
                  assertEquals(404, r.get(0).status(), "hidden: " + r.get(0));
                  assertEquals(404, r.get(1).status(), "missing: " + r.get(1));
                  assertEquals(r.get(1).json(), r.get(0).json(), "a hidden channel answers exactly as a missing one");
                  assertEquals(404, r.get(2).status(), "a message of another channel: " + r.get(2));
                  assertTrue(r.get(2).json().getJsonObject("error").getString("message").contains("message"), r.get(2).toString());
                  assertEquals(200, r.get(3).status(), "no body at all is fine: " + r.get(3));
                  assertEquals(400, r.get(4).status());
                  assertEquals("message_id", r.get(4).field());
                }))))))
        .onComplete(ctx.succeedingThenComplete());
  }
}
