package guildhall.permissions;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which guild's member list each user has open: the last list shown by any of the user's clients
 * (one per user, as a client shows one list at a time and a user mostly one client). A large guild's
 * presence changes go to these watchers instead of to every member. Every node holds the same map:
 * each change is published cluster-wide, stamped with when and where it was made, and a node keeps
 * the newest stamp for each user, so that nodes agree whatever order the changes reach them in.
 *
 * <p>One entry per user, whatever their clients and streams do: a new list replaces the old one, a
 * closed list keeps only its stamp (so that an older change arriving late stays ignored), and a user
 * who goes offline everywhere is forgotten, so the map holds no more than the users who are around.
 */
final class MemberListWatchers {
  /** A user's newest change: the guild shown (0: none), when and where it was made. */
  private record Shown(long guildId, long at, String node) {
    boolean newerThan(Shown other) {
      return at > other.at || (at == other.at && node.compareTo(other.node) > 0);
    }
  }

  private final Map<Long, Shown> byUser = new HashMap<>();
  private final Map<Long, Set<Long>> watchersOf = new HashMap<>();

  /**
   * When a change made here now is stamped: now, or just after the newest change known for the user,
   * so that a user's latest choice wins here even when another node's clock runs ahead of this one's.
   */
  long stampFor(long userId, long now) {
    Shown last = byUser.get(userId);
    return last == null ? now : Math.max(now, last.at + 1);
  }

  /**
   * The user shows {@code guildId}'s list ({@code null}: none), as changed at {@code at} on {@code node};
   * false when a newer change is already known (this one came late and is ignored).
   */
  boolean show(long userId, Long guildId, long at, String node) {
    Shown last = byUser.get(userId);
    Shown change = new Shown(guildId == null ? 0 : guildId, at, node);
    if (last != null && !change.newerThan(last)) {
      return false;
    }
    unwatch(userId, last);
    byUser.put(userId, change);
    if (guildId != null) {
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
    Shown shown = byUser.get(userId);
    return shown == null || shown.guildId == 0 ? null : shown.guildId;
  }

  /** How many users have an entry (an open list or a closed one's stamp). */
  int size() {
    return byUser.size();
  }

  /** A member left (or was removed): their list of that guild is closed, as it no longer shows anything of theirs. */
  void left(long userId, long guildId) {
    Shown shown = byUser.get(userId);
    if (shown != null && shown.guildId == guildId) {
      close(userId, shown);
    }
  }

  /** The guild is gone: nobody shows its list. */
  void gone(long guildId) {
    for (long userId : Set.copyOf(of(guildId))) {
      close(userId, byUser.get(userId));
    }
  }

  /**
   * The user went offline cluster-wide (their last stream on any node closed): their entry goes, so
   * presence stops going to them and the map does not keep everyone who was ever online. A client that
   * comes back says its list again once its stream is open.
   */
  void forget(long userId) {
    unwatch(userId, byUser.remove(userId));
  }

  /** The list closes; its stamp stays, so a change older than the one that opened it is still refused. */
  private void close(long userId, Shown shown) {
    unwatch(userId, shown);
    byUser.put(userId, new Shown(0, shown.at, shown.node));
  }

  private void unwatch(long userId, Shown shown) {
    if (shown == null || shown.guildId == 0) {
      return;
    }
    Set<Long> watchers = watchersOf.get(shown.guildId);
    if (watchers != null && watchers.remove(userId) && watchers.isEmpty()) {
      watchersOf.remove(shown.guildId);
    }
  }

  /** Every open list with its stamp: what a node that starts late is told by the others. */
  List<JsonObject> all() {
    List<JsonObject> out = new ArrayList<>();
    byUser.forEach((userId, shown) -> {
      if (shown.guildId != 0) {
        out.add(new JsonObject().put("user_id", userId).put("guild_id", shown.guildId)
            .put("at", shown.at).put("node", shown.node));
      }
    });
    return out;
  }
}
