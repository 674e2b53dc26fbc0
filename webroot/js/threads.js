// Threads in the client store: state.threads (id -> thread, Discord's type 11 channel with
// thread_metadata), kept by THREAD_CREATE / THREAD_UPDATE / THREAD_DELETE and the snapshot's guild
// `threads`; state.ui.threadPane says what the side pane shows: { channelId, threadId?, fromMessage? }.
// A thread's messages live in state.messages under the thread's id, like any channel's.
import { omit } from './state/objects.js';

export const dropThreads = (threads, gone) => Object.fromEntries(Object.entries(threads || {}).filter(([, t]) => !gone(t)));

// Discord's rule, as the snapshot keeps it: a guild's threads arrive whole with the guild.
export function withGuildThreads(state, g) {
  if (!g.threads) return state;
  const kept = dropThreads(state.threads, (t) => t.guild_id === g.id);
  for (const t of g.threads) kept[t.id] = t;
  return { ...state, threads: kept };
}

function upsert(state, t) {
  const old = state.threads?.[t.id];
  // Events carry no `joined` (they go to everyone); one's own start or post means one joined.
  const mine = state.me && t.owner_id === state.me.id;
  const joined = old?.joined || t.joined || (!old && mine) || false;
  return { ...state, threads: { ...state.threads, [t.id]: { ...old, ...t, joined } } };
}

export const threadReducers = {
  THREAD_CREATE: upsert,
  THREAD_UPDATE: upsert,
  THREAD_DELETE(state, { id }) {
    const pane = state.ui.threadPane;
    return {
      ...state,
      threads: omit(state.threads, id),
      messages: omit(state.messages, id),
      loaded: omit(state.loaded, id),
      ui: pane && pane.threadId === id ? { ...state.ui, threadPane: { channelId: pane.channelId } } : state.ui,
    };
  },
  // The thread list's page: every thread of a channel, each with `joined`.
  THREADS_LOADED(state, threads) {
    let next = state;
    for (const t of threads) next = upsert(next, t);
    return next;
  },
  // Posting joins a thread (the server says so through member_count; this says it is us).
  THREAD_JOINED(state, { id, joined }) {
    const t = state.threads?.[id];
    return t ? { ...state, threads: { ...state.threads, [id]: { ...t, joined } } } : state;
  },
  THREAD_PANE: (state, pane) => ({ ...state, ui: { ...state.ui, threadPane: pane } }),
};

// A channel's threads: active first, then archived, newest first in each.
export function threadsOf(state, channelId) {
  const list = Object.values(state.threads || {}).filter((t) => t.parent_id === channelId);
  const newest = (a, b) => (a.id.length !== b.id.length ? b.id.length - a.id.length : b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
  return [
    ...list.filter((t) => !t.thread_metadata?.archived).sort(newest),
    ...list.filter((t) => t.thread_metadata?.archived).sort(newest),
  ];
}

// A snowflake's time: ms since Snowflake.EPOCH_MS (2026-01-01), above 22 bits of node and sequence.
const EPOCH = 1767225600000n;
export function idTime(id) {
  try {
    return new Date(Number((BigInt(id) >> 22n) + EPOCH));
  } catch {
    return null;
  }
}

export function lastActivity(thread) {
  return idTime(thread.last_message_id || thread.id);
}

export function ago(date, now = Date.now()) {
  if (!date) return '';
  const s = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}
