// Discord's permission model on the client, to decide which controls to show. The server
// enforces the same rules (guildhall.permissions.Permissions); this never grants anything.
// Bit sets are BigInt: some bits are above 2^32. On the wire they are decimal strings.

export const PERMS = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_CHANNELS: 1n << 4n,
  MANAGE_GUILD: 1n << 5n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  MANAGE_MESSAGES: 1n << 13n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MENTION_EVERYONE: 1n << 17n,
  MANAGE_ROLES: 1n << 28n,
  MANAGE_THREADS: 1n << 34n,
  CREATE_PUBLIC_THREADS: 1n << 35n,
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
  MODERATE_MEMBERS: 1n << 40n,
};

export const ALL = Object.values(PERMS).reduce((a, b) => a | b, 0n);
const TIMED_OUT_KEEPS = PERMS.VIEW_CHANNEL | PERMS.READ_MESSAGE_HISTORY;
// What @everyone may do in a new guild (the server's default).
const DEFAULT_EVERYONE = PERMS.CREATE_INSTANT_INVITE | PERMS.ADD_REACTIONS | PERMS.VIEW_CHANNEL | PERMS.SEND_MESSAGES
  | PERMS.READ_MESSAGE_HISTORY | PERMS.CREATE_PUBLIC_THREADS | PERMS.SEND_MESSAGES_IN_THREADS;

// The role editor's toggles, grouped as Discord groups them: [bit name, label, hint].
export const PERM_GROUPS = [
  {
    title: 'General',
    perms: [
      ['VIEW_CHANNEL', 'View Channels', 'See channels and read their names.'],
      ['MANAGE_CHANNELS', 'Manage Channels', 'Create, edit and delete channels.'],
      ['MANAGE_ROLES', 'Manage Roles', 'Create and edit roles below their highest role, and channel permissions.'],
      ['MANAGE_GUILD', 'Manage Server', "Change the server's name and description, and others' nicknames."],
      ['CREATE_INSTANT_INVITE', 'Create Invite', 'Invite new people to this server.'],
    ],
  },
  {
    title: 'Membership',
    perms: [
      ['KICK_MEMBERS', 'Kick Members', 'Remove members; they can rejoin with an invite.'],
      ['BAN_MEMBERS', 'Ban Members', 'Remove members for good, and lift bans.'],
      ['MODERATE_MEMBERS', 'Timeout Members', 'Stop members from sending messages for a while.'],
    ],
  },
  {
    title: 'Text',
    perms: [
      ['SEND_MESSAGES', 'Send Messages', ''],
      ['SEND_MESSAGES_IN_THREADS', 'Send Messages in Threads', ''],
      ['CREATE_PUBLIC_THREADS', 'Create Public Threads', ''],
      ['MANAGE_THREADS', 'Manage Threads', 'Archive, lock, rename and delete anyone\'s threads.'],
      ['MANAGE_MESSAGES', 'Manage Messages', "Delete other members' messages."],
      ['READ_MESSAGE_HISTORY', 'Read Message History', ''],
      ['MENTION_EVERYONE', 'Mention @everyone', ''],
      ['ADD_REACTIONS', 'Add Reactions', ''],
    ],
  },
  {
    title: 'Advanced',
    perms: [['ADMINISTRATOR', 'Administrator', 'Every permission, in every channel, whatever the channel says. Dangerous.']],
  },
];

// Bits that mean something in a channel overwrite (guild-wide powers do not).
const NOT_IN_CHANNELS = new Set(['ADMINISTRATOR', 'MANAGE_GUILD', 'KICK_MEMBERS', 'BAN_MEMBERS', 'MODERATE_MEMBERS']);
export const CHANNEL_PERMS = PERM_GROUPS.flatMap((g) => g.perms).filter(([name]) => !NOT_IN_CHANNELS.has(name));

export function toBits(s) {
  if (typeof s === 'bigint') return s;
  try {
    return BigInt(s || 0);
  } catch {
    return 0n;
  }
}

export const has = (perms, name) => (perms & PERMS[name]) === PERMS[name];

const userIdOf = (member) => member && ((member.user && member.user.id) || member.user_id);
const asList = (roles) => (Array.isArray(roles) ? roles : Object.values(roles || {}));

export function timedOutUntil(member, now = Date.now()) {
  const until = member && member.communication_disabled_until;
  const t = until ? Date.parse(until) : NaN;
  return Number.isFinite(t) && t > now ? t : null;
}

// @everyone's bits OR the member's roles', before the owner/admin/timeout rules.
function roleBits(guild, roles, member) {
  const list = asList(roles);
  const everyone = list.find((r) => r.id === guild.id);
  let perms = toBits(everyone && everyone.permissions);
  const mine = new Set((member && member.roles) || []);
  for (const r of list) if (r.id !== guild.id && mine.has(r.id)) perms |= toBits(r.permissions);
  return perms;
}

// Guild-level permissions of `member` (no channel involved).
export function computeBase(guild, roles, member, now = Date.now()) {
  if (!guild || !member) return 0n;
  if (userIdOf(member) === guild.owner_id) return ALL;
  const perms = roleBits(guild, roles, member);
  if (perms & PERMS.ADMINISTRATOR) return ALL;
  return timedOutUntil(member, now) ? perms & TIMED_OUT_KEEPS : perms;
}

// Permissions of `member` in `channel`, applying its permission_overwrites in Discord's order.
export function computeChannel(guild, roles, member, channel, now = Date.now()) {
  if (!guild || !member) return 0n;
  const uid = userIdOf(member);
  if (uid === guild.owner_id) return ALL;
  let perms = roleBits(guild, roles, member);
  if (perms & PERMS.ADMINISTRATOR) return ALL;
  const mine = new Set(member.roles || []);
  let everyone = null;
  let own = null;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const o of (channel && channel.permission_overwrites) || []) {
    if (Number(o.type) === 1) {
      if (o.id === uid) own = o;
    } else if (o.id === guild.id) {
      everyone = o;
    } else if (mine.has(o.id)) {
      roleAllow |= toBits(o.allow);
      roleDeny |= toBits(o.deny);
    }
  }
  if (everyone) perms = (perms & ~toBits(everyone.deny)) | toBits(everyone.allow);
  perms = (perms & ~roleDeny) | roleAllow;
  if (own) perms = (perms & ~toBits(own.deny)) | toBits(own.allow);
  if (!(perms & PERMS.VIEW_CHANNEL)) return 0n;
  if (!(perms & PERMS.SEND_MESSAGES)) perms &= ~PERMS.MENTION_EVERYONE;
  return timedOutUntil(member, now) ? perms & TIMED_OUT_KEEPS : perms;
}

// The position of the member's highest role; @everyone (position 0) when they have none.
export function highestPosition(roles, member) {
  const mine = new Set((member && member.roles) || []);
  let top = 0;
  for (const r of asList(roles)) if (mine.has(r.id) && (r.position ?? 0) > top) top = r.position ?? 0;
  return top;
}

// May `member` edit, assign or move `role`? The owner may; others need MANAGE_ROLES and a higher role.
export function canManageRole(guild, roles, member, role) {
  if (!guild || !member || !role) return false;
  if (userIdOf(member) === guild.owner_id) return true;
  if (!has(computeBase(guild, roles, member), 'MANAGE_ROLES')) return false;
  return (role.position ?? 0) < highestPosition(roles, member);
}

// May `actor` act on `target` (kick, ban, timeout, others' nick and roles)? Nobody acts on the owner
// or on themselves here; the owner acts on anyone else; others need a higher top role, and `bit`
// (a PERMS name) when given.
export function canActOn(guild, roles, actor, target, bit) {
  const a = userIdOf(actor);
  const t = userIdOf(target);
  if (!guild || !a || !t || a === t || t === guild.owner_id) return false;
  if (a === guild.owner_id) return true;
  if (bit && !has(computeBase(guild, roles, actor), bit)) return false;
  return highestPosition(roles, actor) > highestPosition(roles, target);
}

// ---- the signed-in user, from the store's state ----

// { guild, roles, me } for the current user in a guild. `legacy` is true when the server sent no
// roles for it (a server without roles): then the owner has everything and others a new guild's defaults.
export function guildContext(state, guildId) {
  const guild = guildId && state.guilds[guildId];
  if (!guild || !state.me) return null;
  const roleMap = (state.roles && state.roles[guildId]) || null;
  const me = (state.members[guildId] && state.members[guildId][state.me.id]) || { user: state.me, roles: [] };
  return { guild, roles: roleMap ? Object.values(roleMap) : [], me, legacy: !roleMap };
}

export function myPerms(state, guildId, now = Date.now()) {
  const ctx = guildContext(state, guildId);
  if (!ctx) return 0n;
  if (ctx.legacy) return ctx.guild.owner_id === state.me.id ? ALL : DEFAULT_EVERYONE;
  return computeBase(ctx.guild, ctx.roles, ctx.me, now);
}

export function myChannelPerms(state, channelId, now = Date.now()) {
  // A thread takes its parent's permissions.
  const thread = channelId && state.threads && state.threads[channelId];
  const channel = channelId && state.channels[thread ? thread.parent_id : channelId];
  const ctx = channel && guildContext(state, channel.guild_id);
  if (!ctx) return 0n;
  if (ctx.legacy) return ctx.guild.owner_id === state.me.id ? ALL : DEFAULT_EVERYONE;
  return computeChannel(ctx.guild, ctx.roles, ctx.me, channel, now);
}
