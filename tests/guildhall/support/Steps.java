package guildhall.support;

import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** What asynchronous tests share, whatever they extend: blocking work off Vert.x's threads, and checks in a chain. */
public final class Steps {
  private Steps() {}

  /**
   * {@link TestApp} starts and stops its own Vert.x and awaits it, which Vert.x 5 forbids on its event
   * loops and workers alike: such work runs on a plain thread, its outcome brought back as a Future
   * (an aborted assumption, such as PostgreSQL being absent, still skips the class).
   */
  public static <T> Future<T> offThread(Supplier<T> work) {
    return Future.fromCompletionStage(CompletableFuture.supplyAsync(work, runnable -> {
      Thread thread = new Thread(runnable, "test-server-lifecycle");
      thread.setDaemon(true);
      thread.start();
    })).recover(e -> Future.failedFuture(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }

  /** A blocking test scenario: plain sequential code that may throw. */
  @FunctionalInterface
  public interface Scenario {
    void run() throws Exception;
  }

  /** Runs a blocking scenario on a plain thread ({@link #offThread}), its checked exceptions failing the future. */
  public static Future<Void> runOffThread(Scenario scenario) {
    return offThread(() -> {
      try {
        scenario.run();
        return null;
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Runs {@code assertions} in {@code ctx.verify}: when they fail, the test fails and so does the step, ending the chain. */
  public static Future<Void> check(VertxTestContext ctx, VertxTestContext.ExecutionBlock assertions) {
    ctx.verify(assertions);
    return ctx.failed() ? Future.failedFuture(ctx.causeOfFailure()) : Future.succeededFuture();
  }
}
