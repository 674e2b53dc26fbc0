package guildhall.store;

import guildhall.ApiError;
import guildhall.Snowflake;
import guildhall.support.Backend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** All or nothing per request, inside a group commit: a refused write leaves no trace, its batch-mates commit. */
@ExtendWith(VertxExtension.class)
class GroupCommitTest {
  private static final String INSERT_USER = "INSERT INTO users (id, username, username_key, created_at) VALUES (?, ?, ?, 0)";
  private Database db;
  private GroupCommit writes;

  @BeforeEach
  void open(Vertx vertx, VertxTestContext ctx) throws Exception {
    String url = Backend.SQLITE.freshDatabaseUrl(Files.createTempDirectory("guildhall-gc"));
    Database.open(vertx, new JsonObject().put("url", url).put("readers", 1)).onComplete(ctx.succeeding(opened -> {
      db = opened;
      writes = new GroupCommit(vertx, db.writer, new Snowflake(1), SqlQueries.of(false), 1000, true);
      ctx.completeNow();
    }));
  }

  @AfterEach
  void close(VertxTestContext ctx) {
    db.close().onComplete(ctx.succeedingThenComplete());
  }

  private GroupCommit.Write<String> insert(String name, boolean thenRefuse) {
    return (tx, conn) -> conn.preparedQuery(INSERT_USER)
        .execute(Tuple.of(tx.nextId(), name, name)).compose(done -> thenRefuse
            ? Future.failedFuture(ApiError.badRequest("name", "refused after it wrote"))
            : Future.succeededFuture(name));
  }

  @Test
  @DisplayName("A write refused after its first statement changes nothing, and the writes batched with it still commit")
  void refusedWriteLeavesNoTrace(Vertx vertx, VertxTestContext ctx) {
    Checkpoint first = ctx.checkpoint();
    Checkpoint refused = ctx.checkpoint();
    Checkpoint third = ctx.checkpoint();
    Checkpoint table = ctx.checkpoint();
    vertx.runOnContext(v -> {
      // Submitted in one tick: one batch, one transaction.
      Future<String> a = writes.submit(insert("ada", false));
      Future<String> b = writes.submit(insert("bob", true));
      Future<String> c = writes.submit(insert("cy", false));
      a.onComplete(ctx.succeeding(name -> first.flag()));
      b.onComplete(ctx.failing(e -> ctx.verify(() -> {
        assertInstanceOf(ApiError.class, e);
        refused.flag();
      })));
      c.onComplete(ctx.succeeding(name -> third.flag()));
      Future.all(a.otherwiseEmpty(), b.otherwiseEmpty(), c.otherwiseEmpty())
          .compose(all -> db.reader.query("SELECT username FROM users ORDER BY username").execute())
          .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
            StringBuilder names = new StringBuilder();
            rows.forEach(row -> names.append(row.getString("username")).append(' '));
            assertEquals("ada cy ", names.toString(), "bob's row was rolled back with his refusal");
            table.flag();
          })));
    });
  }
}
