package guildhall.store;

/**
 * All of Guildhall's SQL, one field per query named for its intent. Written once with {@code ?}
 * placeholders in SQL both SQLite and PostgreSQL accept; for PostgreSQL they are renumbered {@code $n}.
 */
class SqlQueries {
  /** The dialect comes from an overriding method, not a field: the query fields below are set before any constructor body runs. */
  static SqlQueries of(boolean postgres) {
    return postgres ? new SqlQueries() {
      @Override
      boolean postgres() {
        return true;
      }
    } : new SqlQueries();
  }

  private SqlQueries() {}

  boolean postgres() {
    return false;
  }

  private String q(String sql) {
    if (!postgres()) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  // ---- users and tokens
  private static final String USER_COLUMNS = "SELECT id, username, global_name, password_hash FROM users ";
  final String userByName = q(USER_COLUMNS + "WHERE username_key = ?");
  final String userById = q(USER_COLUMNS + "WHERE id = ?");
  final String insertUser = q("INSERT INTO users (id, username, username_key, global_name, password_hash, created_at) "
      + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username_key) DO NOTHING");
  final String updateUser = q("UPDATE users SET username = ?, username_key = ?, global_name = ?, password_hash = ? WHERE id = ?");

  // ---- tokens, which are the user's sessions
  final String insertToken = q("INSERT INTO tokens (token_hash, user_id, created_at, session_id, last_used_at, device) VALUES (?, ?, ?, ?, ?, ?)");
  final String tokenUser = q("SELECT user_id, last_used_at FROM tokens WHERE token_hash = ?");
  final String deleteToken = q("DELETE FROM tokens WHERE token_hash = ?");
  /** The guard makes a late or repeated touch (from several HTTP instances) a no-op. */
  final String touchToken = q("UPDATE tokens SET last_used_at = ? WHERE token_hash = ? AND (last_used_at IS NULL OR last_used_at < ?)");
  final String sessionsOfUser = q("SELECT token_hash, session_id, device, created_at, last_used_at FROM tokens WHERE user_id = ? ORDER BY created_at, token_hash");
  final String nameSession = q("UPDATE tokens SET session_id = ? WHERE token_hash = ? AND session_id IS NULL");
  final String sessionToken = q("SELECT token_hash FROM tokens WHERE user_id = ? AND session_id = ?");
  final String tokensOfUser = q("SELECT token_hash FROM tokens WHERE user_id = ?");
  final String deleteTokensOfUser = q("DELETE FROM tokens WHERE user_id = ?");
  final String deleteOtherTokens = q("DELETE FROM tokens WHERE user_id = ? AND token_hash <> ?");

  // ---- the chosen presence (status and custom status; being online is never stored)
  final String presenceOfUser = q("SELECT status, custom_text, custom_emoji FROM user_presence WHERE user_id = ?");
  final String upsertPresence = q("INSERT INTO user_presence (user_id, status, custom_text, custom_emoji) VALUES (?, ?, ?, ?) "
      + "ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, custom_text = excluded.custom_text, custom_emoji = excluded.custom_emoji");

  // ---- notification settings: a member's per guild, and their overrides per channel
  private static final String GUILD_SETTINGS_COLUMNS = "SELECT s.guild_id, s.message_notifications, s.muted, s.mute_end_time FROM user_guild_settings s ";
  final String guildSettingsOf = q(GUILD_SETTINGS_COLUMNS + "WHERE s.guild_id = ? AND s.user_id = ?");
  final String guildSettingsOfUser = q(GUILD_SETTINGS_COLUMNS + "WHERE s.user_id = ? ORDER BY s.guild_id");
  private static final String CHANNEL_OVERRIDE_COLUMNS = "SELECT o.guild_id, o.channel_id, o.message_notifications, o.muted, o.mute_end_time FROM user_channel_overrides o ";
  final String channelOverridesOf = q(CHANNEL_OVERRIDE_COLUMNS + "WHERE o.guild_id = ? AND o.user_id = ? ORDER BY o.channel_id");
  final String channelOverridesOfUser = q(CHANNEL_OVERRIDE_COLUMNS + "WHERE o.user_id = ? ORDER BY o.guild_id, o.channel_id");
  final String upsertGuildSettings = q("INSERT INTO user_guild_settings (guild_id, user_id, message_notifications, muted, mute_end_time) VALUES (?, ?, ?, ?, ?) "
      + "ON CONFLICT (guild_id, user_id) DO UPDATE SET message_notifications = excluded.message_notifications, muted = excluded.muted, "
      + "mute_end_time = excluded.mute_end_time");
  final String upsertChannelOverride = q("INSERT INTO user_channel_overrides (guild_id, user_id, channel_id, message_notifications, muted, mute_end_time) "
      + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, channel_id) DO UPDATE SET "
      + "message_notifications = excluded.message_notifications, muted = excluded.muted, mute_end_time = excluded.mute_end_time");
  final String deleteChannelOverride = q("DELETE FROM user_channel_overrides WHERE guild_id = ? AND user_id = ? AND channel_id = ?");
  final String pruneChannelOverrides = q("DELETE FROM user_channel_overrides WHERE guild_id = ? AND user_id = ? "
      + "AND channel_id NOT IN (SELECT c.id FROM channels c WHERE c.guild_id = ?)");

  // ---- guilds
  private static final String GUILD_COLUMNS = "SELECT g.id, g.name, g.description, g.owner_id, g.is_public FROM guilds g ";
  final String guildById = q(GUILD_COLUMNS + "WHERE g.id = ?");
  final String guildsOfUser = q(GUILD_COLUMNS + "JOIN members me ON me.guild_id = g.id WHERE me.user_id = ? ORDER BY me.joined_at, g.id");
  final String allGuilds = q(GUILD_COLUMNS);
  final String insertGuild = q("INSERT INTO guilds (id, name, description, owner_id, is_public, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  final String updateGuild = q("UPDATE guilds SET name = ?, description = ?, is_public = ?, owner_id = ? WHERE id = ?");
  final String publicGuilds = q("SELECT g.id, g.name, g.description, "
      + "(SELECT COUNT(*) FROM members m WHERE m.guild_id = g.id) AS member_count "
      + "FROM guilds g WHERE g.is_public = 1 ORDER BY member_count DESC, g.id LIMIT 100");
  final String deleteGuild = q("DELETE FROM guilds WHERE id = ?");

  // ---- roles
  private static final String ROLE_COLUMNS = "SELECT r.id, r.guild_id, r.name, r.color, r.permissions, r.position, r.hoist, r.mentionable FROM roles r ";
  final String rolesOfGuild = q(ROLE_COLUMNS + "WHERE r.guild_id = ?");
  final String rolesOfUserGuilds = q(ROLE_COLUMNS + "JOIN members me ON me.guild_id = r.guild_id WHERE me.user_id = ?");
  final String allRoles = q(ROLE_COLUMNS);
  final String roleById = q(ROLE_COLUMNS + "WHERE r.id = ? AND r.guild_id = ?");
  final String updateRole = q("UPDATE roles SET name = ?, color = ?, permissions = ?, position = ?, hoist = ?, mentionable = ? WHERE id = ?");
  final String setRolePosition = q("UPDATE roles SET position = ? WHERE id = ?");
  final String deleteRole = q("DELETE FROM roles WHERE id = ?");
  final String deleteRoleOverwrites = q("DELETE FROM overwrites WHERE target_id = ? AND type = 0");
  final String insertRole = q("INSERT INTO roles (id, guild_id, name, color, permissions, position, hoist, mentionable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

  // ---- members
  private static final String MEMBER_COLUMNS = "SELECT m.guild_id, m.user_id, m.nick, m.joined_at, m.communication_disabled_until, "
      + "u.username, u.global_name FROM members m JOIN users u ON u.id = m.user_id ";
  final String membersOfGuild = q(MEMBER_COLUMNS + "WHERE m.guild_id = ? ORDER BY m.joined_at, m.user_id");
  final String membersOfUserGuilds = q(MEMBER_COLUMNS + "JOIN members me ON me.guild_id = m.guild_id WHERE me.user_id = ? ORDER BY m.joined_at, m.user_id");
  final String allMembers = q(MEMBER_COLUMNS);
  final String memberCountOfGuild = q("SELECT guild_id, COUNT(*) AS count FROM members WHERE guild_id = ? GROUP BY guild_id");
  /** How many members each of the user's guilds has: what tells a large guild from a small one. */
  final String memberCountsOfUserGuilds = q("SELECT m.guild_id, COUNT(*) AS count FROM members me "
      + "JOIN members m ON m.guild_id = me.guild_id WHERE me.user_id = ? GROUP BY m.guild_id");
  // A term on `me` alone: counted once per guild of the user, not once per member row.
  private static final String SMALL_GUILD = " AND (SELECT COUNT(*) FROM members c WHERE c.guild_id = me.guild_id) <= ?";
  /** The members of the user's small guilds (at most guilds.large_threshold members each). */
  final String membersOfUserSmallGuilds = q(MEMBER_COLUMNS + "JOIN members me ON me.guild_id = m.guild_id WHERE me.user_id = ?"
      + SMALL_GUILD + " ORDER BY m.joined_at, m.user_id");
  /** A page of a guild's member list: by user id, after one. */
  final String membersPage = q(MEMBER_COLUMNS + "WHERE m.guild_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?");
  /** The roles of the members of a page: user ids in (after, last]. */
  final String memberRolesOfPage = q("SELECT mr.guild_id, mr.user_id, mr.role_id FROM member_roles mr "
      + "WHERE mr.guild_id = ? AND mr.user_id > ? AND mr.user_id <= ?");
  final String memberOfGuild = q(MEMBER_COLUMNS + "WHERE m.guild_id = ? AND m.user_id = ?");
  final String insertMember = q("INSERT INTO members (guild_id, user_id, joined_at) VALUES (?, ?, ?) ON CONFLICT (guild_id, user_id) DO NOTHING");
  final String deleteMember = q("DELETE FROM members WHERE guild_id = ? AND user_id = ?");
  final String insertMemberRole = q("INSERT INTO member_roles (guild_id, user_id, role_id) VALUES (?, ?, ?)");
  final String updateMember = q("UPDATE members SET nick = ?, communication_disabled_until = ? WHERE guild_id = ? AND user_id = ?");
  /** Every membership of one user, for the GUILD_MEMBER_UPDATE each of their guilds gets when their profile changes. */
  final String membershipsOfUser = q(MEMBER_COLUMNS + "WHERE m.user_id = ? ORDER BY m.guild_id");
  final String memberRolesOfUser = q("SELECT guild_id, role_id FROM member_roles WHERE user_id = ?");
  final String memberRolesOf = q("SELECT role_id FROM member_roles WHERE guild_id = ? AND user_id = ?");
  final String deleteMemberRoles = q("DELETE FROM member_roles WHERE guild_id = ? AND user_id = ?");
  private static final String MEMBER_ROLE_COLUMNS = "SELECT mr.guild_id, mr.user_id, mr.role_id FROM member_roles mr ";
  final String memberRolesOfGuild = q(MEMBER_ROLE_COLUMNS + "WHERE mr.guild_id = ?");
  final String memberRolesOfUserGuilds = q(MEMBER_ROLE_COLUMNS + "JOIN members me ON me.guild_id = mr.guild_id WHERE me.user_id = ?");
  final String memberRolesOfUserSmallGuilds = q(MEMBER_ROLE_COLUMNS + "JOIN members me ON me.guild_id = mr.guild_id WHERE me.user_id = ?"
      + SMALL_GUILD);
  final String allMemberRoles = q(MEMBER_ROLE_COLUMNS);

  // ---- channels and overwrites
  private static final String CHANNEL_COLUMNS = "SELECT c.id, c.guild_id, c.type, c.name, c.topic, c.position, c.parent_id, "
      + "(SELECT MAX(lm.id) FROM messages lm WHERE lm.channel_id = c.id) AS last_message_id FROM channels c ";
  final String channelById = q(CHANNEL_COLUMNS + "WHERE c.id = ?");
  // Threads (type 11) are channels too, but not among a guild's channels: they come with threadsOf* below.
  final String channelsOfGuild = q(CHANNEL_COLUMNS + "WHERE c.guild_id = ? AND c.type <> 11 ORDER BY c.position, c.id");
  final String channelsOfUserGuilds = q(CHANNEL_COLUMNS + "JOIN members me ON me.guild_id = c.guild_id WHERE me.user_id = ? AND c.type <> 11 ORDER BY c.position, c.id");
  final String allChannels = q("SELECT c.id, c.guild_id, c.type, c.name, c.topic, c.position, c.parent_id, NULL AS last_message_id FROM channels c WHERE c.type <> 11");
  final String insertChannel = q("INSERT INTO channels (id, guild_id, type, name, topic, position, parent_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  final String updateChannel = q("UPDATE channels SET name = ?, topic = ?, position = ?, parent_id = ? WHERE id = ?");
  final String childrenOf = q(CHANNEL_COLUMNS + "WHERE c.parent_id = ?");
  final String deleteChannel = q("DELETE FROM channels WHERE id = ?");
  private static final String OVERWRITE_COLUMNS = "SELECT o.channel_id, o.target_id, o.type, o.allow_bits, o.deny_bits FROM overwrites o ";
  final String overwritesOfChannel = q(OVERWRITE_COLUMNS + "WHERE o.channel_id = ?");
  final String overwritesOfGuild = q(OVERWRITE_COLUMNS + "JOIN channels c ON c.id = o.channel_id WHERE c.guild_id = ?");
  final String overwritesOfUserGuilds = q(OVERWRITE_COLUMNS + "JOIN channels c ON c.id = o.channel_id "
      + "JOIN members me ON me.guild_id = c.guild_id WHERE me.user_id = ?");
  final String allOverwrites = q(OVERWRITE_COLUMNS);
  final String deleteOverwrite = q("DELETE FROM overwrites WHERE channel_id = ? AND target_id = ?");
  final String insertOverwrite = q("INSERT INTO overwrites (channel_id, target_id, type, allow_bits, deny_bits) VALUES (?, ?, ?, ?, ?)");

  // ---- DMs and group DMs (channels without a guild), their recipients, and relationships
  private static final String PRIVATE_COLUMNS = "SELECT c.id, c.type, c.name, c.owner_id, "
      + "(SELECT MAX(lm.id) FROM messages lm WHERE lm.channel_id = c.id) AS last_message_id FROM channels c ";
  final String privateChannelById = q(PRIVATE_COLUMNS + "WHERE c.id = ? AND c.guild_id IS NULL");
  final String dmByKey = q(PRIVATE_COLUMNS + "WHERE c.dm_key = ?");
  final String privateChannelsOfUser = q(PRIVATE_COLUMNS + "JOIN channel_recipients me ON me.channel_id = c.id "
      + "WHERE me.user_id = ? ORDER BY c.id");
  final String allPrivateChannels = q("SELECT c.id, c.type, c.name, c.owner_id, NULL AS last_message_id FROM channels c WHERE c.guild_id IS NULL");
  final String insertPrivateChannel = q("INSERT INTO channels (id, guild_id, type, name, topic, position, parent_id, created_at, owner_id, dm_key) "
      + "VALUES (?, NULL, ?, ?, NULL, 0, NULL, ?, ?, ?)");
  final String setPrivateChannelOwner = q("UPDATE channels SET owner_id = ? WHERE id = ?");
  private static final String RECIPIENT_COLUMNS = "SELECT cr.channel_id, cr.user_id, u.username, u.global_name "
      + "FROM channel_recipients cr JOIN users u ON u.id = cr.user_id ";
  final String recipientsOf = q(RECIPIENT_COLUMNS + "WHERE cr.channel_id = ? ORDER BY cr.joined, cr.user_id");
  final String recipientsOfUserChannels = q(RECIPIENT_COLUMNS + "JOIN channel_recipients me ON me.channel_id = cr.channel_id "
      + "WHERE me.user_id = ? ORDER BY cr.joined, cr.user_id");
  final String allRecipients = q(RECIPIENT_COLUMNS + "ORDER BY cr.joined, cr.user_id");
  final String insertRecipient = q("INSERT INTO channel_recipients (channel_id, user_id, joined) VALUES (?, ?, ?) "
      + "ON CONFLICT (channel_id, user_id) DO NOTHING");
  final String deleteRecipient = q("DELETE FROM channel_recipients WHERE channel_id = ? AND user_id = ?");
  final String insertRelationship = q("INSERT INTO relationships (user_id, target_id, type, created_at) VALUES (?, ?, ?, ?) "
      + "ON CONFLICT (user_id, target_id) DO NOTHING");
  final String deleteRelationship = q("DELETE FROM relationships WHERE user_id = ? AND target_id = ? AND type = ?");
  private static final String RELATIONSHIP_COLUMNS = "SELECT r.user_id, r.target_id, r.type, u.username, u.global_name "
      + "FROM relationships r JOIN users u ON u.id = r.target_id ";
  final String relationshipsOfUser = q(RELATIONSHIP_COLUMNS + "WHERE r.user_id = ? ORDER BY r.created_at, r.target_id");
  final String allRelationships = q(RELATIONSHIP_COLUMNS);

  // ---- threads: a channels row (thread_parent_id its parent) with its threads row
  private static final String THREAD_COLUMNS = "SELECT c.id, c.guild_id, c.type, c.name, c.thread_parent_id AS parent_id, c.created_at, "
      + "t.owner_id, t.auto_archive_duration, t.archived, t.locked, t.archive_timestamp, t.last_activity_at, "
      + "(SELECT MAX(lm.id) FROM messages lm WHERE lm.channel_id = c.id) AS last_message_id, "
      + "(SELECT COUNT(*) FROM messages mc WHERE mc.channel_id = c.id) AS message_count, "
      + "(SELECT COUNT(*) FROM thread_members tc WHERE tc.thread_id = c.id) AS member_count "
      + "FROM channels c JOIN threads t ON t.channel_id = c.id ";
  final String threadById = q(THREAD_COLUMNS + "WHERE c.id = ?");
  /** Newest first: the thread list's order. */
  final String threadsOfChannel = q(THREAD_COLUMNS + "WHERE c.thread_parent_id = ? ORDER BY t.archived, c.id DESC LIMIT 200");
  final String threadsOfGuild = q(THREAD_COLUMNS + "WHERE c.guild_id = ?");
  final String threadsOfUserGuilds = q(THREAD_COLUMNS + "JOIN members me ON me.guild_id = c.guild_id WHERE me.user_id = ?");
  final String allThreads = q(THREAD_COLUMNS);
  /** The threads started from messages of one page (a thread started from a message has the message's id). */
  final String threadsOfPage = q(THREAD_COLUMNS + "WHERE c.thread_parent_id = ? AND c.id >= ? AND c.id <= ?");
  final String threadIdsOfChannel = q("SELECT id FROM channels WHERE thread_parent_id = ?");
  final String insertThreadChannel = q("INSERT INTO channels (id, guild_id, type, name, topic, position, parent_id, thread_parent_id, created_at) "
      + "VALUES (?, ?, 11, ?, NULL, 0, NULL, ?, ?)");
  final String insertThread = q("INSERT INTO threads (channel_id, owner_id, auto_archive_duration, archived, locked, archive_timestamp, last_activity_at) "
      + "VALUES (?, ?, ?, 0, 0, ?, ?)");
  final String updateThread = q("UPDATE threads SET auto_archive_duration = ?, archived = ?, locked = ?, archive_timestamp = ? WHERE channel_id = ?");
  final String renameThread = q("UPDATE channels SET name = ? WHERE id = ?");
  /** A message in the thread: its archive clock starts again, and an archived (unlocked) thread reopens. */
  final String touchThread = q("UPDATE threads SET last_activity_at = ?, archived = 0, "
      + "archive_timestamp = CASE WHEN archived = 1 THEN ? ELSE archive_timestamp END WHERE channel_id = ?");
  /** Threads idle for longer than their auto_archive_duration (in "minutes" of the given length, ms) at a time. */
  final String idleThreads = q("SELECT channel_id FROM threads WHERE archived = 0 AND last_activity_at + auto_archive_duration * ? < ? LIMIT 500");
  final String archiveIfIdle = q("UPDATE threads SET archived = 1, archive_timestamp = ? "
      + "WHERE channel_id = ? AND archived = 0 AND last_activity_at + auto_archive_duration * ? < ?");
  private static final String THREAD_MEMBER_COLUMNS = "SELECT tm.thread_id, tm.user_id, tm.join_timestamp FROM thread_members tm ";
  final String threadMember = q(THREAD_MEMBER_COLUMNS + "WHERE tm.thread_id = ? AND tm.user_id = ?");
  final String threadMembersOfGuild = q(THREAD_MEMBER_COLUMNS + "JOIN channels c ON c.id = tm.thread_id WHERE c.guild_id = ?");
  final String threadMembershipsOfUser = q(THREAD_MEMBER_COLUMNS + "WHERE tm.user_id = ?");
  final String insertThreadMember = q("INSERT INTO thread_members (thread_id, user_id, join_timestamp) VALUES (?, ?, ?) "
      + "ON CONFLICT (thread_id, user_id) DO NOTHING");
  final String deleteThreadMember = q("DELETE FROM thread_members WHERE thread_id = ? AND user_id = ?");

  // ---- bans
  final String insertBan = q("INSERT INTO bans (guild_id, user_id, reason, created_at) VALUES (?, ?, ?, ?) "
      + "ON CONFLICT (guild_id, user_id) DO NOTHING");
  final String deleteBan = q("DELETE FROM bans WHERE guild_id = ? AND user_id = ?");
  final String banOf = q("SELECT user_id FROM bans WHERE guild_id = ? AND user_id = ?");
  final String bansOfGuild = q("SELECT b.user_id, b.reason, u.username, u.global_name FROM bans b "
      + "JOIN users u ON u.id = b.user_id WHERE b.guild_id = ? ORDER BY b.created_at");

  // ---- invites
  final String insertInvite = q("INSERT INTO invites (code, guild_id, inviter_id, created_at, expires_at, max_uses, uses) VALUES (?, ?, ?, ?, ?, ?, 0)");
  final String inviteByCode = q("SELECT i.code, i.guild_id, i.expires_at, i.max_uses, i.uses, g.name AS guild_name "
      + "FROM invites i JOIN guilds g ON g.id = i.guild_id WHERE i.code = ?");
  final String useInvite = q("UPDATE invites SET uses = uses + 1 WHERE code = ?");

  // ---- messages
  private static final String MESSAGE_COLUMNS = "SELECT m.id, m.channel_id, m.guild_id, m.author_id, m.content, m.edited_at, m.nonce, "
      + "m.type, m.reply_to, m.pinned, m.mentions_json, m.mention_roles_json, m.mention_everyone, u.username AS author_username, u.global_name AS author_global_name, "
      + "r.id AS ref_id, r.content AS ref_content, r.author_id AS ref_author_id, ru.username AS ref_author_username, "
      + "ru.global_name AS ref_author_global_name, r.edited_at AS ref_edited_at "
      + "FROM messages m JOIN users u ON u.id = m.author_id "
      + "LEFT JOIN messages r ON r.id = m.reply_to LEFT JOIN users ru ON ru.id = r.author_id ";
  final String messageById = q(MESSAGE_COLUMNS + "WHERE m.id = ? AND m.channel_id = ?");
  final String messageByNonce = q(MESSAGE_COLUMNS + "WHERE m.channel_id = ? AND m.author_id = ? AND m.nonce = ?");
  final String messagesLatest = q(MESSAGE_COLUMNS + "WHERE m.channel_id = ? ORDER BY m.id DESC LIMIT ?");
  final String messagesBefore = q(MESSAGE_COLUMNS + "WHERE m.channel_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?");
  /** Oldest first, so that a page "after" starts right after the cursor; reversed before replying. */
  final String messagesAfter = q(MESSAGE_COLUMNS + "WHERE m.channel_id = ? AND m.id > ? ORDER BY m.id ASC LIMIT ?");
  final String messagesBetween = q(MESSAGE_COLUMNS + "WHERE m.channel_id = ? AND m.id > ? AND m.id < ? ORDER BY m.id ASC LIMIT ?");
  final String insertMessage = q("INSERT INTO messages (id, channel_id, guild_id, author_id, content, nonce, type, reply_to, "
      + "mentions_json, mention_roles_json, mention_everyone) "
      + "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (channel_id, author_id, nonce) DO NOTHING");
  final String updateMessageContent = q("UPDATE messages SET content = ?, edited_at = ?, mentions_json = ?, mention_roles_json = ?, "
      + "mention_everyone = ? WHERE id = ?");
  /** Whom a mention is for: only ids of users who exist become Discord's {@code mentions} user objects. */
  final String mentionedUser = q("SELECT id, username, global_name FROM users WHERE id = ?");

  // ---- read states and unread mentions
  final String messageInChannel = q("SELECT id FROM messages WHERE id = ? AND channel_id = ?");
  final String insertUnreadMention = q("INSERT INTO unread_mentions (user_id, channel_id, message_id) VALUES (?, ?, ?) "
      + "ON CONFLICT (user_id, channel_id, message_id) DO NOTHING");
  /** Forward only: an ack older than the one stored changes nothing (rowCount 0). */
  final String advanceReadState = q("INSERT INTO read_states (user_id, channel_id, last_message_id) VALUES (?, ?, ?) "
      + "ON CONFLICT (user_id, channel_id) DO UPDATE SET last_message_id = excluded.last_message_id "
      + "WHERE read_states.last_message_id < excluded.last_message_id");
  final String readState = q("SELECT last_message_id FROM read_states WHERE user_id = ? AND channel_id = ?");
  final String forgetReadMentions = q("DELETE FROM unread_mentions WHERE user_id = ? AND channel_id = ? AND message_id <= ?");
  final String mentionCount = q("SELECT COUNT(*) AS count FROM unread_mentions WHERE user_id = ? AND channel_id = ? AND message_id > ?");
  /** Every channel where the user has read something or has a mention not read past: their read states. */
  final String readStatesOfUser = q("SELECT rs.channel_id, rs.last_message_id FROM read_states rs WHERE rs.user_id = ?");
  final String mentionCountsOfUser = q("SELECT um.channel_id, COUNT(*) AS count FROM unread_mentions um "
      + "LEFT JOIN read_states rs ON rs.user_id = um.user_id AND rs.channel_id = um.channel_id "
      + "WHERE um.user_id = ? AND um.message_id > COALESCE(rs.last_message_id, 0) GROUP BY um.channel_id");
  final String deleteMessage = q("DELETE FROM messages WHERE id = ?");

  // ---- reactions
  final String insertReaction = q("INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?) "
      + "ON CONFLICT (message_id, user_id, emoji) DO NOTHING");
  final String deleteReaction = q("DELETE FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?");
  final String reactionCount = q("SELECT COUNT(*) AS count FROM reactions WHERE message_id = ? AND emoji = ?");
  /** Reactions on a page of messages (ids between the page's ends), with whether the viewer is among them. */
  // The authors of a page of messages (ids between two), as members of the message's guild: what a client
  // of a large guild, which holds only part of the member list, draws names and colours from.
  private static final String AUTHORS_OF_PAGE = "SELECT DISTINCT a.author_id FROM messages a WHERE a.channel_id = ? AND a.id >= ? AND a.id <= ?";
  final String authorMembersOfPage = q("SELECT m.user_id, m.nick, m.joined_at FROM members m "
      + "JOIN channels c ON c.guild_id = m.guild_id WHERE c.id = ? AND m.user_id IN (" + AUTHORS_OF_PAGE + ")");
  final String authorRolesOfPage = q("SELECT mr.user_id, mr.role_id FROM member_roles mr "
      + "JOIN channels c ON c.guild_id = mr.guild_id WHERE c.id = ? AND mr.user_id IN (" + AUTHORS_OF_PAGE + ")");
  final String reactionsOfPage = q("SELECT r.message_id, r.emoji, COUNT(*) AS count, "
      + "MAX(CASE WHEN r.user_id = ? THEN 1 ELSE 0 END) AS me, MIN(r.created_at) AS first_at FROM reactions r "
      + "JOIN messages m ON m.id = r.message_id WHERE m.channel_id = ? AND m.id >= ? AND m.id <= ? "
      + "GROUP BY r.message_id, r.emoji ORDER BY first_at");

  // ---- reports (the moderation queue)
  private static final String REPORT_COLUMNS = "SELECT r.id, r.guild_id, r.channel_id, r.message_id, r.reporter_id, r.author_id, "
      + "r.reason, r.details, r.content, r.status, r.created_at, r.resolved_by, r.action, r.note, "
      + "u.username AS author_username, u.global_name AS author_global_name FROM reports r JOIN users u ON u.id = r.author_id ";
  final String insertReport = q("INSERT INTO reports (id, guild_id, channel_id, message_id, reporter_id, author_id, reason, details, "
      + "content, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (message_id, reporter_id) DO NOTHING");
  final String reportById = q(REPORT_COLUMNS + "WHERE r.id = ? AND r.guild_id = ?");
  final String reportsOfGuild = q(REPORT_COLUMNS + "WHERE r.guild_id = ? AND r.status = ? ORDER BY r.id DESC LIMIT ?");
  final String resolveReport = q("UPDATE reports SET status = ?, resolved_by = ?, resolved_at = ?, action = ?, note = ? WHERE id = ?");
  /** Open reports per guild of one user, for the queue's badge in their snapshot (kept there for moderators only). */
  final String openReportCountsOfUserGuilds = q("SELECT r.guild_id, COUNT(*) AS count FROM reports r "
      + "JOIN members me ON me.guild_id = r.guild_id WHERE me.user_id = ? AND r.status = 'open' GROUP BY r.guild_id");

  // ---- events
  final String insertEvent = q("INSERT INTO events (id, type, guild_id, channel_id, user_id, payload, audience, reshapes, message_id) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  final String eventsBetween = q("SELECT id, type, guild_id, channel_id, user_id, payload, reshapes FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?");
  /** Where the user's memberships began or ended after a cursor (their GUILD_CREATE and GUILD_DELETE events), oldest first. */
  final String membershipChangesAfter = q("SELECT id, guild_id, type FROM events WHERE user_id = ? AND id > ? AND type IN (?, ?) ORDER BY id");
  // Redaction: what was deleted or replaced leaves the log.
  final String eventsOfMessage = q("SELECT id, type, payload FROM events WHERE message_id = ?");
  final String setEventPayload = q("UPDATE events SET payload = ? WHERE id = ?");
  final String forgetMessageEvents = q("DELETE FROM events WHERE message_id = ?");
  final String eventsOfRepliesTo = q("SELECT e.id, e.payload FROM events e JOIN messages m ON m.id = e.message_id "
      + "WHERE m.reply_to = ? AND e.type IN (?, ?)");
  final String forgetChannelEvents = q("DELETE FROM events WHERE channel_id = ?");
  /** Keeps GUILD_DELETE: earlier leavers still learn on replay that they left. */
  final String forgetGuildEvents = q("DELETE FROM events WHERE guild_id = ? AND type <> ?");
  final String newestEventId = q("SELECT MAX(id) AS id FROM events");
  /** The readiness probe's write: the smallest commit that still goes through the disk (or server) like any other. */
  final String touchCommitProbe = q("INSERT INTO commit_probe (node_id, checked_at, padding) VALUES (?, ?, ?) "
      + "ON CONFLICT (node_id) DO UPDATE SET checked_at = excluded.checked_at, padding = excluded.padding");
  final String trimmedThrough = q("SELECT trimmed_through FROM event_log_state WHERE id = 1");
  /** The id at which the log holds {@code retention_count} newer events: everything up to it may go. */
  final String eventAtDepth = q("SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?");
  final String deleteEventsThrough = q("DELETE FROM events WHERE id <= ?");
  final String setTrimmedThrough = q("UPDATE event_log_state SET trimmed_through = ? WHERE id = 1 AND trimmed_through < ?");
}
