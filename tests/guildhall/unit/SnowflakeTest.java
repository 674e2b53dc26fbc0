package guildhall.unit;

import guildhall.Snowflake;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnowflakeTest {
  @Test
  @DisplayName("Ids from one generator strictly increase, even 100,000 within a few milliseconds")
  void increasing() {
    Snowflake ids = new Snowflake(7);
    long previous = -1;
    for (int i = 0; i < 100_000; i++) {
      long id = ids.next();
      assertTrue(id > previous, "id " + id + " after " + previous);
      previous = id;
    }
  }

  @Test
  @DisplayName("Two nodes never make the same id, and each id tells its node and time")
  void nodesAndTime() {
    Snowflake a = new Snowflake(1);
    Snowflake b = new Snowflake(2);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(seen.add(a.next()));
      assertTrue(seen.add(b.next()));
    }
    long id = b.next();
    assertEquals(2, Snowflake.node(id));
    assertTrue(Math.abs(Snowflake.timestampMs(id) - System.currentTimeMillis()) < 5_000);
    assertTrue(Snowflake.firstAt(System.currentTimeMillis() + 1000) > id, "a cursor an instant later is past the id");
    assertNotEquals(0, id);
  }

  @Test
  @DisplayName("A node id outside 0-1023 is refused")
  void nodeRange() {
    assertThrows(IllegalArgumentException.class, () -> new Snowflake(1024));
    assertThrows(IllegalArgumentException.class, () -> new Snowflake(-1));
  }

  @Test
  @DisplayName("The floor lies above every id made and at or below every id still to come (the commit order relies on it)")
  void floorBetweenMadeAndToCome() {
    Snowflake ids = new Snowflake(3);
    for (int i = 0; i < 50_000; i++) {
      long made = ids.next();
      long floor = ids.floor();
      assertTrue(floor > made, "floor " + floor + " above " + made);
      assertTrue(ids.next() >= floor, "the next id is at or above the floor");
    }
  }
}
