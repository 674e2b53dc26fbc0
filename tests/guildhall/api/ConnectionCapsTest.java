package guildhall.api;

import guildhall.support.RawSocket;
import guildhall.support.Sse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One client address cannot hold more than its share of the server's sockets, nor one user more than
 * its share of update streams; past either the answer says so (503 / 429 with the error body), and the
 * place comes back once a connection or stream closes. A flood of idle sockets does not lock others out.
 */
class ConnectionCapsTest extends AsyncApiTestBase {
  @Test
  void pastTheCapAnAddressGets503UntilItClosesSome(VertxTestContext ctx) {
    JsonObject overrides = new JsonObject().put("http", new JsonObject()
        .put("max_connections_per_address", 20).put("header_timeout_ms", 30_000));
    onItsOwnServer(overrides, (server, serverApi) -> blocking(() -> {
      List<RawSocket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          held.add(new RawSocket(server.port()));
        }
        // The server counts each connection on its own event loop, in no set order: an answer on each of the
        // 20 (kept alive) says it was counted, so the request below cannot be counted among them.
        for (RawSocket socket : held) {
          RawSocket.Outcome counted = socket.get("/health", "").readUntil("\r\n\r\n", 5000);
          if (counted.status() != 200) {
            throw new AssertionError("one of the first 20 was not served: " + counted.text());
          }
        }
        RawSocket.Outcome refused = untilStatus(server.port(), 503);
        for (RawSocket socket : held) {
          socket.close();
        }
        held.clear();
        RawSocket.Outcome again = untilStatus(server.port(), 200);
        return List.of(refused, again);
      } finally {
        for (RawSocket socket : held) {
          socket.close();
        }
      }
    })).compose(outcomes -> check(ctx, () -> {
      RawSocket.Outcome refused = outcomes.get(0);
      assertEquals(503, refused.status(), refused.text());
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertEquals("too_many_connections", error.getString("code"));
      assertTrue(error.getString("message").contains("20"), error.getString("message"));
      assertTrue(refused.closed(), "the refused connection was left open");
      assertEquals(200, outcomes.get(1).status(), "after closing the 20: " + outcomes.get(1).text());
    })).onComplete(ctx.succeedingThenComplete());
  }

  /** GET /health on a new connection, again for up to 5 s, until it answers {@code status}; the last answer. */
  private static RawSocket.Outcome untilStatus(int port, int status) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (true) {
      try (RawSocket socket = new RawSocket(port)) {
        RawSocket.Outcome outcome = socket.get("/health", "Connection: close\r\n").readFor(2000);
        if (outcome.status() == status || System.currentTimeMillis() > deadline) {
          return outcome;
        }
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aFloodOfIdleSocketsDoesNotStopALogin(VertxTestContext ctx) {
    JsonObject overrides = new JsonObject().put("http", new JsonObject().put("header_timeout_ms", 1000));
    onItsOwnServer(overrides, (server, serverApi) -> {
      List<RawSocket> flood = new ArrayList<>();
      return blocking(() -> {
        for (int i = 0; i < 200; i++) {
          flood.add(new RawSocket(server.port()));
        }
        return flood;
      }).compose(opened -> serverApi.login(unique("meanwhile")))
          .compose(session -> blocking(() -> flood.get(0).readFor(3000)))
          .compose(outcome -> check(ctx, () ->
              assertTrue(outcome.closed(), "a flood socket outlived the header timeout")))
          .eventually(() -> blocking(() -> {
            for (RawSocket socket : flood) {
              socket.close();
            }
            return null;
          }));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theSeventeenthStreamOfAUserGets429(VertxTestContext ctx) {
    users("many", "other").compose(two -> {
      List<Sse> open = new ArrayList<>();
      return inTurn(16, i -> two.get(0).stream(null).map(sse -> {
        open.add(sse);
        return sse.status();
      })).compose(statuses -> check(ctx, () -> assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString())))
          .compose(v -> blocking(() -> {
            try (RawSocket socket = new RawSocket(app.port())) {
              return socket.get("/api/v1/updates", "Authorization: Bearer " + two.get(0).token() + "\r\nConnection: close\r\n").readFor(3000);
            }
          }))
          .compose(seventeenth -> check(ctx, () -> {
            assertEquals(429, seventeenth.status(), seventeenth.text());
            JsonObject error = new JsonObject(seventeenth.body()).getJsonObject("error");
            assertEquals("too_many_streams", error.getString("code"));
            assertTrue(error.getString("message").contains("16"), error.getString("message"));
          }))
          .compose(v -> two.get(1).stream(null))
          .compose(others -> {
            open.add(others);
            return check(ctx, () -> assertEquals(200, others.status(), "another user's stream"));
          })
          // A closed stream gives its place back.
          .compose(v -> open.remove(0).close())
          .compose(v -> untilStreamOpens(two.get(0), 5000))
          .compose(sse -> {
            open.add(sse);
            return check(ctx, () -> assertEquals(200, sse.status(), "a stream after closing one"));
          })
          .eventually(() -> Future.all(open.stream().map(Sse::close).toList()));
    }).onComplete(ctx.succeedingThenComplete());
  }

  private Future<Sse> untilStreamOpens(guildhall.support.Api.Session user, long leftMs) {
    return user.stream(null).compose(sse -> {
      if (sse.status() == 200 || leftMs <= 0) {
        return Future.succeededFuture(sse);
      }
      return sse.close().compose(v -> Future.<Void>future(p -> vertx.setTimer(100, t -> p.complete())))
          .compose(v -> untilStreamOpens(user, leftMs - 100));
    });
  }
}
