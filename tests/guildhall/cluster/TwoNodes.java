package guildhall.cluster;

import guildhall.support.Api;
import guildhall.support.Backend;
import guildhall.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static guildhall.support.Steps.offThread;

/**
 * Two clustered nodes on one PostgreSQL for a test class, each spoken to over HTTP and SSE with its own
 * {@link Api} ({@link #a}, {@link #b}) on the injected Vert.x; the nodes run on Vert.x instances of their
 * own ({@link TestApp#cluster}).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodes {
  protected List<TestApp> nodes;
  protected Api a;
  protected Api b;

  /** Settings both nodes start with, beside the tests' defaults. */
  protected JsonObject overrides() {
    return new JsonObject();
  }

  /** Off the event loop, before the nodes start. */
  protected void beforeStart() {}

  /** Hazelcast forming a cluster of two takes longer than vertx-junit5's 30 s default on a slow day. */
  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void startCluster(Vertx vertx, VertxTestContext ctx) {
    offThread(() -> {
      beforeStart();
      return TestApp.cluster(2, overrides());
    }).onComplete(ctx.succeeding(started -> {
      nodes = started;
      a = new Api(vertx, started.get(0).port());
      b = new Api(vertx, started.get(1).port());
      ctx.completeNow();
    }));
  }

  @AfterAll
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void stopCluster(VertxTestContext ctx) {
    Future.all(a == null ? Future.succeededFuture() : a.close(), b == null ? Future.succeededFuture() : b.close())
        .otherwiseEmpty()
        .compose(v -> nodes == null ? Future.succeededFuture() : offThread(() -> {
          nodes.forEach(TestApp::close);
          Backend.dropIfPostgres(nodes.get(0).databaseUrl); // shared by the nodes: dropped once all are gone
          return null;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
