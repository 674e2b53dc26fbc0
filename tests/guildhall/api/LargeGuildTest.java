package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guild above guilds.large_threshold (5 here): its snapshot holds a page of members, not all of them,
 * and its member list pages by user id.
 */
class LargeGuildTest extends AsyncApiTestBase {
  private static final int MEMBERS = 104; // more than the first page of 100

  @Override
  protected JsonObject configOverrides() {
    return new JsonObject().put("guilds", new JsonObject().put("large_threshold", 5));
  }

  private static List<String> ids(JsonArray members) {
    List<String> ids = new ArrayList<>();
    for (Object m : members) {
      ids.add(((JsonObject) m).getJsonObject("user").getString("id"));
    }
    return ids;
  }

  private static JsonObject guildIn(JsonObject snapshot, String guildId) {
    return snapshot.getJsonArray("guilds").stream().map(JsonObject.class::cast)
        .filter(g -> g.getString("id").equals(guildId)).findFirst().orElseThrow();
  }

  private static final Comparator<String> BY_ID = Comparator.comparing(Long::parseLong);

  /** The owner's public guild with {@code MEMBERS} members in all; the sessions in the order they joined. */
  private Future<List<Api.Session>> crowd(JsonObject guild, Api.Session owner) {
    String path = "/guilds/" + guild.getString("id") + "/members/@me";
    return inTurn(MEMBERS - 1, i -> user("m" + i).compose(u -> u.put(path, null).map(r -> u))).map(joined -> {
      List<Api.Session> all = new ArrayList<>();
      all.add(owner);
      all.addAll(joined);
      return all;
    });
  }

  @Test
  @DisplayName("a large guild's snapshot holds the first page of members and one's own record; a small one holds everyone")
  void snapshotOfALargeGuild(VertxTestContext ctx) {
    user("owner").compose(owner -> guild(owner, true).compose(big -> guild(owner, false).compose(small ->
        crowd(big, owner).compose(all -> {
          Api.Session last = all.get(all.size() - 1);
          List<String> sorted = all.stream().map(Api.Session::userId).sorted(BY_ID).toList();
          return last.get("/snapshot").compose(lastView -> owner.get("/snapshot").compose(ownerView -> check(ctx, () -> {
            JsonObject seen = guildIn(lastView.json(), big.getString("id"));
            assertTrue(seen.getBoolean("large"), "above the threshold: large");
            assertEquals(MEMBERS, seen.getInteger("member_count"), "the count is the guild's, not the page's");
            List<String> included = ids(seen.getJsonArray("members"));
            List<String> expected = new ArrayList<>(sorted.subList(0, 100));
            if (!expected.contains(last.userId())) {
              expected.add(last.userId());
            }
            assertEquals(expected, included, "the first page by user id, then one's own record");
            JsonObject mine = guildIn(ownerView.json(), small.getString("id"));
            assertFalse(mine.getBoolean("large"), "one member: small");
            assertEquals(List.of(owner.userId()), ids(mine.getJsonArray("members")));
          })))
          // A newcomer's join answers (and its GUILD_CREATE carries) the count and their own record alone:
          // nothing of the list is on screen yet, and the client pages it in as it shows it.
          .compose(v -> user("newcomer")).compose(newcomer -> Sse.using(newcomer.stream(null), theirs ->
              newcomer.put("/guilds/" + big.getString("id") + "/members/@me", null).compose(joined -> check(ctx, () -> {
                assertEquals(200, joined.status(), joined.toString());
                assertTrue(joined.json().getBoolean("large"));
                assertEquals(MEMBERS + 1, joined.json().getInteger("member_count"));
                assertEquals(List.of(newcomer.userId()), ids(joined.json().getJsonArray("members")), "the newcomer alone");
              }).compose(v -> theirs.next("GUILD_CREATE")).compose(created -> check(ctx, () -> {
                assertEquals(MEMBERS + 1, created.data().getInteger("member_count"));
                assertEquals(List.of(newcomer.userId()), ids(created.data().getJsonArray("members")), "the event as the answer");
              })))));
        }))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the snapshot lists a guild's members without the guild's id, and without a nick or timeout that is not set; everywhere else a member says all")
  void snapshotListsMembersCompactly(VertxTestContext ctx) {
    user("owner").compose(owner -> guild(owner, true).compose(small -> user("plain").compose(plain -> user("named").compose(named -> {
      String g = small.getString("id");
      String until = java.time.Instant.now().plusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
      return plain.put("/guilds/" + g + "/members/@me", null)
          .compose(v -> named.put("/guilds/" + g + "/members/@me", null))
          .compose(v -> owner.patch("/guilds/" + g + "/members/" + named.userId(),
              new JsonObject().put("nick", "Skipper").put("communication_disabled_until", until)))
          .compose(v -> owner.get("/snapshot")).compose(snapshot -> owner.get("/guilds/" + g + "/members?limit=10")
              .compose(one -> check(ctx, () -> {
                JsonArray listed = guildIn(snapshot.json(), g).getJsonArray("members");
                assertEquals(3, listed.size(), listed.encode());
                for (Object m : listed) {
                  JsonObject member = (JsonObject) m;
                  assertFalse(member.containsKey("guild_id"), "the guild around it says which: " + member.encode());
                  boolean isNamed = member.getJsonObject("user").getString("id").equals(named.userId());
                  assertEquals(isNamed, member.containsKey("nick"), member.encode());
                  assertEquals(isNamed, member.containsKey("communication_disabled_until"), member.encode());
                  if (isNamed) {
                    assertEquals("Skipper", member.getString("nick"));
                    assertEquals(java.time.Instant.parse(until), java.time.Instant.parse(member.getString("communication_disabled_until")));
                  }
                  assertTrue(member.containsKey("roles") && member.containsKey("joined_at"), member.encode());
                }
                // Outside the snapshot, the record is whole.
                JsonObject whole = one.array().stream().map(JsonObject.class::cast)
                    .filter(m -> m.getJsonObject("user").getString("id").equals(plain.userId())).findFirst().orElseThrow();
                assertEquals(g, whole.getString("guild_id"));
                assertTrue(whole.containsKey("nick") && whole.getValue("nick") == null, whole.encode());
                assertTrue(whole.containsKey("communication_disabled_until"), whole.encode());
              })));
    })))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("messages carry their author's member record (nick, roles) on a page, on the send's reply and on the live MESSAGE_CREATE, so a client without the whole list can draw them")
  void messagesCarryTheirAuthorsAsMembers(VertxTestContext ctx) {
    user("owner").compose(owner -> guild(owner, true).compose(big -> crowd(big, owner).compose(all -> {
      Api.Session author = all.get(all.size() - 1); // joined last: beyond the first page
      String g = big.getString("id");
      return Sse.using(owner.stream(null), watching -> owner.post("/guilds/" + g + "/roles",
              new JsonObject().put("name", "crew").put("color", 0xff0000)).map(Api.Reply::json)
          .compose(role -> owner.patch("/guilds/" + g + "/members/" + author.userId(),
                  new JsonObject().put("nick", "Skipper").put("roles", new JsonArray().add(role.getString("id"))))
              // Heard live, so the server has taken in the new nick before the author speaks.
              .compose(v -> watching.next(e -> e.type().equals("GUILD_MEMBER_UPDATE")
                  && "Skipper".equals(e.data().getString("nick")), "the author's new nick"))
              .compose(v -> send(author, general(big), "ahoy"))
              .compose(reply -> watching.next(e -> e.type().equals("MESSAGE_CREATE") && e.data().getString("content").equals("ahoy"), "the live message")
                  .compose(live -> author.get("/channels/" + general(big) + "/messages")
                  .compose(page -> check(ctx, () -> {
                    List<Object> roles = List.of(role.getString("id"));
                    JsonObject paged = page.array().getJsonObject(0);
                    assertEquals("ahoy", paged.getString("content"));
                    for (JsonObject message : List.of(paged, reply, live.data())) {
                      JsonObject member = message.getJsonObject("member");
                      assertEquals("Skipper", member.getString("nick"), message.encode());
                      assertEquals(roles, member.getJsonArray("roles").getList(), message.encode());
                      assertEquals(paged.getJsonObject("member").getString("joined_at"), member.getString("joined_at"), message.encode());
                    }
                  }))))));
    }))).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the member list pages by user id after `after`, `limit` at a time, with who is online; bad values are 400s naming the field")
  void memberListPages(VertxTestContext ctx) {
    user("owner").compose(owner -> guild(owner, true).compose(big -> crowd(big, owner).compose(all -> {
      String path = "/guilds/" + big.getString("id") + "/members";
      List<String> sorted = all.stream().map(Api.Session::userId).sorted(BY_ID).toList();
      Api.Session streaming = all.get(7);
      // The owner shows the list, so hears when `streaming` comes online: then a page must say so.
      return owner.put("/users/@me/member-list", new JsonObject().put("guild_id", big.getString("id")))
          .compose(v -> Sse.using(owner.stream(null), watching -> Sse.using(streaming.stream(null), online ->
              watching.next(e -> e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(streaming.userId()), "streaming online")
                  .compose(e -> owner.get(path)).compose(first -> owner.get(path + "?after=" + sorted.get(99) + "&limit=3")
                  .compose(second -> owner.get(path + "?after=" + sorted.get(102))
                  .compose(rest -> owner.get(path + "?limit=1000")
                  .compose(whole -> check(ctx, () -> {
                    assertEquals(200, first.status(), first.toString());
                    assertEquals(sorted.subList(0, 100), ids(first.array()), "100 by default, from the start");
                    assertEquals(sorted.subList(100, 103), ids(second.array()), "after the 100th, three");
                    assertEquals(sorted.subList(103, 104), ids(rest.array()), "the last page is short");
                    assertEquals(sorted, ids(whole.array()));
                    for (Object m : whole.array()) {
                      JsonObject member = (JsonObject) m;
                      boolean isStreaming = member.getJsonObject("user").getString("id").equals(streaming.userId());
                      boolean isOwner = member.getJsonObject("user").getString("id").equals(owner.userId());
                      if (isStreaming) {
                        assertEquals("online", member.getJsonObject("presence").getString("status"), "a page says who is online");
                      } else if (!isOwner) {
                        assertFalse(member.containsKey("presence"), "the offline carry no presence");
                      }
                    }
                  }))))))))
          .compose(v -> inTurn(() -> owner.get(path + "?limit=0"), () -> owner.get(path + "?limit=1001"),
              () -> owner.get(path + "?limit=many"), () -> owner.get(path + "?after=nobody"),
              () -> owner.get(path + "?after=99999999999999999999")))
          .compose(bad -> user("outsider").compose(outsider -> outsider.get(path)).compose(hidden -> check(ctx, () -> {
            for (int i = 0; i < 3; i++) {
              assertEquals(400, bad.get(i).status(), bad.get(i).toString());
              assertEquals("limit", bad.get(i).field(), bad.get(i).toString());
            }
            for (int i = 3; i < 5; i++) {
              assertEquals(400, bad.get(i).status(), bad.get(i).toString());
              assertEquals("after", bad.get(i).field(), bad.get(i).toString());
            }
            assertEquals(404, hidden.status(), "a guild one is not in is not there");
          })));
    }))).onComplete(ctx.succeedingThenComplete());
  }

  private static boolean presenceOf(Sse.Event e, Api.Session user, String status) {
    return e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(user.userId())
        && e.data().getString("status").equals(status);
  }

  @Test
  @DisplayName("a user whose last stream closes is forgotten as a watcher: back online, they hear a large guild's presence again only once their client says its list again")
  void offlineForgetsTheListUntilItIsSaidAgain(VertxTestContext ctx) {
    user("owner").compose(owner -> guild(owner, true).compose(big -> crowd(big, owner).compose(all -> {
      String g = big.getString("id");
      JsonObject list = new JsonObject().put("guild_id", g);
      Api.Session watcher = all.get(1);
      Api.Session subject = all.get(2);
      return owner.put("/users/@me/member-list", list).compose(v -> watcher.put("/users/@me/member-list", list))
          .compose(v -> Sse.using(owner.stream(null), observing -> Sse.using(subject.stream(null), own ->
              observing.next(e -> presenceOf(e, subject, "online"), "the owner: subject online")
                  // The watcher's only stream opens and closes: the owner, who shows the list, sees them go offline.
                  .compose(e -> Sse.using(watcher.stream(null), first ->
                      observing.next(e2 -> presenceOf(e2, watcher, "online"), "the owner: watcher online")))
                  .compose(e -> observing.next(e2 -> presenceOf(e2, watcher, "offline"), "the owner: watcher offline"))
                  // Back with a new stream, the list not said again: the subject's change does not reach them.
                  .compose(e -> Sse.using(watcher.stream(null), again ->
                      observing.next(e2 -> presenceOf(e2, watcher, "online"), "the owner: watcher back")
                          .compose(e2 -> subject.put("/users/@me/presence", new JsonObject().put("status", "dnd")))
                          .compose(v2 -> observing.next(e2 -> presenceOf(e2, subject, "dnd"), "the owner: subject dnd"))
                          .compose(e2 -> again.drain(300))
                          .compose(events -> check(ctx, () -> assertFalse(events.stream().anyMatch(e2 -> presenceOf(e2, subject, "dnd")),
                              "a watcher gone offline was forgotten: " + events)))
                          // The client says its list again (as it does once its stream is open): presence follows.
                          .compose(v2 -> watcher.put("/users/@me/member-list", list))
                          .compose(shown -> check(ctx, () -> assertEquals(204, shown.status(), shown.toString())))
                          .compose(v2 -> subject.put("/users/@me/presence", new JsonObject().put("status", "idle")))
                          .compose(v2 -> again.next(e2 -> presenceOf(e2, subject, "idle"), "the watcher, list said again: subject idle")))))))
          .mapEmpty();
    }))).onComplete(ctx.succeedingThenComplete());
  }
}
