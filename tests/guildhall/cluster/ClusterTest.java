package guildhall.cluster;

import guildhall.support.Api;
import guildhall.support.EventSchemas;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static guildhall.support.Steps.check;
import static guildhall.support.Steps.offThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two clustered nodes on one PostgreSQL: any node serves any user, and what is written on one node
 * reaches streams on the other within a bound (the stream reader waits at most 10 s).
 *
 * <p>With vertx-junit5, through {@link TwoNodes}.
 */
class ClusterTest extends TwoNodes {

  @Override
  protected void beforeStart() {
    EventSchemas.get(); // read openapi.yaml now, not on the event loop that gets the first frame
  }



  private static String unique(String name) {
    return name + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("A message sent on node A reaches a stream on node B; presence and permissions follow across nodes")
  void crossNode(VertxTestContext ctx) {
    Checkpoint oneUser = ctx.checkpoint();
    Checkpoint joinedOnB = ctx.checkpoint();
    Checkpoint presenceOnA = ctx.checkpoint();
    Checkpoint messageOnB = ctx.checkpoint();
    Checkpoint replyOnA = ctx.checkpoint();
    Checkpoint kickOnB = ctx.checkpoint();
    String bobName = unique("bob");
    a.login(unique("alice")).compose(alice -> a.login(bobName).compose(bobOnA -> alice.post("/guilds",
            new JsonObject().put("name", "cluster").put("public", true)).map(created -> created.json())
        .compose(guild -> {
          String g = guild.getString("id");
          String channel = guild.getJsonArray("channels").getJsonObject(0).getString("id");
          return b.login(bobName).compose(bob -> check(ctx, () -> {
                assertEquals(bobOnA.userId(), bob.userId(), "one user, whichever node they log in on");
                oneUser.flag();
              })
              // Node B learns of the new guild from the committed events; joining there must work at once.
              .compose(v -> bob.put("/guilds/" + g + "/members/@me", null))
              .compose(joined -> check(ctx, () -> {
                assertEquals(200, joined.status());
                joinedOnB.flag();
              }))
              .compose(v -> Sse.using(alice.stream(null), aliceStream -> Sse.using(bob.stream(null), bobStream ->
                  aliceStream.next(e -> e.type().equals("PRESENCE_UPDATE") && bob.userId().equals(e.data().getString("user_id")),
                          "bob online, seen from node A")
                      .compose(online -> {
                        presenceOnA.flag();
                        return alice.post("/channels/" + channel + "/messages", new JsonObject().put("content", "from node A"));
                      })
                      .map(created -> created.json())
                      .compose(sent -> bobStream.next(e -> e.type().equals("MESSAGE_CREATE")
                              && e.data().getString("id").equals(sent.getString("id")), "node A's message on node B")
                          .compose(got -> check(ctx, () -> {
                            assertEquals("from node A", got.data().getString("content"));
                            messageOnB.flag();
                          }))
                          .compose(checked -> bob.post("/channels/" + channel + "/messages", new JsonObject().put("content", "from node B")))
                          .map(created -> created.json())
                          .compose(reply -> check(ctx, () -> assertNotEquals(sent.getString("id"), reply.getString("id")))
                              .compose(distinct -> aliceStream.next(e -> e.type().equals("MESSAGE_CREATE")
                                  && e.data().getString("id").equals(reply.getString("id")), "node B's reply on node A"))))
                      .compose(seen -> {
                        replyOnA.flag();
                        return Future.<Void>succeededFuture();
                      }))))
              // Kicked on node A: node B's permissions refuse at once.
              .compose(v -> alice.delete("/guilds/" + g + "/members/" + bob.userId()))
              .compose(kicked -> check(ctx, () -> assertEquals(204, kicked.status())))
              .compose(v -> statusUntil404(bob, "/channels/" + channel + "/messages", System.currentTimeMillis() + 5_000))
              .compose(status -> check(ctx, () -> {
                assertEquals(404, status, "the kick is known on node B within 5 s");
                kickOnB.flag();
              })));
        }))).onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("A stream ticket from node A opens a stream on node B; logging out on node A ends node B's streams within 2 s")
  void revocationCrossesNodes(Vertx vertx, VertxTestContext ctx) {
    HttpClient http = vertx.createHttpClient();
    a.login(unique("roamer")).compose(me -> me.post("/auth/stream-ticket", null).compose(ticket -> {
      Api.Session meOnB = new Api.Session(b, me.token(), me.userId(), me.username());
      return Sse.using(meOnB.stream(null), headerStream -> http.request(new RequestOptions().setMethod(HttpMethod.GET)
              .setHost("127.0.0.1").setPort(nodes.get(1).port())
              .setURI("/api/v1/updates?ticket=" + URLEncoder.encode(ticket.json().getString("ticket"), StandardCharsets.UTF_8)))
          .compose(request -> request.send())
          .compose(ticketStream -> {
            Promise<Void> ended = Promise.promise();
            ticketStream.handler(bytes -> { }).endHandler(v -> ended.tryComplete()).exceptionHandler(e -> ended.tryComplete());
            return check(ctx, () -> assertEquals(200, ticketStream.statusCode(), "node A's ticket is good on node B"))
                .compose(v -> me.post("/auth/logout", null))
                .compose(out -> check(ctx, () -> assertEquals(204, out.status())))
                .compose(v -> Future.all(ended.future(), headerStream.ended()).timeout(2, TimeUnit.SECONDS)
                    .recover(late -> Future.failedFuture(new AssertionError("node B's streams outlived the logout on node A by 2 s"))));
          }));
    })).eventually(() -> http.close()).onComplete(ctx.succeedingThenComplete());
  }

  /** Reads {@code path} again and again until it answers 404 or the deadline passes; answers the last status. */
  private static Future<Integer> statusUntil404(Api.Session user, String path, long deadline) {
    return user.get(path).compose(reply -> reply.status() == 404 || System.currentTimeMillis() >= deadline
        ? Future.succeededFuture(reply.status())
        : statusUntil404(user, path, deadline));
  }
}
