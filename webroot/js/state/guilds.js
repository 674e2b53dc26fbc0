// Guilds in the client store: the guild, its channels, members, roles and bans, as the snapshot and
// the GUILD_*, CHANNEL_* and USER_UPDATE events say. Threads (threads.js), DMs (dms.js) and reports
// (reports.js) are their own modules.
import { omit } from './objects.js';
import { withGuildThreads, dropThreads } from '../threads.js';

export function splitGuild(g) {
  const { channels, members, roles, ...guild } = g;
  return { guild, channels, members, roles };
}

const withRoles = (state, guildId, roles) =>
  roles ? { ...state, roles: { ...state.roles, [guildId]: Object.fromEntries(roles.map((r) => [r.id, r])) } } : state;

export function withGuild(state, g) {
  const { guild, channels, members, roles } = splitGuild(g);
  let next = {
    ...state,
    guilds: { ...state.guilds, [guild.id]: { ...state.guilds[guild.id], ...guild } },
    guildOrder: state.guildOrder.includes(guild.id) ? state.guildOrder : [...state.guildOrder, guild.id],
  };
  if (channels) {
    const kept = Object.fromEntries(Object.entries(next.channels).filter(([, c]) => c.guild_id !== guild.id));
    for (const c of channels) kept[c.id] = { ...c, guild_id: c.guild_id || guild.id };
    next.channels = kept;
  }
  if (members) {
    next.members = { ...next.members, [guild.id]: Object.fromEntries(members.map((m) => [m.user.id, { ...m, guild_id: guild.id }])) };
  }
  return withRoles(withGuildThreads(next, g), guild.id, roles);
}


// What to tell the signed-in user when a guild they were in goes: a dialog (ui.modal kind 'guildGone'),
// or null for their own leave or delete, or a guild this client never knew.
const GONE_REASONS = new Set(['kicked', 'banned', 'deleted']);
function guildGoneDialog(state, id, reason) {
  const guild = state.guilds[id];
  if (!guild || !GONE_REASONS.has(reason)) return null;
  if (reason === 'deleted' && state.me && guild.owner_id === state.me.id) return null; // they deleted it
  return { kind: 'guildGone', name: guild.name, reason };
}

export const guildReducers = {

  // A large guild arriving by a join holds only one's own record: its list is paged in afresh, even
  // where an earlier membership of this session had paged some of it.
  GUILD_CREATE(state, g) {
    const next = withGuild(state, g);
    if (!g.large || !(next.memberPages || {})[g.id]) return next;
    const { [g.id]: _, ...memberPages } = next.memberPages;
    return { ...next, memberPages };
  },

  GUILD_UPDATE(state, g) {
    if (!state.guilds[g.id]) return state;
    const { guild, roles } = splitGuild(g);
    return withRoles({ ...state, guilds: { ...state.guilds, [g.id]: { ...state.guilds[g.id], ...guild } } }, g.id, roles);
  },

  // `reason` (from the server) says why: a kicked or banned member, or one whose guild was deleted by
  // someone else, is told in a dialog rather than seeing the guild vanish; leaving says nothing.
  GUILD_DELETE(state, { id, reason }) {
    const channels = Object.fromEntries(Object.entries(state.channels).filter(([, c]) => c.guild_id !== id));
    const gone = guildGoneDialog(state, id, reason);
    let ui = state.ui.guildId === id ? { ...state.ui, guildId: null, channelId: null, modal: null } : state.ui;
    if (ui.profile && ui.profile.guildId === id) ui = { ...ui, profile: null };
    if (gone) ui = { ...ui, modal: gone, profile: null };
    return {
      ...state,
      guilds: omit(state.guilds, id),
      guildOrder: state.guildOrder.filter((g) => g !== id),
      channels,
      threads: dropThreads(state.threads, (t) => t.guild_id === id),
      members: omit(state.members, id),
      roles: omit(state.roles, id),
      bans: omit(state.bans, id),
      guildSettings: omit(state.guildSettings, id), // they went with the membership
      ui,
    };
  },

  GUILD_MEMBER_ADD(state, m) {
    const gid = m.guild_id;
    return { ...state, members: { ...state.members, [gid]: { ...state.members[gid], [m.user.id]: m } } };
  },

  GUILD_MEMBER_REMOVE(state, { guild_id, user }) {
    if (!state.members[guild_id]) return state;
    return { ...state, members: { ...state.members, [guild_id]: omit(state.members[guild_id], user.id) } };
  },

  // Roles, member changes and bans (milestone 2).
  GUILD_MEMBER_UPDATE(state, m) {
    const gid = m.guild_id;
    if (!gid || !m.user || !state.members[gid]) return state;
    const old = state.members[gid][m.user.id];
    return { ...state, members: { ...state.members, [gid]: { ...state.members[gid], [m.user.id]: { ...old, ...m } } } };
  },

  GUILD_ROLE_CREATE(state, { guild_id, role }) {
    if (!role || !state.guilds[guild_id]) return state;
    return { ...state, roles: { ...state.roles, [guild_id]: { ...state.roles[guild_id], [role.id]: { ...role, guild_id } } } };
  },

  GUILD_ROLE_UPDATE: (state, p) => guildReducers.GUILD_ROLE_CREATE(state, p),

  // A reorder reply: every role of the guild.
  GUILD_ROLES_REPLACE: (state, { guild_id, roles }) => withRoles(state, guild_id, roles),

  GUILD_ROLE_DELETE(state, { guild_id, role_id }) {
    if (!state.roles[guild_id]) return state;
    // Nobody holds a deleted role any more, and no overwrite names it.
    const members = Object.fromEntries(
      Object.entries(state.members[guild_id] || {}).map(([uid, m]) =>
        [uid, m.roles && m.roles.includes(role_id) ? { ...m, roles: m.roles.filter((r) => r !== role_id) } : m]),
    );
    const channels = { ...state.channels };
    for (const [id, c] of Object.entries(channels)) {
      if (c.guild_id === guild_id && c.permission_overwrites?.some((o) => o.id === role_id)) {
        channels[id] = { ...c, permission_overwrites: c.permission_overwrites.filter((o) => o.id !== role_id) };
      }
    }
    return {
      ...state,
      roles: { ...state.roles, [guild_id]: omit(state.roles[guild_id], role_id) },
      members: { ...state.members, [guild_id]: members },
      channels,
    };
  },

  BANS_LOADED: (state, { guild_id, bans }) => ({ ...state, bans: { ...state.bans, [guild_id]: bans } }),

  GUILD_BAN_ADD(state, { guild_id, user, reason }) {
    const list = state.bans[guild_id];
    if (!list || !user) return state;
    const ban = { user, reason: reason ?? null };
    return { ...state, bans: { ...state.bans, [guild_id]: [...list.filter((b) => b.user.id !== user.id), ban] } };
  },

  GUILD_BAN_REMOVE(state, { guild_id, user }) {
    const list = state.bans[guild_id];
    if (!list || !user) return state;
    return { ...state, bans: { ...state.bans, [guild_id]: list.filter((b) => b.user.id !== user.id) } };
  },

  CHANNEL_CREATE: (state, c) => ({ ...state, channels: { ...state.channels, [c.id]: { ...state.channels[c.id], ...c } } }),

  CHANNEL_UPDATE: (state, c) => guildReducers.CHANNEL_CREATE(state, c),

  // A deleted category's children each get their own CHANNEL_UPDATE (parent_id null) first; a category
  // that is only hidden keeps its children where they are (they show at the top level until it returns).
  CHANNEL_DELETE(state, c) {
    return {
      ...state,
      channels: omit(state.channels, c.id),
      threads: dropThreads(state.threads, (t) => t.parent_id === c.id), // a channel's threads go with it
      messages: omit(state.messages, c.id),
      loaded: omit(state.loaded, c.id),
      ui: state.ui.channelId === c.id ? { ...state.ui, channelId: null } : state.ui,
    };
  },

  USER_UPDATE(state, u) {
    const members = {};
    for (const [gid, ms] of Object.entries(state.members)) {
      members[gid] = ms[u.id] ? { ...ms, [u.id]: { ...ms[u.id], user: { ...ms[u.id].user, ...u } } } : ms;
    }
    return { ...state, me: state.me && state.me.id === u.id ? { ...state.me, ...u } : state.me, members };
  },
};
