package guildhall.api;

import guildhall.support.Api;
import guildhall.support.Backend;
import guildhall.support.EventSchemas;
import guildhall.support.Steps;
import guildhall.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One real server per test class, on SQLite (a PostgreSQL twin overrides {@link #backend()}), spoken
 * to over HTTP and SSE by {@link Api} on the class's own Vert.x instance, with vertx-junit5. The server
 * runs on a Vert.x of its own ({@link TestApp}), as it would in production: only the wire is shared.
 * Tests make their own users (unique names), so they do not disturb each other.
 *
 * <p>A test is a chain of small {@link Future}-returning steps; {@link #check} runs a step's assertions
 * in {@code ctx.verify} and stops the chain when they fail; each expected outcome has its
 * {@link Checkpoint}, flagged once its assertions pass.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AsyncApiTestBase {
  protected Vertx vertx;
  protected TestApp app;
  protected Api api;
  private io.vertx.ext.web.client.WebClient raw;

  /** A plain HTTP client on the server's root (not /api/v1), for headers and pages as a browser asks for them. */
  protected io.vertx.ext.web.client.WebClient raw() {
    if (raw == null) {
      raw = io.vertx.ext.web.client.WebClient.create(vertx,
          new io.vertx.ext.web.client.WebClientOptions().setDefaultPort(app.port()).setDefaultHost("127.0.0.1"));
    }
    return raw;
  }

  protected Backend backend() {
    return Backend.SQLITE;
  }

  /** More than one: the class runs against that many clustered nodes on one PostgreSQL, each login on the next node. */
  protected int nodes() {
    return 1;
  }

  /** Every node the class runs against: {@link #app} alone, or each node of the cluster. */
  protected List<TestApp> apps = List.of();

  /** Settings merged over the test configuration, for a class that needs others. */
  protected JsonObject configOverrides() {
    return new JsonObject();
  }

  @BeforeAll
  void startServer(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    offThread(() -> {
      EventSchemas.get(); // read openapi.yaml now, not on the event loop that gets the first frame
      return nodes() > 1 ? TestApp.cluster(nodes(), configOverrides()) : List.of(TestApp.start(backend(), configOverrides()));
    }).onComplete(ctx.succeeding(started -> {
      apps = started;
      app = started.get(0);
      api = started.size() == 1 ? new Api(vertx, app.port()) : Api.spread(vertx, started.stream().map(TestApp::port).toList());
      ctx.completeNow();
    }));
  }

  @AfterAll
  void stopServer(VertxTestContext ctx) {
    if (raw != null) {
      raw.close();
    }
    Future<Void> clients = api == null ? Future.succeededFuture() : api.close();
    clients.otherwiseEmpty()
        .compose(v -> app == null ? Future.succeededFuture() : offThread(() -> {
          apps.forEach(TestApp::close);
          if (apps.size() > 1) {
            Backend.dropIfPostgres(app.databaseUrl); // shared by the nodes: dropped once all are gone
          }
          return null;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Blocking work of the server's lifecycle, on a plain thread: {@link Steps#offThread}. */
  protected static <T> Future<T> offThread(Supplier<T> work) {
    return Steps.offThread(work);
  }

  /**
   * Blocking work a test needs (a {@link TestApp} call that awaits the server's Vert.x, JDBC on the
   * database) on a plain thread, as {@link #offThread} does for the server's lifecycle: never on this
   * class's event loop. A checked exception or an assertion failure fails the Future.
   */
  protected static <T> Future<T> blocking(Callable<T> work) {
    return offThread(() -> {
      try {
        return work.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  /** An owner and a member of a fresh private guild, on {@code onServer} (one with special settings), and its first channel. */
  protected record TwoInAGuild(Api.Session owner, Api.Session member, JsonObject guild, String channel) {}

  protected static Future<TwoInAGuild> twoInAGuild(Api onServer, String ownerName, String memberName) {
    return onServer.login(unique(ownerName)).compose(owner -> onServer.login(unique(memberName)).compose(member ->
        owner.post("/guilds", new JsonObject().put("name", "g")).map(Api.Reply::json).compose(guild ->
            owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject())
                .compose(invite -> member.post("/invites/" + invite.json().getString("code"), null))
                .map(accepted -> new TwoInAGuild(owner, member, guild, general(guild))))));
  }

  /** A body run against a server of its own started with {@code overrides}, which is stopped however the body ends. */
  protected interface OnServer<T> {
    Future<T> run(TestApp server, Api api);
  }

  protected <T> Future<T> onItsOwnServer(JsonObject overrides, OnServer<T> body) {
    return offThread(() -> TestApp.start(backend(), overrides)).compose(server -> {
      Api serverApi = new Api(vertx, server.port());
      Future<T> outcome;
      try {
        outcome = body.run(server, serverApi);
      } catch (Throwable t) {
        outcome = Future.failedFuture(t);
      }
      return outcome.eventually(() -> serverApi.close().otherwiseEmpty()
          .compose(v -> offThread(() -> {
            server.close();
            return null;
          })));
    });
  }

  /** Assertions as a step of a chain: {@link Steps#check}. */
  protected static Future<Void> check(VertxTestContext ctx, VertxTestContext.ExecutionBlock assertions) {
    return Steps.check(ctx, assertions);
  }


  /** {@code count} steps one after the other (never two at once), their results in order. */
  protected static <T> Future<List<T>> inTurn(int count, IntFunction<Future<T>> step) {
    Future<List<T>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      int n = i;
      chain = chain.compose(done -> step.apply(n).map(result -> {
        done.add(result);
        return done;
      }));
    }
    return chain;
  }

  /** The requests one after the other (never two at once), their replies in order. */
  @SafeVarargs
  protected static Future<List<Api.Reply>> inTurn(Supplier<Future<Api.Reply>>... calls) {
    return inTurn(calls.length, i -> calls[i].get());
  }

  protected static String unique(String name) {
    return name + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected Future<Api.Session> user(String name) {
    return api.login(unique(name));
  }

  /** Several new users at once, in the order of {@code names}. */
  protected Future<List<Api.Session>> users(String... names) {
    List<Future<Api.Session>> logins = new ArrayList<>();
    for (String name : names) {
      logins.add(user(name));
    }
    return Future.all(logins).map(all -> all.list());
  }

  /** A guild owned by {@code owner}; answers the guild JSON (with its `general` channel). */
  protected Future<JsonObject> guild(Api.Session owner, boolean isPublic) {
    return owner.post("/guilds", new JsonObject().put("name", unique("guild")).put("public", isPublic))
        .compose(reply -> reply.status() == 201 ? Future.succeededFuture(reply.json())
            : Future.failedFuture(new AssertionError("create guild: " + reply)));
  }

  protected static String general(JsonObject guild) {
    return guild.getJsonArray("channels").getJsonObject(0).getString("id");
  }

  /** {@code user} joins {@code guild} by an invite of {@code owner}'s. */
  protected Future<Void> join(Api.Session user, JsonObject guild, Api.Session owner) {
    return owner.post("/guilds/" + guild.getString("id") + "/invites", new JsonObject())
        .compose(invite -> user.post("/invites/" + invite.json().getString("code"), null))
        .compose(reply -> reply.status() == 200 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new AssertionError("accept invite: " + reply)));
  }

  /** An owner, a member of the owner's fresh guild, and the guild. */
  protected record Pair(Api.Session owner, Api.Session member, JsonObject guild) {
    String guildId() {
      return guild.getString("id");
    }

    String general() {
      return AsyncApiTestBase.general(guild);
    }
  }

  /** Two new users, a guild the first owns ({@code isPublic} or private) and the second has joined by invite. */
  protected Future<Pair> pair(String ownerName, String memberName, boolean isPublic) {
    return users(ownerName, memberName).compose(two -> guild(two.get(0), isPublic)
        .compose(guild -> join(two.get(1), guild, two.get(0)).map(v -> new Pair(two.get(0), two.get(1), guild))));
  }

  /** A message from {@code user}; answers the message JSON. */
  protected Future<JsonObject> send(Api.Session user, String channelId, String content) {
    return user.post("/channels/" + channelId + "/messages", new JsonObject().put("content", content))
        .compose(reply -> reply.status() == 200 ? Future.succeededFuture(reply.json())
            : Future.failedFuture(new AssertionError("send: " + reply)));
  }
}
