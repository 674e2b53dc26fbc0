// The one client store. Every change, whether the snapshot, a live SSE event or a local
// action, goes through dispatch(type, payload) -> reducers[type](state, payload), so the
// state is always explained by the sequence of things that happened.
import { cmpId } from './ids.js';
import { withGuild, guildReducers } from './state/guilds.js';
import { messageReducers } from './state/messages.js';
import { presenceReducers } from './state/presence.js';
import { uiReducers } from './state/ui.js';
import { HOME, isPrivate, withPrivateChannels, recipientAdd, recipientRemove, relationshipAdd, relationshipRemove } from './dms.js';
import { reportsLoaded, reportChanged } from './reports.js';
import { threadReducers } from './threads.js';
import { notificationSettingsReducers, withGuildSettings } from './notificationSettings.js';
import { readStateReducers, withReadStates } from './readstates.js';
import { memberListReducers, withMemberPages } from './memberLists.js';

export const initialState = {
  ready: false, // a snapshot has been applied
  me: null,
  guilds: {}, // id -> guild without channels/members
  guildOrder: [],
  channels: {}, // id -> channel
  threads: {}, // id -> thread (threads.js)
  readStates: {}, // channel id -> what I read there and the mentions of me after it (readstates.js)
  readMarkers: {}, // channel id -> where I had read when I opened it, for the "new messages" line
  members: {}, // guild id -> { user id -> member }
  memberPages: {}, // large guild id -> { cursor, done }: how far its member list is paged in (memberLists.js)
  roles: {}, // guild id -> { role id -> role } (@everyone's id is the guild's)
  bans: {}, // guild id -> [ban], only once the bans list has been fetched
  reports: {}, // guild id -> { report id -> report }, moderators only (reports.js)
  presences: {}, // user id -> status as others see it: online | idle | dnd | offline
  customStatuses: {}, // user id -> {text, emoji}
  myPresence: { status: 'online', custom_status: null }, // what I chose (stored on the server)
  afk: false, // no input here for a while (never stored)
  notices: [], // in-app notifications: [{id, guildId, channelId, title, body}]
  guildSettings: {}, // guild id -> my notification settings there (notificationSettings.js)
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

// ---- reducers: (state, payload) => newState, by domain (state/*.js and the feature modules) ----

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
    return withMemberPages(withReadStates(withGuildSettings(withPrivateChannels(next, snap), snap), snap), snap);
  },

  // Moderators only: the queue of reports (reports.js), and the badge's count with it.
  REPORTS_LOADED: reportsLoaded,
  REPORT_CREATE: reportChanged,
  REPORT_UPDATE: reportChanged,

  // DMs and group DMs (dms.js): who is in them; blocks, the signed-in user's alone.
  CHANNEL_RECIPIENT_ADD: (state, p) => recipientAdd(state, p),
  CHANNEL_RECIPIENT_REMOVE: (state, p) => recipientRemove(state, p),
  RELATIONSHIP_ADD: (state, r) => relationshipAdd(state, r),
  RELATIONSHIP_REMOVE: (state, r) => relationshipRemove(state, r),

  // Threads: threads.js.
  THREAD_CREATE: (state, t) => threadReducers.THREAD_CREATE(state, t),
  THREAD_UPDATE: (state, t) => threadReducers.THREAD_UPDATE(state, t),
  THREAD_DELETE: (state, t) => threadReducers.THREAD_DELETE(state, t),
  THREADS_LOADED: (state, list) => threadReducers.THREADS_LOADED(state, list),
  THREAD_JOINED: (state, j) => threadReducers.THREAD_JOINED(state, j),
  THREAD_PANE: (state, pane) => threadReducers.THREAD_PANE(state, pane),

  // Read states: readstates.js.
  MESSAGE_ACK: (state, a) => readStateReducers.MESSAGE_ACK(state, a),
  READ_MARKER: (state, r) => readStateReducers.READ_MARKER(state, r),

  // Notification settings: notificationSettings.js.
  USER_GUILD_SETTINGS_UPDATE: (state, s) => notificationSettingsReducers.USER_GUILD_SETTINGS_UPDATE(state, s),


  RESET: () => initialState,
  ...guildReducers,
  ...messageReducers,
  ...presenceReducers,
  ...memberListReducers,
  ...uiReducers,
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
