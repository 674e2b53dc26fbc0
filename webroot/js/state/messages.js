// Messages in the client store: each channel's confirmed messages (sorted by id), what has been
// loaded, deletes seen, reactions, and the optimistic copies of what this client is sending (outbox.js).
import { cmpId } from '../ids.js';
import { omit } from './objects.js';
import { readStateReducers } from '../readstates.js';

const byId = (a, b) => cmpId(a.id, b.id);

// Merge messages into a channel's list: sorted by id, one entry per id, the newest copy wins.
export function mergeMessages(list = [], incoming = [], deleted = {}) {
  const map = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) if (!deleted[m.id]) map.set(m.id, m);
  return Array.from(map.values()).sort(byId);
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


// A guild's messages carry their authors as members (`member`: on a page, on the send's reply and on
// MESSAGE_CREATE): a large guild's client, which holds only part of the member list, learns the authors it
// has not paged in, for their names and colours. A member already known is kept: its own events keep it current.
function withAuthorMembers(state, messages) {
  let members = state.members;
  for (const m of messages) {
    const gid = m.guild_id;
    if (!m.member || !gid || !members[gid] || members[gid][m.author.id]) continue;
    members = { ...members, [gid]: { ...members[gid], [m.author.id]: { ...m.member, user: m.author, guild_id: gid } } };
  }
  return members === state.members ? state : { ...state, members };
}

export const messageReducers = {

  MESSAGE_CREATE(state, m) {
    const cid = m.channel_id;
    // The POST reply and the SSE copy are the same message; whichever comes second must not wipe
    // reactions that arrived in between (both carry an empty list).
    const had = state.messages[cid]?.find((x) => x.id === m.id);
    const copy = had ? { ...had, ...m, reactions: had.reactions } : m;
    const known = withAuthorMembers(state, [m]);
    let next = { ...known, messages: { ...state.messages, [cid]: mergeMessages(state.messages[cid], [copy], state.deleted) } };
    // The confirmed copy replaces our optimistic one, whichever of SSE and the POST reply comes first.
    if (m.nonce && state.pending[cid]?.some((p) => p.nonce === m.nonce)) {
      next.pending = { ...state.pending, [cid]: state.pending[cid].filter((p) => p.nonce !== m.nonce) };
    }
    const ch = state.channels[cid];
    if (ch && cmpId(m.id, ch.last_message_id) > 0) next.channels = { ...state.channels, [cid]: { ...ch, last_message_id: m.id } };
    // Someone who just sent a message has stopped typing.
    if (state.typing[cid]?.[m.author?.id]) next.typing = { ...state.typing, [cid]: omit(state.typing[cid], m.author.id) };
    return readStateReducers.MESSAGE_CREATE(next, m);
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
      ...withAuthorMembers(state, messages),
      messages: { ...state.messages, [channel_id]: mergeMessages(state.messages[channel_id], messages, state.deleted) },
      loaded: latest ? { ...state.loaded, [channel_id]: true } : state.loaded,
      hasMore: { ...state.hasMore, [channel_id]: messages.length >= limit },
    };
  },

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
};
