package guildhall.permissions;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of the open member lists, as every node applies them to the changes it hears of, in
 * whatever order they arrive: one entry per user, the newest stamp wins, an older one is dropped
 * quietly, and a user gone offline everywhere is forgotten. (Users 1 and 2; guilds 10 and 20; nodes
 * "a" and "b".)
 */
class MemberListWatchersTest {
  private final MemberListWatchers lists = new MemberListWatchers();

  @Test
  @DisplayName("Opening another list replaces the old one: one entry per user, however many times they switch")
  void oneEntryPerUser() {
    for (int i = 0; i < 50; i++) {
      assertTrue(lists.show(1, i % 2 == 0 ? 10L : 20L, 1000 + i, "a"));
    }
    assertEquals(1, lists.size());
    assertEquals(20L, lists.shownBy(1));
    assertEquals(Set.of(1L), lists.of(20));
    assertEquals(Set.of(), lists.of(10), "the list left behind has no watcher left");
    assertEquals(1, lists.all().size());
  }

  @Test
  @DisplayName("A change older than the one known (another node's, arriving late) is dropped without error; a tie goes to the greater node")
  void staleStampIsDropped() {
    assertTrue(lists.show(1, 20L, 2000, "b"));
    assertFalse(lists.show(1, 10L, 1999, "a"), "older: ignored");
    assertFalse(lists.show(1, null, 2000, "a"), "same time, lesser node: ignored");
    assertEquals(20L, lists.shownBy(1));
    assertEquals(Set.of(1L), lists.of(20));
    assertEquals(Set.of(), lists.of(10));
    // Closed at 3000: the open made at 2500 that arrives afterwards stays out too.
    assertTrue(lists.show(1, null, 3000, "a"));
    assertFalse(lists.show(1, 10L, 2500, "b"));
    assertNull(lists.shownBy(1));
    assertEquals(Set.of(), lists.of(10));
    assertEquals(1, lists.size(), "a closed list keeps just its stamp");
  }

  @Test
  @DisplayName("A change made here is stamped after the newest one known for the user, so a node whose clock runs behind still lets the user's latest choice win")
  void localStampFollowsTheNewestKnown() {
    lists.show(1, 20L, 5000, "b"); // node b's clock runs ahead
    long at = lists.stampFor(1, 4000);
    assertTrue(at > 5000);
    assertTrue(lists.show(1, 10L, at, "a"));
    assertEquals(10L, lists.shownBy(1));
    assertEquals(4000, lists.stampFor(2, 4000), "a user with no entry: now");
  }

  @Test
  @DisplayName("A user gone offline cluster-wide is forgotten: no longer a watcher, no entry left; leaving the guild closes its list")
  void offlineForgetsAndLeavingCloses() {
    lists.show(1, 10L, 1000, "a");
    lists.show(2, 10L, 1000, "b");
    lists.forget(1);
    assertEquals(Set.of(2L), lists.of(10));
    assertNull(lists.shownBy(1));
    assertEquals(1, lists.size(), "only user 2 is left");
    lists.left(2, 20); // another guild: nothing changes
    assertEquals(Set.of(2L), lists.of(10));
    lists.left(2, 10);
    assertEquals(Set.of(), lists.of(10));
    assertEquals(0, lists.all().size(), "no open list to tell a late node of");
    // Coming back, the client says its list again: it counts as any new change.
    assertTrue(lists.show(1, 10L, 1001, "a"));
    assertEquals(Set.of(1L), lists.of(10));
  }
}
