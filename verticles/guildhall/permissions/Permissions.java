package guildhall.permissions;

import java.util.Collection;
import java.util.List;

/**
 * Discord's permission model as one pure function, with Discord's bit values. No I/O: the
 * permissions verticle loads the inputs and keeps them current; this decides.
 *
 * <p>Order (Discord's): the owner has everything; base = @everyone's bits OR every role of the member;
 * ADMINISTRATOR means everything and skips overwrites; in a channel apply the @everyone overwrite
 * (deny then allow), then all the member's role overwrites together (deny then allow), then the
 * member's own overwrite; no VIEW_CHANNEL means nothing in that channel; a timed-out member keeps only
 * VIEW_CHANNEL and READ_MESSAGE_HISTORY; no SEND_MESSAGES means no MENTION_EVERYONE.
 */
public final class Permissions {
  private Permissions() {}

  public static final long CREATE_INSTANT_INVITE = 1L << 0;
  public static final long KICK_MEMBERS = 1L << 1;
  public static final long BAN_MEMBERS = 1L << 2;
  public static final long ADMINISTRATOR = 1L << 3;
  public static final long MANAGE_CHANNELS = 1L << 4;
  public static final long MANAGE_GUILD = 1L << 5;
  public static final long ADD_REACTIONS = 1L << 6;
  public static final long VIEW_CHANNEL = 1L << 10;
  public static final long SEND_MESSAGES = 1L << 11;
  public static final long MANAGE_MESSAGES = 1L << 13;
  public static final long READ_MESSAGE_HISTORY = 1L << 16;
  public static final long MENTION_EVERYONE = 1L << 17;
  public static final long MANAGE_ROLES = 1L << 28;
  public static final long MANAGE_THREADS = 1L << 34;
  public static final long CREATE_PUBLIC_THREADS = 1L << 35;
  public static final long SEND_MESSAGES_IN_THREADS = 1L << 38;
  public static final long MODERATE_MEMBERS = 1L << 40;

  /** Every bit this server knows. */
  public static final long ALL = CREATE_INSTANT_INVITE | KICK_MEMBERS | BAN_MEMBERS | ADMINISTRATOR | MANAGE_CHANNELS
      | MANAGE_GUILD | ADD_REACTIONS | VIEW_CHANNEL | SEND_MESSAGES | MANAGE_MESSAGES | READ_MESSAGE_HISTORY
      | MENTION_EVERYONE | MANAGE_ROLES | MANAGE_THREADS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS | MODERATE_MEMBERS;

  /** What @everyone may do in a new guild: read, talk, react, invite, open threads. */
  public static final long DEFAULT_EVERYONE = CREATE_INSTANT_INVITE | ADD_REACTIONS | VIEW_CHANNEL | SEND_MESSAGES
      | READ_MESSAGE_HISTORY | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS;

  /** A timed-out member keeps only these. */
  public static final long TIMED_OUT_KEEPS = VIEW_CHANNEL | READ_MESSAGE_HISTORY;

  /** One channel overwrite. {@code memberTarget} is true for a member's own overwrite, false for a role's. */
  public record Overwrite(long targetId, boolean memberTarget, long allow, long deny) {}

  /** The inputs for one member in one guild. */
  public record Subject(long userId, long guildId, long ownerId, long everyonePermissions,
                        Collection<Long> rolePermissions, Collection<Long> roleIds, boolean timedOut) {}

  /** Guild-level permissions: no channel involved. */
  public static long base(Subject s) {
    long perms = unlimited(s);
    return perms == ALL ? ALL : limitTimedOut(s, perms);
  }

  /** The owner, or an administrator: ALL. Otherwise @everyone's bits OR every role's. */
  private static long unlimited(Subject s) {
    if (s.userId() == s.ownerId()) {
      return ALL;
    }
    long perms = s.everyonePermissions();
    for (long rolePerms : s.rolePermissions()) {
      perms |= rolePerms;
    }
    return (perms & ADMINISTRATOR) != 0 ? ALL : perms;
  }

  /** Permissions in a channel with the given overwrites (a thread passes its parent's). */
  public static long inChannel(Subject s, List<Overwrite> overwrites) {
    long perms = unlimited(s);
    if (perms == ALL) {
      return ALL;
    }
    long roleAllow = 0;
    long roleDeny = 0;
    Overwrite everyone = null;
    Overwrite own = null;
    for (Overwrite o : overwrites) {
      if (o.memberTarget()) {
        if (o.targetId() == s.userId()) {
          own = o;
        }
      } else if (o.targetId() == s.guildId()) {
        everyone = o;
      } else if (s.roleIds().contains(o.targetId())) {
        roleAllow |= o.allow();
        roleDeny |= o.deny();
      }
    }
    if (everyone != null) {
      perms = (perms & ~everyone.deny()) | everyone.allow();
    }
    perms = (perms & ~roleDeny) | roleAllow;
    if (own != null) {
      perms = (perms & ~own.deny()) | own.allow();
    }
    if ((perms & VIEW_CHANNEL) == 0) {
      return 0;
    }
    if ((perms & SEND_MESSAGES) == 0) {
      perms &= ~MENTION_EVERYONE;
    }
    return limitTimedOut(s, perms);
  }

  /** Whether any overwrite that applies to the subject explicitly allows VIEW_CHANNEL. */
  public static boolean allowsView(Subject s, List<Overwrite> overwrites) {
    for (Overwrite o : overwrites) {
      boolean applies = o.memberTarget() ? o.targetId() == s.userId()
          : o.targetId() == s.guildId() || s.roleIds().contains(o.targetId());
      if (applies && (o.allow() & VIEW_CHANNEL) != 0) {
        return true;
      }
    }
    return false;
  }

  private static long limitTimedOut(Subject s, long perms) {
    return s.timedOut() ? perms & TIMED_OUT_KEEPS : perms;
  }

  public static boolean has(long perms, long bit) {
    return (perms & bit) == bit;
  }
}
