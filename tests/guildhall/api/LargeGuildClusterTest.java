package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Backend;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The member list a user shows is known to every node: shown through a session on one node, it decides
 * what a stream of the same user on the other node receives of a large guild's presence.
 */
class LargeGuildClusterTest extends AsyncApiTestBase {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }

  @Override
  protected int nodes() {
    return 2;
  }

  @Override
  protected JsonObject configOverrides() {
    return new JsonObject().put("guilds", new JsonObject().put("large_threshold", 2));
  }

  private static boolean presenceOf(Sse.Event e, Api.Session user, String status) {
    return e.type().equals("PRESENCE_UPDATE") && e.data().getString("user_id").equals(user.userId())
        && e.data().getString("status").equals(status);
  }

  @Test
  @DisplayName("A list shown through a session on node 2 lets the same user's stream on node 1 hear a large guild's presence, and closing it stops that")
  void shownListIsClusterWide(VertxTestContext ctx) {
    String watcherName = unique("watcher");
    // Logins go round the nodes: owner 1, watcher 2, subject 1, other 2, the watcher again on 1.
    api.login(unique("owner")).compose(owner -> api.login(watcherName).compose(watcherOn2 -> api.login(unique("subject"))
        .compose(subject -> api.login(unique("other")).compose(other -> api.login(watcherName).compose(watcherOn1 ->
            guild(owner, true).compose(big -> {
              String path = "/guilds/" + big.getString("id") + "/members/@me";
              return inTurn(() -> watcherOn2.put(path, null), () -> subject.put(path, null), () -> other.put(path, null))
                  .compose(v -> watcherOn2.put("/users/@me/member-list", new JsonObject().put("guild_id", big.getString("id"))))
                  .compose(shown -> {
                    assertTrue(shown.status() == 204, shown.toString());
                    return Sse.using(watcherOn1.stream(null), watching -> Sse.using(subject.stream(null), own ->
                        watching.next(e -> presenceOf(e, subject, "online"), "node 1's stream: subject online")
                            .compose(e -> watcherOn2.put("/users/@me/member-list", new JsonObject().putNull("guild_id")))
                            .compose(e -> waitUntilClosedEverywhere(subject, own, watching))));
                  });
            }))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** A login of {@code name} whose session is on node {@code node} (0-based): logins go round the nodes. */
  private Future<Api.Session> loginOn(int node, String name) {
    String wanted = "http://127.0.0.1:" + apps.get(node).port();
    return api.login(name).compose(s -> s.api().baseUrl().equals(wanted) ? Future.succeededFuture(s) : loginOn(node, name));
  }

  @Test
  @DisplayName("A watcher whose last stream, on node 2, closes is forgotten on node 1 too: back with a stream on node 1, they hear the large guild's presence only once the list is said again")
  void offlineOnAnotherNodeForgetsTheList(VertxTestContext ctx) {
    String watcherName = unique("watcher");
    loginOn(0, unique("owner")).compose(owner -> loginOn(1, watcherName).compose(watcherOn2 -> loginOn(0, unique("subject"))
        .compose(subject -> loginOn(0, watcherName).compose(watcherOn1 -> guild(owner, true).compose(big -> {
          String path = "/guilds/" + big.getString("id") + "/members/@me";
          JsonObject list = new JsonObject().put("guild_id", big.getString("id"));
          return inTurn(() -> watcherOn2.put(path, null), () -> subject.put(path, null))
              .compose(v -> owner.put("/users/@me/member-list", list))
              .compose(v -> watcherOn2.put("/users/@me/member-list", list))
              .compose(v -> Sse.using(owner.stream(null), observing -> Sse.using(subject.stream(null), own ->
                  observing.next(e -> presenceOf(e, subject, "online"), "node 1, the owner: subject online")
                      // The watcher's only stream is on node 2; it closes, and node 1 sees them go offline.
                      .compose(e -> Sse.using(watcherOn2.stream(null), first ->
                          observing.next(e2 -> presenceOf(e2, watcherOn2, "online"), "node 1, the owner: watcher online")))
                      .compose(e -> observing.next(e2 -> presenceOf(e2, watcherOn2, "offline"), "node 1, the owner: watcher offline"))
                      .compose(e -> Sse.using(watcherOn1.stream(null), again ->
                          observing.next(e2 -> presenceOf(e2, watcherOn1, "online"), "node 1, the owner: watcher back on node 1")
                              .compose(e2 -> subject.put("/users/@me/presence", new JsonObject().put("status", "dnd")))
                              .compose(v2 -> observing.next(e2 -> presenceOf(e2, subject, "dnd"), "node 1, the owner: subject dnd"))
                              .compose(e2 -> again.drain(300))
                              .map(events -> {
                                if (events.stream().anyMatch(e2 -> presenceOf(e2, subject, "dnd"))) {
                                  fail("node 1 still follows a list shown on node 2 by a user gone offline there: " + events);
                                }
                                return null;
                              })
                              .compose(v2 -> watcherOn1.put("/users/@me/member-list", list))
                              .compose(v2 -> subject.put("/users/@me/presence", new JsonObject().put("status", "idle")))
                              .compose(v2 -> again.next(e2 -> presenceOf(e2, subject, "idle"), "node 1, list said again: subject idle")))))))
              .mapEmpty();
        })))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * After the list is closed on node 2, node 1 stops sending: the subject's changes (seen on their own
   * stream on node 1, in the same delivery a watcher would get) no longer reach the watcher's stream
   * there. The close travels between nodes, so a change or two may still cross it.
   */
  private Future<Void> waitUntilClosedEverywhere(Api.Session subject, Sse own, Sse watching) {
    return attempt(subject, own, watching, 0);
  }

  private Future<Void> attempt(Api.Session subject, Sse own, Sse watching, int n) {
    String status = n % 2 == 0 ? "dnd" : "idle";
    return subject.put("/users/@me/presence", new JsonObject().put("status", status))
        .compose(v -> own.next(e -> presenceOf(e, subject, status), "subject's own stream: " + status))
        .compose(e -> watching.drain(200))
        .compose(events -> {
          boolean reached = events.stream().anyMatch(e -> presenceOf(e, subject, status));
          if (!reached) {
            return Future.succeededFuture();
          }
          if (n >= 5) {
            fail("node 1 still sends the subject's presence to the watcher after their list was closed on node 2");
          }
          return attempt(subject, own, watching, n + 1);
        });
  }
}
