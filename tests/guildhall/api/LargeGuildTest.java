package guildhall.api;

import guildhall.support.Api;
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
          })));
        }))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the member list pages by user id after `after`, `limit` at a time; bad values are 400s naming the field")
  void memberListPages(VertxTestContext ctx) {
    user("owner").compose(owner -> guild(owner, true).compose(big -> crowd(big, owner).compose(all -> {
      String path = "/guilds/" + big.getString("id") + "/members";
      List<String> sorted = all.stream().map(Api.Session::userId).sorted(BY_ID).toList();
      return owner.get(path).compose(first -> owner.get(path + "?after=" + sorted.get(99) + "&limit=3")
          .compose(second -> owner.get(path + "?after=" + sorted.get(102))
          .compose(rest -> owner.get(path + "?limit=1000")
          .compose(whole -> check(ctx, () -> {
            assertEquals(200, first.status(), first.toString());
            assertEquals(sorted.subList(0, 100), ids(first.array()), "100 by default, from the start");
            assertEquals(sorted.subList(100, 103), ids(second.array()), "after the 100th, three");
            assertEquals(sorted.subList(103, 104), ids(rest.array()), "the last page is short");
            assertEquals(sorted, ids(whole.array()));
          })))))
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
}
