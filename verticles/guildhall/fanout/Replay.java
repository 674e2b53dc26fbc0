package guildhall.fanout;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a stream needs only while its missed events are replayed. Made when the replay begins and dropped
 * when the stream goes live, so that the many streams that are live (most of them, most of the time)
 * carry one empty field rather than three empty collections each.
 */
final class Replay {
  /** Live frames that came during the replay, with their event ids (null for ephemeral ones), in order. */
  final List<Buffer> held = new ArrayList<>();
  final List<Long> heldIds = new ArrayList<>();
  /** Ids written by the replay, so the live frames held during it are not written twice. */
  final Set<Long> replayed = new HashSet<>();
  /** Where the replay ends: the commit order's watermark when it began (null when alone); the rest comes live. */
  final Long until;
  /** Guild id → where the user's membership began after the cursor (from the first page). */
  JsonObject membershipsBegun;
  /** The guilds whose membership ended after the cursor (from the first page). */
  JsonArray membershipsEnded;

  Replay(Long until) {
    this.until = until;
  }
}
