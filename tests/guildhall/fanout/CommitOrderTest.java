package guildhall.fanout;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster's commit order: events go on in id order, and never past a node that may still commit a smaller id. */
class CommitOrderTest {
  private static void hold(CommitOrder<Long> order, long... ids) {
    for (long id : ids) {
      order.hold(id, id);
    }
  }

  @Test
  @DisplayName("A node whose transaction stays open holds back every later event of the others, then all go in id order")
  void openTransactionHoldsLaterEvents() {
    CommitOrder<Long> order = new CommitOrder<>();
    order.expect("a", 0);
    order.expect("b", 0);
    order.expect("c", 0);
    // a opened a transaction whose ids start at 100: its position stays 99 until it commits.
    assertEquals(List.of(), order.report("a", 99, 1));
    hold(order, 150, 160);
    assertEquals(List.of(), order.report("b", 200, 2), "b's events wait: nobody has heard from c");
    hold(order, 170);
    assertEquals(List.of(), order.report("c", 300, 3), "still waiting for a, whose transaction is open");
    assertEquals(99, order.released());
    hold(order, 100, 101);
    assertEquals(List.of(100L, 101L, 150L, 160L, 170L), order.report("a", 400, 10_000), "a commits late, and its events come first");
    assertEquals(200, order.released(), "b is the lowest now");
  }

  @Test
  @DisplayName("What one event brings goes on together, in the order it came")
  void oneIdKeepsItsItems() {
    CommitOrder<String> order = new CommitOrder<>();
    order.hold(5, "event");
    order.hold(5, "a view it changed");
    assertEquals(List.of("event", "a view it changed"), order.report("only", 5, 0));
  }

  @Test
  @DisplayName("A node that leaves (or falls silent) stops holding the others back; a silent one is waited for again once it reports")
  void leftAndSilentNodes() {
    CommitOrder<Long> order = new CommitOrder<>();
    order.expect("a", 0);
    order.expect("b", 0);
    hold(order, 400);
    order.report("a", 500, 1);
    assertEquals(List.of(), order.report("b", 10, 1));
    assertEquals(List.of(), order.silentSince(4_000, 5_000));
    assertEquals(List.of("b"), order.silentSince(6_000, 5_000).stream().filter("b"::equals).toList());
    assertEquals(List.of(400L), order.forget("b"), "silent b no longer holds a back");
    order.report("b", 520, 7_000);
    hold(order, 600);
    assertEquals(List.of(), order.report("a", 900, 7_001), "b reports again, and is waited for again");
    assertEquals(List.of(600L), order.left("b"), "b left the cluster");
    hold(order, 450);
    assertEquals(List.of(450L), order.report("b", 0, 8_000), "a node that left holds nothing back: its late event goes at once");
    assertTrue(order.late() >= 1, "and is counted late");
  }
}
