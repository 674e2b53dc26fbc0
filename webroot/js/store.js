// The one client store. Every change, whether the snapshot, a live SSE event or a local
// action, goes through dispatch(type, payload) -> reducers[type](state, payload), so the
// state is always explained by the sequence of things that happened.
import { cmpId } from './ids.js';
import { HOME, isPrivate, withPrivateChannels, recipientAdd, recipientRemove, relationshipAdd, relationshipRemove } from './dms.js';
import { reportsLoaded, reportChanged } from './reports.js';
import { threadReducers, withGuildThreads, dropThreads } from './threads.js';

export const initialState = {
  ready: false, // a snapshot has been applied
  me: null,
  guilds: {}, // id -> guild without channels/members
  guildOrder: [],
  channels: {}, // id -> channel
  threads: {}, // id -> thread (threads.js)
  members: {}, // guild id -> { user id -> member }
  roles: {}, // guild id -> { role id -> role } (@everyone's id is the guild's)
  bans: {}, // guild id -> [ban], only once the bans list has been fetched
  reports: {}, // guild id -> { report id -> report }, moderators only (reports.js)
  presences: {}, // user id -> status as others see it: online | idle | dnd | offline
  customStatuses: {}, // user id -> {text, emoji}
  myPresence: { status: 'online', custom_status: null }, // what I chose (stored on the server)
  afk: false, // no input here for a while (never stored)
  notices: [], // in-app notifications: [{id, guildId, channelId, title, body}]
  blocked: {}, // user id -> user, those the signed-in user blocks (dms.js)
  messages: {}, // channel id -> confirmed messages sorted by id
  loaded: {}, // channel id -> latest page fetched
  hasMore: {}, // channel id -> older history may exist
  deleted: {}, // message id -> true, so a page fetched before a delete cannot resurrect it
  pending: {}, // channel id -> [{nonce, content, author, timestamp, status, error}]
  typing: {}, // channel id -> { user id -> ms when seen }
  connection: 'connecting', // 'connecting' | 'open' | 'down'
  // profile: the open profile card {userId, guildId, user, x, y} (ProfileCard.js), or null
  ui: { guildId: null, channelId: null, lastChannel: {}, drawer: null, modal: null, threadPane: null, profile: null },
};

// ---- helpers (pure) ----

const omit = (obj, key) => {
  if (!obj || !(key in obj)) return obj;
  const { [key]: _, ...rest } = obj;
  return rest;
};

const byId = (a, b) => cmpId(a.id, b.id);

// Merge messages into a channel's list: sorted by id, one entry per id, the newest copy wins.
export function mergeMessages(list = [], incoming = [], deleted = {}) {
  const map = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) if (!deleted[m.id]) map.set(m.id, m);
  return Array.from(map.values()).sort(byId);
}

function splitGuild(g) {
  const { channels, members, roles, ...guild } = g;
  return { guild, channels, members, roles };
}

const withRoles = (state, guildId, roles) =>
  roles ? { ...state, roles: { ...state.roles, [guildId]: Object.fromEntries(roles.map((r) => [r.id, r])) } } : state;

function withGuild(state, g) {
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

// One user's reaction added (delta +1) or removed (-1): the chip's count moves by one, it goes at
// zero, and `me` follows the signed-in user. Our own reactions are applied once, whether the
// request's success or the SSE event comes first; others' are counted as they arrive.
// Reaction events carry the resulting `count` from the server: setting it (not adding to it) keeps a
// replayed or doubly-seen event from counting twice.
function withReaction(state, { channel_id, message_id, user_id, emoji, count: total }, delta) {
  const name = emoji && emoji.name;
  const list = state.messages[channel_id];
  const msg = name && list && list.find((x) => x.id === message_id);
  if (!msg) return state; // not loaded: the page fetched later carries it
  const mine = !!state.me && user_id === state.me.id;
  const reactions = msg.reactions || [];
  const old = reactions.find((r) => r.emoji && r.emoji.name === name);
  if (mine && (delta > 0) === !!(old && old.me) && typeof total !== 'number') return state; // already so
  if (delta < 0 && !old) return state;
  let next;
  if (!old) {
    next = [...reactions, { emoji: { name }, count: typeof total === 'number' ? total : 1, me: mine }];
  } else {
    const count = typeof total === 'number' ? total : old.count + delta;
    const me = mine ? delta > 0 : old.me;
    next = count > 0
      ? reactions.map((r) => (r === old ? { ...r, count, me } : r))
      : reactions.filter((r) => r !== old);
  }
  const updated = { ...msg, reactions: next };
  return { ...state, messages: { ...state.messages, [channel_id]: list.map((x) => (x === msg ? updated : x)) } };
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

// ---- reducers: (state, payload) => newState ----

export const reducers = {
  SNAPSHOT(state, snap) {
    let next = {
      ...state,
      ready: true,
      me: snap.user,
      guilds: {},
      guildOrder: [],
      channels: {},
      threads: {},
      members: {},
      roles: {},
      bans: {},
      reports: {},
      presences: Object.fromEntries((snap.presences || []).map((p) => [p.user_id, p.status])),
      customStatuses: Object.fromEntries((snap.presences || []).filter((p) => p.custom_status).map((p) => [p.user_id, p.custom_status])),
      myPresence: snap.presence || state.myPresence,
      // Message caches may have missed deletes/edits during a gap; views refetch what they show.
      messages: {},
      loaded: {},
      hasMore: {},
      deleted: {},
      typing: {},
    };
    for (const g of snap.guilds || []) next = withGuild(next, g);
    return withPrivateChannels(next, snap);
  },

  GUILD_CREATE: (state, g) => withGuild(state, g),

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

  GUILD_ROLE_UPDATE: (state, p) => reducers.GUILD_ROLE_CREATE(state, p),

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

  // Moderators only: the queue of reports (reports.js), and the badge's count with it.
  REPORTS_LOADED: reportsLoaded,
  REPORT_CREATE: reportChanged,
  REPORT_UPDATE: reportChanged,

  CHANNEL_CREATE: (state, c) => ({ ...state, channels: { ...state.channels, [c.id]: { ...state.channels[c.id], ...c } } }),

  CHANNEL_UPDATE: (state, c) => reducers.CHANNEL_CREATE(state, c),

  // DMs and group DMs (dms.js): who is in them; blocks, the signed-in user's alone.
  CHANNEL_RECIPIENT_ADD: (state, p) => recipientAdd(state, p),
  CHANNEL_RECIPIENT_REMOVE: (state, p) => recipientRemove(state, p),
  RELATIONSHIP_ADD: (state, r) => relationshipAdd(state, r),
  RELATIONSHIP_REMOVE: (state, r) => relationshipRemove(state, r),

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

  // Threads: threads.js.
  THREAD_CREATE: (state, t) => threadReducers.THREAD_CREATE(state, t),
  THREAD_UPDATE: (state, t) => threadReducers.THREAD_UPDATE(state, t),
  THREAD_DELETE: (state, t) => threadReducers.THREAD_DELETE(state, t),
  THREADS_LOADED: (state, list) => threadReducers.THREADS_LOADED(state, list),
  THREAD_JOINED: (state, j) => threadReducers.THREAD_JOINED(state, j),
  THREAD_PANE: (state, pane) => threadReducers.THREAD_PANE(state, pane),

  MESSAGE_CREATE(state, m) {
    const cid = m.channel_id;
    // The POST reply and the SSE copy are the same message; whichever comes second must not wipe
    // reactions that arrived in between (both carry an empty list).
    const had = state.messages[cid]?.find((x) => x.id === m.id);
    const copy = had ? { ...had, ...m, reactions: had.reactions } : m;
    let next = { ...state, messages: { ...state.messages, [cid]: mergeMessages(state.messages[cid], [copy], state.deleted) } };
    // The confirmed copy replaces our optimistic one, whichever of SSE and the POST reply comes first.
    if (m.nonce && state.pending[cid]?.some((p) => p.nonce === m.nonce)) {
      next.pending = { ...state.pending, [cid]: state.pending[cid].filter((p) => p.nonce !== m.nonce) };
    }
    const ch = state.channels[cid];
    if (ch && cmpId(m.id, ch.last_message_id) > 0) next.channels = { ...state.channels, [cid]: { ...ch, last_message_id: m.id } };
    // Someone who just sent a message has stopped typing.
    if (state.typing[cid]?.[m.author?.id]) next.typing = { ...state.typing, [cid]: omit(state.typing[cid], m.author.id) };
    return next;
  },

  // An edit carries no reactions (whose `me` would they be?): merge it, keeping what it lacks.
  MESSAGE_UPDATE(state, m) {
    const list = state.messages[m.channel_id];
    if (!list || !list.some((x) => x.id === m.id)) return state;
    return { ...state, messages: { ...state.messages, [m.channel_id]: list.map((x) => (x.id === m.id ? { ...x, ...m } : x)) } };
  },

  MESSAGE_REACTION_ADD: (state, r) => withReaction(state, r, +1),

  MESSAGE_REACTION_REMOVE: (state, r) => withReaction(state, r, -1),

  MESSAGE_DELETE(state, { id, channel_id }) {
    const list = state.messages[channel_id];
    return {
      ...state,
      deleted: { ...state.deleted, [id]: true },
      messages: list ? { ...state.messages, [channel_id]: list.filter((x) => x.id !== id) } : state.messages,
    };
  },

  // A page of history (newest first, as the API returns it). `latest` marks the first page of a channel.
  MESSAGES_LOADED(state, { channel_id, messages, limit, latest }) {
    return {
      ...state,
      messages: { ...state.messages, [channel_id]: mergeMessages(state.messages[channel_id], messages, state.deleted) },
      loaded: latest ? { ...state.loaded, [channel_id]: true } : state.loaded,
      hasMore: { ...state.hasMore, [channel_id]: messages.length >= limit },
    };
  },

  USER_UPDATE(state, u) {
    const members = {};
    for (const [gid, ms] of Object.entries(state.members)) {
      members[gid] = ms[u.id] ? { ...ms, [u.id]: { ...ms[u.id], user: { ...ms[u.id].user, ...u } } } : ms;
    }
    return { ...state, me: state.me && state.me.id === u.id ? { ...state.me, ...u } : state.me, members };
  },

  PRESENCE_UPDATE: (state, { user_id, status, custom_status }) => ({
    ...state,
    presences: { ...state.presences, [user_id]: status },
    customStatuses: custom_status ? { ...state.customStatuses, [user_id]: custom_status } : omit(state.customStatuses, user_id),
  }),

  // The status I chose, from this session or another of mine.
  USER_SETTINGS_UPDATE: (state, presence) => ({ ...state, myPresence: presence }),

  // `seen_at` is the local receive time (set by sync), so expiry does not depend on clock skew.
  TYPING_START(state, { channel_id, user_id, seen_at }) {
    return { ...state, typing: { ...state.typing, [channel_id]: { ...state.typing[channel_id], [user_id]: seen_at } } };
  },

  // ---- local actions ----

  AFK: (state, afk) => ({ ...state, afk }),

  NOTICE: (state, notice) => ({ ...state, notices: [...state.notices.filter((n) => n.id !== notice.id), notice].slice(-3) }),

  NOTICE_DISMISS: (state, id) => ({ ...state, notices: state.notices.filter((n) => n.id !== id) }),

  MESSAGE_PENDING(state, p) {
    const list = (state.pending[p.channel_id] || []).filter((x) => x.nonce !== p.nonce);
    return { ...state, pending: { ...state.pending, [p.channel_id]: [...list, { ...p, status: 'pending', error: null }] } };
  },

  MESSAGE_FAILED(state, { channel_id, nonce, error, resend = false }) {
    const list = state.pending[channel_id];
    if (!list || !list.some((x) => x.nonce === nonce)) return state; // already confirmed
    return { ...state, pending: { ...state.pending, [channel_id]: list.map((x) => (x.nonce === nonce ? { ...x, status: 'failed', error, resend } : x)) } };
  },

  // Rate limited: the message waits its turn (shown as such), then goes back to pending.
  MESSAGE_WAITING(state, { channel_id, nonce, waiting }) {
    const list = state.pending[channel_id];
    if (!list || !list.some((x) => x.nonce === nonce)) return state;
    const status = waiting ? 'waiting' : 'pending';
    return { ...state, pending: { ...state.pending, [channel_id]: list.map((x) => (x.nonce === nonce ? { ...x, status } : x)) } };
  },

  MESSAGE_DISCARD(state, { channel_id, nonce }) {
    return { ...state, pending: { ...state.pending, [channel_id]: (state.pending[channel_id] || []).filter((x) => x.nonce !== nonce) } };
  },

  CONNECTION: (state, connection) => ({ ...state, connection }),

  SELECT_GUILD(state, guildId) {
    // Home opens on its list of DMs, not on the last one read (which would mark what came in as read).
    return { ...state, ui: { ...state.ui, guildId, channelId: guildId === HOME ? null : state.ui.lastChannel[guildId] || null } };
  },

  SELECT_CHANNEL(state, { guildId, channelId }) {
    return {
      ...state,
      ui: { ...state.ui, guildId, channelId, drawer: null, lastChannel: { ...state.ui.lastChannel, [guildId]: channelId } },
    };
  },

  DRAWER: (state, drawer) => ({ ...state, ui: { ...state.ui, drawer } }),

  MODAL: (state, modal) => ({ ...state, ui: { ...state.ui, modal } }),

  // The profile card of a user, opened from a name or avatar at (x, y) in the viewport; null closes it.
  PROFILE: (state, profile) => ({ ...state, ui: { ...state.ui, profile } }),

  RESET: () => initialState,
};

const unknownTypes = new Set();

export function createStore(state = initialState) {
  const listeners = new Set();
  const actionListeners = new Set(); // (type, payload, state after) for side effects such as notifications
  return {
    getState: () => state,
    dispatch(type, payload) {
      const reducer = reducers[type];
      if (!reducer) {
        // Not fatal, but never silent: a type the client does not know means the two have drifted apart.
        if (!unknownTypes.has(type)) console.warn(`No reducer for event type ${type}; ignoring it`);
        unknownTypes.add(type);
        return;
      }
      const next = reducer(state, payload);
      if (next === state) return;
      state = next;
      listeners.forEach((l) => l(state));
      actionListeners.forEach((l) => l(type, payload, state));
    },
    onAction(fn) {
      actionListeners.add(fn);
      return () => actionListeners.delete(fn);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

// ---- selectors ----

const byPosition = (a, b) => (a.position ?? 0) - (b.position ?? 0) || cmpId(a.id, b.id);

export function guildChannels(state, guildId) {
  return Object.values(state.channels).filter((c) => c.guild_id === guildId).sort(byPosition);
}

// Uncategorised channels first, then each category with its children, all by position then id.
export function channelTree(state, guildId) {
  const all = guildChannels(state, guildId);
  const cats = all.filter((c) => c.type === 4);
  const catIds = new Set(cats.map((c) => c.id));
  const text = all.filter((c) => c.type !== 4);
  return {
    top: text.filter((c) => !c.parent_id || !catIds.has(c.parent_id)),
    categories: cats.map((cat) => ({ category: cat, channels: text.filter((c) => c.parent_id === cat.id) })),
  };
}

export function currentGuildId(state) {
  const { guildId } = state.ui;
  if (guildId === HOME) return HOME;
  if (guildId && state.guilds[guildId]) return guildId;
  return state.guildOrder[0] || null;
}

export function currentChannelId(state, guildId) {
  if (!guildId) return null;
  if (guildId === HOME) return isPrivate(state.channels[state.ui.channelId]) ? state.ui.channelId : null;
  const want = state.ui.guildId === guildId ? state.ui.channelId : state.ui.lastChannel[guildId];
  const c = want && state.channels[want];
  if (c && c.guild_id === guildId && c.type !== 4) return want;
  const { top, categories } = channelTree(state, guildId);
  const first = top[0] || categories.flatMap((x) => x.channels)[0];
  return first ? first.id : null;
}

export const displayName = (u) => (u && (u.global_name || u.username)) || 'unknown';

// The dot drawn for a user: online | idle | dnd | offline, and for me also invisible (what I chose,
// while others see me offline).
export function statusOf(state, userId) {
  if (state.me && userId === state.me.id) {
    if (state.connection !== 'open') return 'offline';
    const chosen = state.myPresence.status;
    return chosen === 'online' && state.afk ? 'idle' : chosen;
  }
  return state.presences[userId] || 'offline';
}

export function customStatusOf(state, userId) {
  if (state.me && userId === state.me.id) return state.myPresence.custom_status;
  return state.customStatuses[userId] || null;
}

export function isOnline(state, userId) {
  const s = statusOf(state, userId);
  return s !== 'offline' && s !== 'invisible';
}
