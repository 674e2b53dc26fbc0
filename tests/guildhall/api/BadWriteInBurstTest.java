package guildhall.api;

import guildhall.support.Api;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One bad write among many good ones at the same moment harms none of them. Messages are written in
 * group commits; a NUL that reached PostgreSQL failed the whole batch, and every good message in it was
 * retried. The bad ones must be refused before the store, so the good ones go through as if alone.
 */
class BadWriteInBurstTest extends AsyncApiTestBase {
  private static final int GOOD = 50;
  private static final int BAD = 5;

  @Test
  @DisplayName("50 good posts and 5 with a NUL at once: every good one is 200 and stored, the bad ones 400, none slower")
  void badWritesDoNotHarmTheBurst(VertxTestContext ctx) {
    user("burst").compose(user -> guild(user, false).compose(guild -> {
      String channel = general(guild);
      long[] alone = new long[1];
      long started = System.nanoTime();
      // The same number of good posts alone first: the yardstick for "not slower".
      return burst(user, channel, "warm", GOOD, 0)
          .compose(warm -> {
            alone[0] = System.nanoTime() - started;
            long mixedStart = System.nanoTime();
            return burst(user, channel, "good", GOOD, BAD).map(replies -> {
              long mixed = System.nanoTime() - mixedStart;
              ctx.verify(() -> {
                for (int i = 0; i < replies.size(); i++) {
                  Api.Reply reply = replies.get(i);
                  if (i % 11 == 10) {
                    assertEquals(400, reply.status(), "a post with a NUL: " + reply);
                    assertEquals("content", reply.field());
                  } else {
                    assertEquals(200, reply.status(), "a good post in the burst: " + reply);
                  }
                }
                assertTrue(mixed < Math.max(2_000_000_000L, 3 * alone[0]),
                    "the burst with bad posts took " + mixed / 1_000_000 + " ms, alone " + alone[0] / 1_000_000 + " ms");
              });
              return replies;
            });
          })
          .compose(replies -> user.get("/channels/" + channel + "/messages?limit=100"))
          .compose(list -> check(ctx, () -> {
            Set<String> stored = new HashSet<>();
            list.array().forEach(m -> stored.add(((JsonObject) m).getString("content")));
            for (int i = 0; i < GOOD; i++) {
              assertTrue(stored.contains("good " + i), "good " + i + " is stored");
            }
            assertEquals(2 * GOOD, stored.size(), "the warm-up and the good posts, nothing else");
          }));
    })).onComplete(ctx.succeedingThenComplete());
  }

  /** {@code good} posts and {@code bad} ones with a NUL, every 11th, all sent at once; the replies in order. */
  private static Future<List<Api.Reply>> burst(Api.Session user, String channel, String word, int good, int bad) {
    List<Future<Api.Reply>> sent = new ArrayList<>();
    int goodSent = 0;
    for (int i = 0; i < good + bad; i++) {
      String content = i % 11 == 10 && bad > 0 ? "bad\u0000" + i : word + " " + goodSent++;
      sent.add(user.post("/channels/" + channel + "/messages", new JsonObject().put("content", content)));
    }
    return Future.all(sent).map(all -> all.list());
  }
}
