package guildhall;

import guildhall.permissions.Permissions;

/**
 * The catalogue: every event type the server sends, listed once, with who may receive it and whether
 * it can change what its receivers may see. The permissions package's {@code Audiences} turns an
 * (event, state) pair into its receivers from this alone, for live delivery, replay and the snapshot.
 * Each type's payload has a schema in {@code openapi.yaml} ({@code <Type>Event}).
 */
public enum EventType {
  MESSAGE_CREATE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  MESSAGE_UPDATE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  MESSAGE_DELETE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  MESSAGE_REACTION_ADD(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  MESSAGE_REACTION_REMOVE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  /**
   * The user read a channel up to a message: their read state, to all their own sessions, so that reading
   * on one clears the badge on the others. {@code channel_id} and {@code guild_id} name where, so that the
   * log forgets it with its channel or guild.
   */
  MESSAGE_ACK(Audience.ONE_USER, Reshape.NONE),
  CHANNEL_CREATE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  /** Reshapes the guild when its overwrites or its category changed (the store says which). */
  CHANNEL_UPDATE(Audience.CHANNEL_VIEWERS, Reshape.GUILD),
  /** Judged before it applies: whoever could see the channel learns it is gone. */
  CHANNEL_DELETE(Audience.CHANNEL_VIEWERS, Reshape.GUILD),
  /**
   * Someone joined a group DM (the event's user). Reshapes them: what the channel said before they
   * joined was never theirs, so a replay across their joining answers them RESYNC.
   */
  CHANNEL_RECIPIENT_ADD(Audience.CHANNEL_VIEWERS, Reshape.SUBJECT),
  /** Someone left or was removed from a group DM (the event's user): they see nothing more of it. */
  CHANNEL_RECIPIENT_REMOVE(Audience.CHANNEL_VIEWERS, Reshape.SUBJECT),
  /**
   * A thread started. The thread events' {@code channel_id} is the thread's parent: whoever may see the
   * parent sees its threads, and that audience outlives the thread, so a THREAD_DELETE replays as it went live.
   */
  THREAD_CREATE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  /** A thread's new state: name, archive, lock, message_count, member_count. */
  THREAD_UPDATE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  THREAD_DELETE(Audience.CHANNEL_VIEWERS, Reshape.NONE),
  /** The guild as the user first sees it, on creating or joining it: the start of their membership. */
  GUILD_CREATE(Audience.ONE_USER, Reshape.NONE),
  /** Reshapes the guild when its owner changed. */
  GUILD_UPDATE(Audience.GUILD_MEMBERS, Reshape.GUILD),
  /** The user's membership ended; its {@code reason} says how: left, kicked, banned, or deleted (the guild). */
  GUILD_DELETE(Audience.ONE_USER, Reshape.SUBJECT),
  GUILD_MEMBER_ADD(Audience.GUILD_MEMBERS, Reshape.NONE),
  /** Reshapes its member (the event's user) when their roles or timeout changed. */
  GUILD_MEMBER_UPDATE(Audience.GUILD_MEMBERS, Reshape.SUBJECT),
  GUILD_MEMBER_REMOVE(Audience.GUILD_MEMBERS, Reshape.NONE),
  GUILD_ROLE_CREATE(Audience.GUILD_MEMBERS, Reshape.NONE),
  /** Reshapes the guild when the role's permissions changed; a move alone does not. */
  GUILD_ROLE_UPDATE(Audience.GUILD_MEMBERS, Reshape.GUILD),
  GUILD_ROLE_DELETE(Audience.GUILD_MEMBERS, Reshape.GUILD),
  /** Bans are moderators' business, as in Discord: only holders of BAN_MEMBERS hear of them. */
  GUILD_BAN_ADD(Audience.PERMISSION_HOLDERS, Reshape.NONE, Permissions.BAN_MEMBERS),
  GUILD_BAN_REMOVE(Audience.PERMISSION_HOLDERS, Reshape.NONE, Permissions.BAN_MEMBERS),
  /** A message was reported: to the moderation queue's readers (MANAGE_MESSAGES) only, never to its author as such. */
  REPORT_CREATE(Audience.PERMISSION_HOLDERS, Reshape.NONE, Permissions.MANAGE_MESSAGES),
  /** A report was resolved or dismissed; the same audience. */
  REPORT_UPDATE(Audience.PERMISSION_HOLDERS, Reshape.NONE, Permissions.MANAGE_MESSAGES),
  /** The user's own account; others learn of a profile change through GUILD_MEMBER_UPDATE per guild. */
  USER_UPDATE(Audience.ONE_USER, Reshape.NONE),
  /** A relationship of the event's user (a block: type 2), theirs alone, as in Discord. */
  RELATIONSHIP_ADD(Audience.ONE_USER, Reshape.NONE),
  RELATIONSHIP_REMOVE(Audience.ONE_USER, Reshape.NONE),
  /** The presence the user chose (status, custom status), to their own sessions. */
  USER_SETTINGS_UPDATE(Audience.ONE_USER, Reshape.NONE),
  /** The user's notification settings in one guild (and its channels' overrides), to their own sessions. */
  USER_GUILD_SETTINGS_UPDATE(Audience.ONE_USER, Reshape.NONE),
  /**
   * Ephemeral (never stored): the status others see (invisible shows as offline), to everyone who
   * shares a guild, a DM or a group DM with the user, and the user.
   */
  PRESENCE_UPDATE(Audience.SHARED_GUILDS, Reshape.NONE),
  /**
   * Ephemeral (never stored): to the channel's viewers, in a large guild only to those who show its
   * member list (see {@link Audience#CHANNEL_VIEWERS_SHOWING}). Typing in a thread names the thread as
   * its channel, whose viewers are its parent's.
   */
  TYPING_START(Audience.CHANNEL_VIEWERS_SHOWING, Reshape.NONE),
  /** Stream control, to one stream: the cursor cannot be served; take a new snapshot. */
  RESYNC(Audience.ONE_STREAM, Reshape.NONE),
  /** Stream control, to one stream: the replay is over, what follows is live. */
  RESUMED(Audience.ONE_STREAM, Reshape.NONE);

  /** Who receives an event, given the state at its time. */
  public enum Audience {
    /** The event's {@code user_id}. */
    ONE_USER,
    /** The members of the event's guild. */
    GUILD_MEMBERS,
    /**
     * Whoever may view the event's channel (a thread's viewers are its parent's). A private channel (a
     * DM or group DM, which has no guild) is viewed by its recipients; its CHANNEL_CREATE or
     * CHANNEL_DELETE that names a user (one added, or one who left or was removed) reaches that user alone.
     */
    CHANNEL_VIEWERS,
    /**
     * As {@link #CHANNEL_VIEWERS}, except in a large guild (above guilds.large_threshold): only those of
     * the channel's viewers who show the guild's member list, which a client does whenever it has the
     * guild open. Nobody draws a typing indicator for a guild not on screen, and in a large guild every
     * viewer's copy would be most of the deliveries. Ephemeral events only (replay never asks).
     */
    CHANNEL_VIEWERS_SHOWING,
    /** Members of the event's guild whose roles grant {@link #permission} (timeouts aside: they limit acts, not sight). */
    PERMISSION_HOLDERS,
    /** The event's user and everyone who shares a guild, a DM or a group DM with them. Ephemeral events only. */
    SHARED_GUILDS,
    /** Not routed: written to one stream by the fan-out itself. */
    ONE_STREAM
  }

  /**
   * Whether an event can change who receives later events, and for whom. A replay that crosses a
   * reshaping event answers RESYNC to those it may have reshaped: today's state cannot say what they
   * could see before it.
   */
  public enum Reshape {
    NONE,
    /** The event's user alone. */
    SUBJECT,
    /** Any member of the event's guild. */
    GUILD
  }

  public final Audience audience;
  public final Reshape reshape;
  /** For {@link Audience#PERMISSION_HOLDERS}: the bits a receiver must hold. */
  public final long permission;

  EventType(Audience audience, Reshape reshape) {
    this(audience, reshape, 0);
  }

  EventType(Audience audience, Reshape reshape, long permission) {
    this.audience = audience;
    this.reshape = reshape;
    this.permission = permission;
  }

  /** The type of an event as it travels ({@code {"type": "MESSAGE_CREATE", ...}}). */
  public static EventType of(io.vertx.core.json.JsonObject event) {
    return valueOf(event.getString("type"));
  }
}
