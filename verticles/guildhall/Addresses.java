package guildhall;

/**
 * Every event-bus address in one place. Dotted lowercase nouns, grouped by the verticle that consumes them.
 */
public final class Addresses {
  private Addresses() {}

  // Store: the only code that speaks SQL.
  public static final String STORE_USER_BY_NAME = "store.users.by-name";
  public static final String STORE_USER_CREATE = "store.users.create";
  public static final String STORE_USER_UPDATE = "store.users.update";
  public static final String STORE_USER_GET = "store.users.get";
  public static final String STORE_PRESENCE_GET = "store.presence.get";
  public static final String STORE_PRESENCE_SET = "store.presence.set";
  /** A member's notification settings in one guild (and its channels): read, or changed as the request says. */
  public static final String STORE_NOTIFICATION_SETTINGS_GET = "store.notification-settings.get";
  public static final String STORE_NOTIFICATION_SETTINGS_SET = "store.notification-settings.set";
  public static final String STORE_TOKEN_CREATE = "store.tokens.create";
  public static final String STORE_TOKEN_RESOLVE = "store.tokens.resolve";
  public static final String STORE_TOKEN_DELETE = "store.tokens.delete";
  /** A token was used: its session's last_used_at moves on (sent at most once a minute per token and HTTP instance). */
  public static final String STORE_TOKEN_TOUCH = "store.tokens.touch";
  public static final String STORE_SESSION_LIST = "store.sessions.list";
  public static final String STORE_SESSION_END = "store.sessions.end";
  public static final String STORE_SESSION_END_ALL = "store.sessions.end-all";
  public static final String STORE_GUILD_CREATE = "store.guilds.create";
  public static final String STORE_GUILD_GET = "store.guilds.get";
  public static final String STORE_GUILD_UPDATE = "store.guilds.update";
  public static final String STORE_GUILD_DELETE = "store.guilds.delete";
  public static final String STORE_GUILD_DIRECTORY = "store.guilds.directory";
  public static final String STORE_MEMBER_JOIN = "store.members.join";
  public static final String STORE_MEMBER_LEAVE = "store.members.leave";
  public static final String STORE_MEMBER_LIST = "store.members.list";
  public static final String STORE_INVITE_CREATE = "store.invites.create";
  public static final String STORE_INVITE_ACCEPT = "store.invites.accept";
  public static final String STORE_CHANNEL_CREATE = "store.channels.create";
  public static final String STORE_CHANNEL_UPDATE = "store.channels.update";
  public static final String STORE_CHANNEL_DELETE = "store.channels.delete";
  public static final String STORE_THREAD_CREATE = "store.threads.create";
  public static final String STORE_THREAD_LIST = "store.threads.list";
  public static final String STORE_THREAD_UPDATE = "store.threads.update";
  public static final String STORE_THREAD_DELETE = "store.threads.delete";
  public static final String STORE_THREAD_MEMBER = "store.threads.member";
  public static final String STORE_THREAD_JOIN = "store.threads.join";
  public static final String STORE_THREAD_LEAVE = "store.threads.leave";
  public static final String STORE_OVERWRITE_PUT = "store.overwrites.put";
  public static final String STORE_OVERWRITE_DELETE = "store.overwrites.delete";
  public static final String STORE_ROLE_LIST = "store.roles.list";
  public static final String STORE_ROLE_CREATE = "store.roles.create";
  public static final String STORE_ROLE_UPDATE = "store.roles.update";
  public static final String STORE_ROLE_REORDER = "store.roles.reorder";
  public static final String STORE_ROLE_DELETE = "store.roles.delete";
  public static final String STORE_MEMBER_PATCH = "store.members.patch";
  public static final String STORE_MEMBER_KICK = "store.members.kick";
  public static final String STORE_BAN_PUT = "store.bans.put";
  public static final String STORE_BAN_DELETE = "store.bans.delete";
  public static final String STORE_BAN_LIST = "store.bans.list";
  public static final String STORE_REPORT_CREATE = "store.reports.create";
  public static final String STORE_REPORT_GET = "store.reports.get";
  public static final String STORE_REPORT_LIST = "store.reports.list";
  public static final String STORE_REPORT_UPDATE = "store.reports.update";
  public static final String STORE_MESSAGE_CREATE = "store.messages.create";
  public static final String STORE_MESSAGE_UPDATE = "store.messages.update";
  public static final String STORE_MESSAGE_DELETE = "store.messages.delete";
  /** One message by id in its channel, or 404: what a route must know (its author) before asking to edit or delete it. */
  public static final String STORE_MESSAGE_GET = "store.messages.get";
  public static final String STORE_REACTION_ADD = "store.reactions.add";
  public static final String STORE_REACTION_REMOVE = "store.reactions.remove";
  public static final String STORE_MESSAGE_LIST = "store.messages.list";
  /** A user read a channel up to a message (its read state moves forward only). */
  public static final String STORE_READ_STATE_ACK = "store.read-states.ack";
  /** DMs, group DMs, their recipients, and blocks. */
  public static final String STORE_DM_OPEN = "store.dms.open";
  public static final String STORE_GROUP_DM_CREATE = "store.dms.create-group";
  public static final String STORE_DM_LIST = "store.dms.list";
  public static final String STORE_RECIPIENT_ADD = "store.dms.recipients.add";
  public static final String STORE_RECIPIENT_REMOVE = "store.dms.recipients.remove";
  /** {user_ids, field}: fails 400 naming {@code field} when one of them is no user. */
  public static final String STORE_USERS_EXIST = "store.users.exist";
  public static final String STORE_RELATIONSHIP_PUT = "store.relationships.put";
  public static final String STORE_RELATIONSHIP_DELETE = "store.relationships.delete";
  public static final String STORE_SNAPSHOT = "store.snapshot";
  public static final String STORE_EVENTS_SINCE = "store.events.since";
  /** Everything the permissions verticle needs to decide, loaded once at its start. */
  public static final String STORE_PERMISSION_STATE = "store.permissions.state";

  /** Whether this node's database can commit: {ok, reason?}, from the last commit or a probe. Node-local. */
  public static final String STORE_READINESS = "store.readiness";

  /**
   * Published cluster-wide by each node's store after each commit, and every few milliseconds when
   * clustered: {node, position, events}, the events of that commit in id order and the node's position
   * (no id of it at or below that is still to come; the fan-out's commit order waits for it).
   */
  public static final String EVENTS_COMMITTED = "events.committed";

  /** Cluster-wide: {node, taken: {bucket: tokens}}, what one node's rate limits took, so that the others take it too. */
  public static final String RATE_LIMITS_TAKEN = "rate-limits.taken";

  /** Node-local, the fan-out: {until}, the id through which every committed event has been written to streams (absent when alone). */
  public static final String EVENTS_WATERMARK = "events.watermark";

  // Permissions: decides from memory.
  public static final String PERMISSIONS_CHECK = "permissions.check";
  public static final String PERMISSIONS_FILTER = "permissions.filter";
  /** Compares the permissions verticle's memory with a fresh load from the database. Node-local. */
  public static final String PERMISSIONS_SELF_CHECK = "permissions.self-check";
  /** Answered once the permission state is loaded (no handler before): part of {@code /ready}. Node-local. */
  public static final String PERMISSIONS_READINESS = "permissions.readiness";
  /** What a message's parsed mentions come to (valid roles, whether @everyone counts, whom it pings). Node-local. */
  public static final String PERMISSIONS_MENTIONS = "permissions.mentions";
  /**
   * {user_id, guild_id | null}: the member list the user's client shows now; fails 404 when they are not
   * in that guild. Node-local: the node applies it, then tells the others on {@link #PERMISSIONS_MEMBER_LISTS}.
   */
  public static final String PERMISSIONS_MEMBER_LIST = "permissions.member-list";
  /** Cluster-wide: {node, lists: [{user_id, guild_id | null, at, node}]}, member lists shown, as one node learnt of them. */
  public static final String PERMISSIONS_MEMBER_LISTS = "permissions.member-lists";
  /** Cluster-wide: {node}, a node's permissions verticle has started; the others tell it which lists are shown. */
  public static final String PERMISSIONS_MEMBER_LISTS_HELLO = "permissions.member-lists.hello";
  /**
   * Node-local, from presence: {user_id}, the user went offline cluster-wide (their last stream on any node
   * closed); the node forgets their member list. Every node sees the same offline, so each forgets for itself.
   */
  public static final String PERMISSIONS_MEMBER_LIST_FORGET = "permissions.member-list.forget";
  /** Ephemeral (never stored) events to route: presence and typing. Node-local. */
  public static final String PERMISSIONS_EPHEMERAL = "permissions.ephemeral";

  // Presence: who is online and typing; never stored.
  public static final String PRESENCE_CONNECTED = "presence.connected";
  public static final String PRESENCE_DISCONNECTED = "presence.disconnected";
  public static final String PRESENCE_QUERY = "presence.query";
  public static final String PRESENCE_TYPING = "presence.typing";
  /** Published cluster-wide when a user's connection count on one node goes between zero and non-zero. */
  public static final String PRESENCE_NODE_CHANGE = "presence.node-change";
  /** Cluster-wide: a user's client says they are away from the keyboard (or back); never stored. */
  public static final String PRESENCE_AFK = "presence.afk";
  /** Cluster-wide: {node}, a node's presence verticle has started; the others tell it who is online on them. */
  public static final String PRESENCE_HELLO = "presence.hello";

  // Fan-out: this node's SSE connections. Node-local.
  public static final String FANOUT_REGISTER = "fanout.register";
  public static final String FANOUT_UNREGISTER = "fanout.unregister";
  public static final String FANOUT_DELIVER = "fanout.deliver";
  /** Ends every stream on this node (they reconnect and replay): before maintenance, and in tests. */
  public static final String FANOUT_DROP_ALL = "fanout.drop-all";

  /**
   * Published cluster-wide with a revoked token's hash (logout, a session ended, logout-all, a password
   * change): every HTTP instance drops it from its cache and every fan-out ends the streams it opened.
   */
  public static final String AUTH_TOKEN_REVOKED = "auth.token.revoked";
}
