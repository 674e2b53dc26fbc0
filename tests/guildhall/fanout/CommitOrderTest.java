package guildhall.fanout;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster's commit order: events go on in id order, and never past a node that may still commit a smaller id. */
class CommitOrderTest {
  private static List<JsonObject> events(long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(id -> new JsonObject().put("id", id)).toList();
  }

  private static List<Long> ids(List<JsonObject> events) {
    return events.stream().map(e -> e.getLong("id")).toList();
  }

  @Test
  @DisplayName("A node whose transaction stays open holds back every later event of the others, then all go in id order")
  void openTransactionHoldsLaterEvents() {
    CommitOrder order = new CommitOrder();
    order.expect("a", 0);
    order.expect("b", 0);
    order.expect("c", 0);
    // a opened a transaction whose ids start at 100: its position stays 99 until it commits.
    assertEquals(List.of(), order.report("a", 99, List.of(), 1));
    assertEquals(List.of(), order.report("b", 200, events(150, 160), 2), "b's events wait: nobody has heard from c");
    assertEquals(List.of(), order.report("c", 300, events(170), 3), "still waiting for a, whose transaction is open");
    assertEquals(99, order.released());
    assertEquals(List.of(100L, 101L, 150L, 160L, 170L), ids(order.report("a", 400, events(100, 101), 10_000)),
        "a commits late, and its events come first");
    assertEquals(200, order.released(), "b is the lowest now");
  }

  @Test
  @DisplayName("A node that leaves (or falls silent) stops holding the others back; a silent one is waited for again once it reports")
  void leftAndSilentNodes() {
    CommitOrder order = new CommitOrder();
    order.expect("a", 0);
    order.expect("b", 0);
    order.report("a", 500, events(400), 1);
    assertEquals(List.of(), order.report("b", 10, List.of(), 1));
    assertEquals(List.of("b"), order.silentSince(6_000, 5_000).stream().filter("b"::equals).toList());
    assertEquals(List.of(), order.silentSince(4_000, 5_000));
    assertEquals(List.of(400L), ids(order.forget("b")), "silent b no longer holds a back");
    order.report("b", 520, List.of(), 7_000);
    assertEquals(List.of(), order.report("a", 900, events(600), 7_001), "b reports again, and is waited for again");
    assertEquals(List.of(600L), ids(order.left("b")), "b left the cluster");
    order.report("b", 0, events(450), 8_000);
    assertTrue(order.late() >= 1, "an event below the watermark from a node let go is counted late");
  }

  @Test
  @DisplayName("Alone, a node's commits go on as they arrive")
  void aloneGoesAtOnce() {
    CommitOrder order = new CommitOrder();
    assertEquals(List.of(1L, 2L), ids(order.report("only", 10, events(1, 2), 0)));
    assertEquals(List.of(11L), ids(order.report("only", 20, events(11), 0)));
  }
}
