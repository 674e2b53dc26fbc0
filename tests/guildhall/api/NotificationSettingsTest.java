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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member's notification settings: stored through the API, carried by the snapshot, sent to their own
 * other sessions alone, validated field by field, and gone with the membership.
 */
class NotificationSettingsTest extends AsyncApiTestBase {

  private static String settingsOf(String guildId) {
    return "/users/@me/guilds/" + guildId + "/settings";
  }

  private static JsonObject inSnapshot(JsonObject snapshot, String guildId) {
    return snapshot.getJsonArray("user_guild_settings").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("guild_id").equals(guildId)).findFirst().orElse(null);
  }

  private static Future<Api.Reply> expect(Future<Api.Reply> call, int status) {
    return call.compose(reply -> reply.status() == status ? Future.succeededFuture(reply)
        : Future.failedFuture(new AssertionError("expected " + status + ", got " + reply)));
  }

  @Test
  @DisplayName("Settings made in one session are in the snapshot and reach the member's other stream, and no one else's")
  void settingsReachTheSnapshotAndTheOtherSession(VertxTestContext ctx) {
    Checkpoint stored = ctx.checkpoint();
    Checkpoint followed = ctx.checkpoint();
    Checkpoint cleared = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> Sse.using(p.member().stream(null), otherTab ->
        Sse.using(p.owner().stream(null), owner -> {
          JsonObject change = new JsonObject().put("message_notifications", 0).put("channel_overrides", new JsonArray()
              .add(new JsonObject().put("channel_id", p.general()).put("muted", true)
                  .put("mute_config", new JsonObject().put("end_time", "2031-01-02T03:04:05Z"))));
          return expect(p.member().patch(settingsOf(p.guildId()), change), 200)
              .compose(reply -> p.member().get("/snapshot").compose(snapshot -> check(ctx, () -> {
                JsonObject settings = reply.json();
                assertEquals(0, settings.getInteger("message_notifications"));
                assertFalse(settings.getBoolean("muted"));
                assertNull(settings.getValue("mute_config"), "a guild not muted has no mute_config");
                JsonObject override = settings.getJsonArray("channel_overrides").getJsonObject(0);
                assertEquals(p.general(), override.getString("channel_id"));
                assertNull(override.getValue("message_notifications"), "unset: follows the guild");
                assertTrue(override.getBoolean("muted"));
                assertEquals("2031-01-02T03:04:05Z", override.getJsonObject("mute_config").getString("end_time"));
                assertEquals(settings, inSnapshot(snapshot.json(), p.guildId()), "the snapshot carries the same settings");
                stored.flag();
              })).map(v -> reply.json()))
              .compose(settings -> otherTab.next("USER_GUILD_SETTINGS_UPDATE").compose(event -> send(p.owner(), p.general(), "marker")
                  .compose(marker -> owner.next(e -> e.type().equals("MESSAGE_CREATE") && "marker".equals(e.data().getString("content")), "the marker"))
                  .compose(v -> owner.drain(200))
                  .compose(v -> p.owner().get("/snapshot"))
                  .compose(ownerSnapshot -> check(ctx, () -> {
                    assertEquals(settings, event.data(), "the other session gets the settings as they now are");
                    assertTrue(owner.seen().stream().noneMatch(e -> e.type().equals("USER_GUILD_SETTINGS_UPDATE")),
                        "nobody else hears of them");
                    assertNull(inSnapshot(ownerSnapshot.json(), p.guildId()), "nor sees them in their snapshot");
                    followed.flag();
                  }))))
              // Back to "follow the guild, not muted": the override is gone; the guild muted indefinitely.
              .compose(v -> expect(p.member().patch(settingsOf(p.guildId()), new JsonObject().put("muted", true)
                  .put("mute_config", new JsonObject().putNull("end_time"))
                  .put("channel_overrides", new JsonArray().add(new JsonObject().put("channel_id", p.general()).put("muted", false)))), 200))
              .compose(reply -> p.member().get(settingsOf(p.guildId())).compose(read -> check(ctx, () -> {
                JsonObject settings = read.json();
                assertEquals(reply.json(), settings);
                assertEquals(0, settings.getInteger("message_notifications"), "what the request left out stays");
                assertTrue(settings.getBoolean("muted"));
                assertNull(settings.getJsonObject("mute_config").getValue("end_time"), "muted until turned back on");
                assertEquals(0, settings.getJsonArray("channel_overrides").size(), "an override back to the defaults is removed");
                cleared.flag();
              })));
        }))).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Bad values name their field; a guild one is not a member of, or a channel not of the guild or hidden, is 404")
  void validation(VertxTestContext ctx) {
    Checkpoint fields = ctx.checkpoint();
    Checkpoint notFound = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> user("stranger").compose(stranger -> guild(stranger, false).compose(foreign ->
        p.owner().post("/guilds/" + p.guildId() + "/channels", new JsonObject().put("name", "staff")).map(r -> r.json().getString("id"))
            .compose(hidden -> p.owner().put("/channels/" + hidden + "/permissions/" + p.guildId(),
                new JsonObject().put("type", 0).put("deny", Long.toString(Permissions.VIEW_CHANNEL))).map(r -> hidden))
            .compose(hidden -> {
              String mine = settingsOf(p.guildId());
              return inTurn(
                  () -> p.member().patch(mine, new JsonObject().put("message_notifications", 3)),
                  () -> p.member().patch(mine, new JsonObject().put("muted", true).put("mute_config", new JsonObject().put("end_time", "tomorrow"))),
                  () -> p.member().patch(mine, new JsonObject().put("channel_overrides", new JsonArray()
                      .add(new JsonObject().put("channel_id", p.general()).put("message_notifications", 7)))),
                  () -> p.member().patch(mine, new JsonObject().put("channel_overrides", new JsonArray()
                      .add(new JsonObject().put("channel_id", p.general())).add(new JsonObject().put("channel_id", p.general())))),
                  () -> p.member().patch(mine, new JsonObject().put("sound", true)),
                  () -> p.member().patch(settingsOf(foreign.getString("id")), new JsonObject().put("muted", true)),
                  () -> p.member().get(settingsOf(foreign.getString("id"))),
                  () -> p.member().patch(settingsOf("123456789"), new JsonObject().put("muted", true)),
                  () -> p.member().patch(mine, new JsonObject().put("channel_overrides", new JsonArray()
                      .add(new JsonObject().put("channel_id", general(foreign)).put("muted", true)))),
                  () -> p.member().patch(mine, new JsonObject().put("channel_overrides", new JsonArray()
                      .add(new JsonObject().put("channel_id", p.general()).put("muted", true))
                      .add(new JsonObject().put("channel_id", hidden).put("muted", true)))),
                  () -> p.member().get(mine)).compose(replies -> check(ctx, () -> {
                    assertEquals(400, replies.get(0).status(), replies.get(0).toString());
                    assertTrue(replies.get(0).field().contains("message_notifications"), replies.get(0).toString());
                    assertEquals(400, replies.get(1).status(), replies.get(1).toString());
                    assertTrue(replies.get(1).field().startsWith("mute_config"), replies.get(1).toString());
                    assertEquals(400, replies.get(2).status(), replies.get(2).toString());
                    assertTrue(replies.get(2).field().contains("channel_overrides"), replies.get(2).toString());
                    assertEquals(400, replies.get(3).status(), replies.get(3).toString());
                    assertEquals("channel_overrides[1].channel_id", replies.get(3).field());
                    assertEquals(400, replies.get(4).status(), "the schema is closed: " + replies.get(4));
                    fields.flag();
                    assertEquals(404, replies.get(5).status(), "a guild one is not a member of: " + replies.get(5));
                    assertEquals(404, replies.get(6).status(), replies.get(6).toString());
                    assertEquals(404, replies.get(7).status(), "an unknown guild: " + replies.get(7));
                    assertEquals(404, replies.get(8).status(), "another guild's channel: " + replies.get(8));
                    assertEquals("channel_overrides[0].channel_id", replies.get(8).field());
                    assertEquals(404, replies.get(9).status(), "a hidden channel, as a missing one: " + replies.get(9));
                    assertEquals("channel_overrides[1].channel_id", replies.get(9).field());
                    assertEquals(0, replies.get(10).json().getJsonArray("channel_overrides").size(),
                        "all or nothing: the visible channel of the refused request was not muted");
                    assertFalse(replies.get(10).json().getBoolean("muted"));
                    notFound.flag();
                  }));
            }))))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Leaving the guild takes the settings with it; a deleted channel's override goes at the next change")
  void settingsGoWithTheMembership(VertxTestContext ctx) {
    Checkpoint channelGone = ctx.checkpoint();
    Checkpoint membershipGone = ctx.checkpoint();
    pair("owner", "member", false).compose(p -> p.owner().post("/guilds/" + p.guildId() + "/channels", new JsonObject().put("name", "brief"))
        .map(r -> r.json().getString("id"))
        .compose(brief -> expect(p.member().patch(settingsOf(p.guildId()), new JsonObject().put("message_notifications", 2)
                .put("channel_overrides", new JsonArray()
                    .add(new JsonObject().put("channel_id", brief).put("message_notifications", 0))
                    .add(new JsonObject().put("channel_id", p.general()).put("muted", true)))), 200)
            .compose(v -> expect(p.owner().delete("/channels/" + brief), 204))
            // Pruned with an event, at the member's next change, rather than vanishing unannounced.
            .compose(v -> expect(p.member().patch(settingsOf(p.guildId()), new JsonObject().put("message_notifications", 0)), 200))
            .compose(read -> check(ctx, () -> {
              JsonArray overrides = read.json().getJsonArray("channel_overrides");
              assertEquals(1, overrides.size(), read.toString());
              assertEquals(p.general(), overrides.getJsonObject(0).getString("channel_id"));
              channelGone.flag();
            })))
        .compose(v -> expect(p.member().delete("/users/@me/guilds/" + p.guildId()), 204))
        .compose(v -> join(p.member(), p.guild(), p.owner()))
        .compose(v -> p.member().get("/snapshot").compose(snapshot -> p.member().get(settingsOf(p.guildId()))
            .compose(read -> check(ctx, () -> {
              assertNull(inSnapshot(snapshot.json(), p.guildId()), "a new membership starts from the defaults");
              assertEquals(1, read.json().getInteger("message_notifications"), "the default: only mentions");
              assertEquals(0, read.json().getJsonArray("channel_overrides").size());
              membershipGone.flag();
            })))))
        .onFailure(ctx::failNow);
  }
}
