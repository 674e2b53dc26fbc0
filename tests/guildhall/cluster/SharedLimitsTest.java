package guildhall.cluster;

import guildhall.support.Api;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static guildhall.support.Steps.check;
import static guildhall.support.Steps.offThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits hold across a cluster: a client that alternates between two nodes gets one allowance,
 * not one per node, for logins and for messages (each node tells the other what it took).
 */
class SharedLimitsTest extends TwoNodes {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("rate_limits", new JsonObject().put("enabled", true)
        .put("messages", new JsonObject().put("burst", 5).put("per_second", 0.05))
        .put("logins", new JsonObject().put("burst", 10).put("per_second", 0.01)));
  }

  /** Sends {@code count} requests one after another, alternating between the nodes. */
  private static Future<List<Api.Reply>> alternating(int count, java.util.function.BiFunction<Api, Integer, Future<Api.Reply>> request, Api... apis) {
    Future<List<Api.Reply>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      int n = i;
      chain = chain.compose(replies -> request.apply(apis[n % 2], n).map(reply -> {
        replies.add(reply);
        return replies;
      }));
    }
    return chain;
  }

  private static long accepted(List<Api.Reply> replies) {
    return replies.stream().filter(r -> r.status() == 200).count();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Logins for one name, alternating between two nodes: ten in all, not ten on each")
  void loginsAcrossNodes(VertxTestContext ctx) {
    String name = "shared_" + UUID.randomUUID().toString().substring(0, 8);
    alternating(20, (api, i) -> api.send("POST", "/auth/login", new JsonObject().put("username", name), null), a, b)
        .compose(replies -> check(ctx, () -> {
          assertEquals(10, accepted(replies), "one allowance of ten across the cluster: " + replies.stream().map(Api.Reply::status).toList());
          assertTrue(replies.subList(10, 20).stream().allMatch(r -> r.status() == 429), "then 429 on both nodes");
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Messages in one channel, alternating between two nodes: five at once in all")
  void messagesAcrossNodes(VertxTestContext ctx) {
    String name = "writer_" + UUID.randomUUID().toString().substring(0, 8);
    a.login(name).compose(onA -> {
      Api.Session onB = new Api.Session(b, onA.token(), onA.userId(), onA.username());
      return onA.post("/guilds", new JsonObject().put("name", "limits")).compose(guild -> {
        String channel = guild.json().getJsonArray("channels").getJsonObject(0).getString("id");
        return alternating(10, (api, i) -> (i % 2 == 0 ? onA : onB).post("/channels/" + channel + "/messages",
            new JsonObject().put("content", "m" + i)), a, b);
      });
    }).compose(replies -> check(ctx, () -> {
      assertEquals(5, accepted(replies), "one burst of five across the cluster: " + replies.stream().map(Api.Reply::status).toList());
      assertEquals("0", replies.get(9).headers().get("X-RateLimit-Remaining"));
    })).onComplete(ctx.succeedingThenComplete());
  }
}
