package guildhall.permissions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which guild's member list each user has open: the last list shown by any of the user's clients
 * (one per user, as a client shows one list at a time and a user mostly one client). A large guild's
 * presence changes go to these watchers instead of to every member. Every node holds the same map:
 * each change is published cluster-wide, stamped with when and where it was made, and a node keeps
 * the newest stamp for each user, so that nodes agree whatever order the changes reach them in.
 */
final class MemberListWatchers {
  private record Shown(long guildId, long at, String node) {
    boolean newerThan(Stamp other) {
      return at > other.at || (at == other.at && node.compareTo(other.node) > 0);
    }
  }

  /** When and where the newest change of a user's list was made (kept for a closed list too). */
  private record Stamp(long at, String node) {}

  private final Map<Long, Shown> shownBy = new HashMap<>();
  private final Map<Long, Stamp> lastChange = new HashMap<>();
  private final Map<Long, Set<Long>> watchersOf = new HashMap<>();

  /**
   * The user shows {@code guildId}'s list ({@code null}: none), as changed at {@code at} on {@code node};
   * false when a newer change is already known (this one came late and is ignored).
   */
  boolean show(long userId, Long guildId, long at, String node) {
    Stamp last = lastChange.get(userId);
    Shown change = new Shown(guildId == null ? 0 : guildId, at, node);
    if (last != null && !change.newerThan(last)) {
      return false;
    }
    lastChange.put(userId, new Stamp(at, node));
    close(userId);
    if (guildId != null) {
      shownBy.put(userId, change);
      watchersOf.computeIfAbsent(guildId, k -> new HashSet<>()).add(userId);
    }
    return true;
  }

  /** Who has this guild's member list open. */
  Set<Long> of(long guildId) {
    return watchersOf.getOrDefault(guildId, Set.of());
  }

  /** The guild whose list the user shows, or null. */
  Long shownBy(long userId) {
    Shown shown = shownBy.get(userId);
    return shown == null ? null : shown.guildId;
  }

  /** A member left (or was removed): their list of that guild is closed, as it no longer shows anything of theirs. */
  void left(long userId, long guildId) {
    Shown shown = shownBy.get(userId);
    if (shown != null && shown.guildId == guildId) {
      close(userId);
    }
  }

  /** The guild is gone: nobody shows its list. */
  void gone(long guildId) {
    for (long userId : Set.copyOf(of(guildId))) {
      close(userId);
    }
  }

  private void close(long userId) {
    Shown previous = shownBy.remove(userId);
    if (previous != null) {
      Set<Long> watchers = watchersOf.get(previous.guildId);
      if (watchers != null && watchers.remove(userId) && watchers.isEmpty()) {
        watchersOf.remove(previous.guildId);
      }
    }
  }

  /** Every open list with its stamp: what a node that starts late is told by the others. */
  java.util.List<io.vertx.core.json.JsonObject> all() {
    java.util.List<io.vertx.core.json.JsonObject> out = new java.util.ArrayList<>();
    shownBy.forEach((userId, shown) -> out.add(new io.vertx.core.json.JsonObject().put("user_id", userId)
        .put("guild_id", shown.guildId).put("at", shown.at).put("node", shown.node)));
    return out;
  }
}
