package guildhall.store;

import guildhall.ApiError;
import guildhall.Snowflake;
import guildhall.support.Backend;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static guildhall.support.Steps.offThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group commit outlives a database that cannot commit, here an SQLite file held to its size by
 * {@code PRAGMA max_page_count} on the one writer connection (SQLite then answers SQLITE_FULL, as on a
 * full disk; this runs anywhere, where {@code DiskFullTest} needs to mount a tmpfs). Before the fix, one
 * SQLITE_FULL left every later commit failing ("cannot commit - no transaction is active") until a restart.
 */
@ExtendWith(VertxExtension.class)
class StoreFaultsTest {
  private static final String INSERT_USER = "INSERT INTO users (id, username, username_key, created_at) VALUES (?, ?, ?, 0)";

  @Test
  @DisplayName("SQLITE_FULL: the batch answers 503 and readiness says why; the limit raised: writes commit again on the same connection, the acknowledged ones all kept")
  void recoversFromFull(Vertx vertx, VertxTestContext ctx) {
    offThread(() -> {
      try {
        scenario(vertx);
        return null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).onComplete(ctx.succeedingThenComplete());
  }

  private void scenario(Vertx vertx) throws Exception {
    String url = Backend.SQLITE.freshDatabaseUrl(Files.createTempDirectory("guildhall-faults"));
    Database db = Database.open(vertx, new JsonObject().put("url", url).put("readers", 1)).await();
    try {
      GroupCommit writes = new GroupCommit(vertx, db.writer, new Snowflake(1), SqlQueries.of(false), 1000, true);
      CommitReadiness readiness = new CommitReadiness(writes, SqlQueries.of(false), 1, 0);
      assertTrue(onContext(vertx, () -> readiness.check(null)).await().getBoolean("ok"), "ready on a healthy file");
      long pages = ((Number) db.writer.query("PRAGMA page_count").execute().await().iterator().next().getValue(0)).longValue();
      db.writer.query("PRAGMA max_page_count = " + (pages + 2)).execute().await(); // the writer pool has one connection: this one

      List<String> acknowledged = new ArrayList<>();
      Throwable refused = null;
      for (int i = 0; i < 50 && refused == null; i++) {
        String name = "user" + i + "-" + "x".repeat(2000);
        try {
          acknowledged.add(onContext(vertx, () -> writes.submit(insert(name))).await());
        } catch (Exception e) {
          refused = e;
        }
      }
      assertInstanceOf(ApiError.class, refused, "a write refused by the full file: " + refused);
      assertEquals(503, ((ApiError) refused).status);
      assertFalse(writes.status().ok());
      JsonObject notReady = onContext(vertx, () -> readiness.check(null)).await();
      assertFalse(notReady.getBoolean("ok"));
      assertTrue(notReady.getString("reason").contains("SQLITE_FULL"), notReady.encode());

      db.writer.query("PRAGMA max_page_count = 1073741823").execute().await(); // the space is back
      assertTrue(onContext(vertx, () -> readiness.check(null)).await().getBoolean("ok"), "the probe commits again");
      for (int i = 0; i < 5; i++) {
        acknowledged.add(onContext(vertx, () -> writes.submit(insert("after" + System.nanoTime()))).await());
      }
      List<String> stored = new ArrayList<>();
      db.reader.query("SELECT username FROM users ORDER BY id").execute().await().forEach(row -> stored.add(row.getString(0)));
      assertEquals(acknowledged, stored, "every acknowledged write, and nothing of the refused ones");
    } finally {
      db.close().await();
    }
  }

  private static GroupCommit.Write<String> insert(String name) {
    return (tx, conn) -> conn.preparedQuery(INSERT_USER).execute(Tuple.of(tx.nextId(), name, name)).map(done -> name);
  }

  /** The group commit is used from one context, as the store verticle uses it. */
  private static <T> Future<T> onContext(Vertx vertx, java.util.function.Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }
}
