package guildhall.permissions;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static guildhall.permissions.Action.Rule.AUTHOR_ONLY;
import static guildhall.permissions.Action.Rule.AUTHOR_OR_MANAGE_MESSAGES;
import static guildhall.permissions.Action.Rule.GRANT_HELD;
import static guildhall.permissions.Action.Rule.GROUP_DM_ONLY;
import static guildhall.permissions.Action.Rule.NOT_BLOCKED;
import static guildhall.permissions.Action.Rule.SELF_OR_OWNER;
import static guildhall.permissions.Action.Rule.SHARES_GUILD_OR_DM;
import static guildhall.permissions.Action.Rule.LOCK_NEEDS_MANAGE_THREADS;
import static guildhall.permissions.Action.Rule.NOT_TIMED_OUT;
import static guildhall.permissions.Action.Rule.OVERWRITE_TARGET_BELOW;
import static guildhall.permissions.Action.Rule.POSITIONS_BELOW;
import static guildhall.permissions.Action.Rule.ROLES_BELOW;
import static guildhall.permissions.Action.Rule.TARGET_BELOW;
import static guildhall.permissions.Action.Rule.THREAD_OWNER_OR_MANAGE_THREADS;
import static guildhall.permissions.Action.Rule.UNLOCKED_OR_MANAGE_THREADS;
import static guildhall.permissions.Action.Scope.CHANNEL;
import static guildhall.permissions.Action.Scope.GUILD;
import static guildhall.permissions.Action.Scope.USER;
import static guildhall.permissions.Action.Who.MEMBER;
import static guildhall.permissions.Action.Who.OWNER;
import static guildhall.permissions.Permissions.ADD_REACTIONS;
import static guildhall.permissions.Permissions.BAN_MEMBERS;
import static guildhall.permissions.Permissions.CREATE_INSTANT_INVITE;
import static guildhall.permissions.Permissions.CREATE_PUBLIC_THREADS;
import static guildhall.permissions.Permissions.KICK_MEMBERS;
import static guildhall.permissions.Permissions.MANAGE_CHANNELS;
import static guildhall.permissions.Permissions.MANAGE_GUILD;
import static guildhall.permissions.Permissions.MANAGE_MESSAGES;
import static guildhall.permissions.Permissions.MANAGE_ROLES;
import static guildhall.permissions.Permissions.MANAGE_THREADS;
import static guildhall.permissions.Permissions.MODERATE_MEMBERS;
import static guildhall.permissions.Permissions.READ_MESSAGE_HISTORY;
import static guildhall.permissions.Permissions.SEND_MESSAGES;
import static guildhall.permissions.Permissions.SEND_MESSAGES_IN_THREADS;
import static guildhall.permissions.Permissions.VIEW_CHANNEL;

/**
 * Everything a route may ask the permissions verticle, and what each needs: the table. A route names an
 * action and passes the facts only it knows (who is targeted, which roles, which author); the verticle
 * applies exactly this row. Read top to bottom; the columns are scope, who (any member, or the owner only),
 * the bits needed (in the guild, or in the channel after its overwrites), and the extra rules.
 *
 * <p>Before any row applies: a guild the user is not a member of is 404, and so is a channel that does not
 * exist or that the user cannot see (the same answer, so a hidden channel's existence never leaks).
 * Then, per action: owner only, then bits, then the rules in the order of {@link Rule}; the first that
 * fails answers 403.
 */
public enum Action {
  //                                   scope    who     bits                                  rules
  // ---- the guild itself
  GUILD_VIEW("guild.view",             GUILD,   MEMBER, 0),
  GUILD_UPDATE("guild.update",         GUILD,   MEMBER, MANAGE_GUILD),
  GUILD_TRANSFER("guild.transfer",     GUILD,   OWNER,  0),
  GUILD_DELETE("guild.delete",         GUILD,   OWNER,  0),
  GUILD_LEAVE("guild.leave",           GUILD,   MEMBER, 0),
  INVITE_CREATE("invite.create",       GUILD,   MEMBER, CREATE_INSTANT_INVITE),

  // ---- channels and their overwrites
  CHANNEL_LIST("channel.list",         GUILD,   MEMBER, 0),
  CHANNEL_CREATE("channel.create",     GUILD,   MEMBER, MANAGE_CHANNELS),
  CHANNEL_VIEW("channel.view",         CHANNEL, MEMBER, VIEW_CHANNEL),
  CHANNEL_UPDATE("channel.update",     CHANNEL, MEMBER, MANAGE_CHANNELS),
  CHANNEL_DELETE("channel.delete",     CHANNEL, MEMBER, MANAGE_CHANNELS),
  OVERWRITE_PUT("overwrite.put",       CHANNEL, MEMBER, MANAGE_ROLES,                          GRANT_HELD, OVERWRITE_TARGET_BELOW),
  OVERWRITE_DELETE("overwrite.delete", CHANNEL, MEMBER, MANAGE_ROLES,                          OVERWRITE_TARGET_BELOW),

  // ---- messages, reactions, typing
  MESSAGE_READ("message.read",         CHANNEL, MEMBER, VIEW_CHANNEL | READ_MESSAGE_HISTORY),
  MESSAGE_SEND("message.send",         CHANNEL, MEMBER, SEND_MESSAGES,                         NOT_BLOCKED),
  MESSAGE_EDIT("message.edit",         CHANNEL, MEMBER, VIEW_CHANNEL,                          AUTHOR_ONLY, NOT_TIMED_OUT),
  MESSAGE_DELETE("message.delete",     CHANNEL, MEMBER, VIEW_CHANNEL,                          AUTHOR_OR_MANAGE_MESSAGES),
  REACTION_ADD("reaction.add",         CHANNEL, MEMBER, ADD_REACTIONS | READ_MESSAGE_HISTORY,  NOT_BLOCKED),
  REACTION_REMOVE("reaction.remove",   CHANNEL, MEMBER, VIEW_CHANNEL),
  TYPING_START("typing.start",         CHANNEL, MEMBER, SEND_MESSAGES,                         NOT_BLOCKED),

  // ---- DMs and group DMs (a private channel's recipients hold Permissions.PRIVATE_CHANNEL; its owner is the group's)
  DM_OPEN("dm.open",                   USER,    MEMBER, 0,                                     NOT_BLOCKED, SHARES_GUILD_OR_DM),
  RECIPIENT_ADD("recipient.add",       CHANNEL, OWNER,  0,                                     GROUP_DM_ONLY),
  RECIPIENT_REMOVE("recipient.remove", CHANNEL, MEMBER, 0,                                     GROUP_DM_ONLY, SELF_OR_OWNER),

  // ---- threads (a thread takes its parent's permissions; see inThread() for the actions that change there)
  THREAD_CREATE("thread.create",       CHANNEL, MEMBER, CREATE_PUBLIC_THREADS | READ_MESSAGE_HISTORY),
  THREAD_LIST("thread.list",           CHANNEL, MEMBER, VIEW_CHANNEL | READ_MESSAGE_HISTORY),
  THREAD_SEND("thread.send",           CHANNEL, MEMBER, SEND_MESSAGES_IN_THREADS,               UNLOCKED_OR_MANAGE_THREADS),
  THREAD_TYPING("thread.typing",       CHANNEL, MEMBER, SEND_MESSAGES_IN_THREADS),
  THREAD_JOIN("thread.join",           CHANNEL, MEMBER, VIEW_CHANNEL),
  THREAD_LEAVE("thread.leave",         CHANNEL, MEMBER, VIEW_CHANNEL),
  THREAD_UPDATE("thread.update",       CHANNEL, MEMBER, VIEW_CHANNEL,                          THREAD_OWNER_OR_MANAGE_THREADS, LOCK_NEEDS_MANAGE_THREADS),
  THREAD_DELETE("thread.delete",       CHANNEL, MEMBER, VIEW_CHANNEL,                          THREAD_OWNER_OR_MANAGE_THREADS),

  // ---- reports and the moderation queue (whoever can read a message may report it; the queue is MANAGE_MESSAGES')
  REPORT_CREATE("report.create",       CHANNEL, MEMBER, VIEW_CHANNEL | READ_MESSAGE_HISTORY),
  REPORT_LIST("report.list",           GUILD,   MEMBER, MANAGE_MESSAGES),
  REPORT_UPDATE("report.update",       GUILD,   MEMBER, MANAGE_MESSAGES),

  // ---- members and bans
  MEMBER_LIST("member.list",           GUILD,   MEMBER, 0),
  MEMBER_ROLES("member.roles",         GUILD,   MEMBER, MANAGE_ROLES,                          TARGET_BELOW, ROLES_BELOW),
  MEMBER_NICK("member.nick",           GUILD,   MEMBER, MANAGE_GUILD,                          TARGET_BELOW),
  MEMBER_OWN_NICK("member.own_nick",   GUILD,   MEMBER, 0),
  MEMBER_TIMEOUT("member.timeout",     GUILD,   MEMBER, MODERATE_MEMBERS,                      TARGET_BELOW),
  MEMBER_KICK("member.kick",           GUILD,   MEMBER, KICK_MEMBERS,                          TARGET_BELOW),
  BAN_LIST("ban.list",                 GUILD,   MEMBER, BAN_MEMBERS),
  BAN_PUT("ban.put",                   GUILD,   MEMBER, BAN_MEMBERS,                           TARGET_BELOW),
  BAN_DELETE("ban.delete",             GUILD,   MEMBER, BAN_MEMBERS),

  // ---- roles
  ROLE_LIST("role.list",               GUILD,   MEMBER, 0),
  ROLE_CREATE("role.create",           GUILD,   MEMBER, MANAGE_ROLES,                          GRANT_HELD),
  ROLE_UPDATE("role.update",           GUILD,   MEMBER, MANAGE_ROLES,                          ROLES_BELOW, GRANT_HELD),
  ROLE_REORDER("role.reorder",         GUILD,   MEMBER, MANAGE_ROLES,                          ROLES_BELOW, POSITIONS_BELOW),
  ROLE_DELETE("role.delete",           GUILD,   MEMBER, MANAGE_ROLES,                          ROLES_BELOW);

  /**
   * Where an action is decided: on the guild's base permissions, on a channel's (after overwrites; in a
   * DM or group DM, a recipient's), or between the actor and other users ({@code target_user_ids}).
   */
  public enum Scope { GUILD, CHANNEL, USER }

  /** Who may at all: any member (then the bits decide), or the owner only (of the guild, or of the group DM). */
  public enum Who { MEMBER, OWNER }

  /**
   * The rules beyond bits. Each names the request detail it reads; the ones about rank (all but the author
   * rules) exempt the owner, who outranks everyone. Applied in this order.
   */
  public enum Rule {
    /**
     * {@code target_user_id}: the member acted on must have a highest role below the actor's, and is never
     * the owner. Discord's hierarchy: nobody moderates their equals or betters, or the guild's owner. Acting
     * on oneself is not acting on another member (changing one's own roles is bounded by ROLES_BELOW).
     */
    TARGET_BELOW,
    /**
     * {@code role_ids}, and the roles a {@code member_roles} change adds to or removes from {@code roles_of}:
     * each must be below the actor's highest role (@everyone excepted). Otherwise a moderator could edit,
     * hand out or take away a role as strong as their own, and so raise themselves or others to it.
     */
    ROLES_BELOW,
    /** {@code positions}: a role may only be moved below the actor's highest role, for the same reason. */
    POSITIONS_BELOW,
    /**
     * {@code grant}: every bit granted (a role's permissions, an overwrite's allow and deny) must be held by
     * the actor here; administrators hold all. Otherwise MANAGE_ROLES would be a key to every permission.
     */
    GRANT_HELD,
    /**
     * {@code target_id} and {@code target_type} (0 role, 1 member; when absent, whichever the id is): an
     * overwrite may not be put on or taken off a role at or above the actor's highest role, nor a member
     * whose highest role is at or above it. Discord's rule: an overwrite changes what its target may do,
     * which is managing that role or member. @everyone's overwrite is below everyone, so MANAGE_ROLES in
     * the channel is enough for it.
     */
    OVERWRITE_TARGET_BELOW,
    /** {@code author_id}: only the message's author; a message is its author's words, nobody else's. */
    AUTHOR_ONLY,
    /**
     * {@code author_id}: the author, or whoever holds MANAGE_MESSAGES in the channel. Removing is moderation;
     * rewriting is not, which is why editing has no such second way.
     */
    AUTHOR_OR_MANAGE_MESSAGES,
    /**
     * A timed-out member may not do it (owner and administrators exempt, as from the timeout itself).
     * Discord lets authors edit in channels where they may no longer send, so editing cannot need
     * SEND_MESSAGES; but a timeout means silence, and an edit would break it.
     */
    NOT_TIMED_OUT,
    /**
     * In a 1:1 DM, neither party blocks the other (a blocked user may not reach the blocker; the blocker,
     * until they unblock, may not write to them either: Discord's rule). For {@code dm.open}, none of
     * {@code target_user_ids} blocks the actor. Guild channels and group DMs: no effect (the blocker's
     * client hides what blocked people say there).
     */
    NOT_BLOCKED,
    /**
     * {@code target_user_ids}: each shares a guild with the actor, or already has a DM with them. Discord's
     * default ("allow direct messages from server members"): a stranger cannot write to anyone by id.
     */
    SHARES_GUILD_OR_DM,
    /** {@code target_user_id}: leaving is anyone's; removing someone else is the group's owner's. */
    SELF_OR_OWNER,
    /** The channel must be a group DM (checked first: anywhere else it is a 400 naming {@code channel_id}). */
    GROUP_DM_ONLY,
    /**
     * In a locked thread only holders of MANAGE_THREADS may do it (Discord's lock: the thread stays
     * readable, and only moderators may speak in it or reopen it). Read from the thread itself.
     */
    UNLOCKED_OR_MANAGE_THREADS,
    /**
     * The thread's owner (while it is not locked), or a holder of MANAGE_THREADS: a thread is its
     * starter's to rename or archive, and moderation for everyone else.
     */
    THREAD_OWNER_OR_MANAGE_THREADS,
    /** {@code sets_lock}: locking or unlocking a thread is moderation, whoever owns it. */
    LOCK_NEEDS_MANAGE_THREADS
  }

  /**
   * The action as it is decided in a thread, where Discord asks for other bits or other rules: posting
   * needs SEND_MESSAGES_IN_THREADS (not SEND_MESSAGES), and changing or deleting the thread is its
   * owner's or a MANAGE_THREADS holder's (not MANAGE_CHANNELS). Routes ask the channel action; the
   * permissions verticle, which knows the channel is a thread, decides this one.
   */
  public Action inThread() {
    return switch (this) {
      case MESSAGE_SEND -> THREAD_SEND;
      case TYPING_START -> THREAD_TYPING;
      case CHANNEL_UPDATE -> THREAD_UPDATE;
      case CHANNEL_DELETE -> THREAD_DELETE;
      default -> this;
    };
  }

  public final String id;
  public final Scope scope;
  public final Who who;
  public final long bits;
  public final Set<Rule> rules;

  Action(String id, Scope scope, Who who, long bits, Rule... rules) {
    this.id = id;
    this.scope = scope;
    this.who = who;
    this.bits = bits;
    this.rules = rules.length == 0 ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(List.of(rules));
  }

  /** The action named {@code id} (as in a request), or IllegalArgumentException. */
  public static Action of(String id) {
    for (Action action : values()) {
      if (action.id.equals(id)) {
        return action;
      }
    }
    throw new IllegalArgumentException("unknown action " + id);
  }

  /** Bit names, for messages that say what is missing. */
  private static final List<Object[]> NAMES = List.of(
      new Object[] {Permissions.CREATE_INSTANT_INVITE, "CREATE_INSTANT_INVITE"}, new Object[] {Permissions.KICK_MEMBERS, "KICK_MEMBERS"},
      new Object[] {Permissions.BAN_MEMBERS, "BAN_MEMBERS"}, new Object[] {Permissions.ADMINISTRATOR, "ADMINISTRATOR"},
      new Object[] {Permissions.MANAGE_CHANNELS, "MANAGE_CHANNELS"}, new Object[] {Permissions.MANAGE_GUILD, "MANAGE_GUILD"},
      new Object[] {Permissions.ADD_REACTIONS, "ADD_REACTIONS"}, new Object[] {Permissions.VIEW_CHANNEL, "VIEW_CHANNEL"},
      new Object[] {Permissions.SEND_MESSAGES, "SEND_MESSAGES"}, new Object[] {Permissions.MANAGE_MESSAGES, "MANAGE_MESSAGES"},
      new Object[] {Permissions.READ_MESSAGE_HISTORY, "READ_MESSAGE_HISTORY"}, new Object[] {Permissions.MENTION_EVERYONE, "MENTION_EVERYONE"},
      new Object[] {Permissions.MANAGE_ROLES, "MANAGE_ROLES"}, new Object[] {Permissions.MANAGE_THREADS, "MANAGE_THREADS"},
      new Object[] {Permissions.CREATE_PUBLIC_THREADS, "CREATE_PUBLIC_THREADS"},
      new Object[] {Permissions.SEND_MESSAGES_IN_THREADS, "SEND_MESSAGES_IN_THREADS"}, new Object[] {Permissions.MODERATE_MEMBERS, "MODERATE_MEMBERS"});

  /** "MANAGE_ROLES, SEND_MESSAGES" for those bits. */
  public static String names(long bits) {
    StringBuilder out = new StringBuilder();
    for (Object[] name : NAMES) {
      if ((bits & (long) name[0]) != 0) {
        out.append(out.length() == 0 ? "" : ", ").append(name[1]);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
