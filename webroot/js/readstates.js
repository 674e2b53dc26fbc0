// Read states in the client store: state.readStates (channel id -> { last_message_id, acked_id,
// mention_count, counted_id }), from the snapshot's `read_states`, MESSAGE_ACK (this tab's ack or
// another tab's or device's) and MESSAGE_CREATE.
//
// How mention_count moves here: the server's count is the truth, and comes with the snapshot and each
// MESSAGE_ACK. In between, a MESSAGE_CREATE that pings me (names me, a role of mine, or everyone; or
// any message of someone else in a DM) in a channel not read past it adds one, as the server's count
// did when it was sent. A deleted message's mention stays counted until read past, as on the server.
// `acked_id` is what the server knows I read; `last_message_id` may be ahead of it by my own messages
// (what I write I have read), until the ack that follows them.
import { cmpId } from './ids.js';

const isDm = (state, channelId) => Array.isArray(state.channels[channelId]?.recipients);

export function withReadStates(state, snap) {
  const readStates = {};
  for (const r of snap.read_states || []) {
    readStates[r.channel_id] = { last_message_id: r.last_message_id, acked_id: r.last_message_id, mention_count: r.mention_count, counted_id: null };
  }
  return { ...state, readStates, readMarkers: {} };
}

// Whether a message pings me: the rule the server counts by (MentionTargets.java).
export function pingsMe(state, m) {
  const me = state.me && state.me.id;
  if (!me || !m.author || m.author.id === me) return false;
  if (!m.guild_id) return isDm(state, m.channel_id);
  if (m.mention_everyone) return true;
  if ((m.mentions || []).some((u) => u.id === me)) return true;
  const mine = state.members[m.guild_id]?.[me]?.roles || [];
  return (m.mention_roles || []).some((r) => mine.includes(r));
}

const put = (state, channelId, entry) => ({ ...state, readStates: { ...state.readStates, [channelId]: entry } });

export const readStateReducers = {
  // Forward only, like the server: a late ack of an older message changes nothing.
  MESSAGE_ACK(state, { channel_id, message_id, mention_count }) {
    const old = state.readStates?.[channel_id];
    if (old && old.acked_id && cmpId(message_id, old.acked_id) < 0) return state;
    const last = old && old.last_message_id && cmpId(old.last_message_id, message_id) > 0 ? old.last_message_id : message_id;
    return put(state, channel_id, { ...old, last_message_id: last, acked_id: message_id, mention_count });
  },

  // Called by store.js's MESSAGE_CREATE with the state it made: counts a ping once, marks my own as read.
  MESSAGE_CREATE(state, m) {
    const old = state.readStates?.[m.channel_id] || { last_message_id: null, acked_id: null, mention_count: 0, counted_id: null };
    if (state.me && m.author?.id === state.me.id) {
      return cmpId(m.id, old.last_message_id || '0') > 0 ? put(state, m.channel_id, { ...old, last_message_id: m.id }) : state;
    }
    if (!pingsMe(state, m)) return state;
    // Read past it already, or counted already (the same event seen twice): nothing to add.
    if (old.acked_id && cmpId(m.id, old.acked_id) <= 0) return state;
    if (old.counted_id && cmpId(m.id, old.counted_id) <= 0) return state;
    return put(state, m.channel_id, { ...old, mention_count: (old.mention_count || 0) + 1, counted_id: m.id });
  },

  // Where I had read up to when I opened a channel: the "new messages" line goes above what follows it.
  READ_MARKER: (state, { channel_id, last_message_id }) => ({ ...state, readMarkers: { ...state.readMarkers, [channel_id]: last_message_id } }),
};

// ---- selectors

export function readState(state, channelId) {
  return state.readStates?.[channelId] || null;
}

// Something came in after what I read. A channel never read is unread when it has anything at all.
export function isUnread(state, channelId) {
  const c = state.channels[channelId] || state.threads?.[channelId];
  if (!c || !c.last_message_id) return false;
  const read = readState(state, channelId)?.last_message_id;
  return !read || cmpId(c.last_message_id, read) > 0;
}

export const mentionCount = (state, channelId) => readState(state, channelId)?.mention_count || 0;

// A guild's channels and threads, with their unread and mention totals, for its icon in the rail.
export function guildTotals(state, guildId) {
  let mentions = 0;
  let unread = false;
  for (const c of Object.values(state.channels)) {
    if (c.guild_id !== guildId || c.type === 4) continue;
    mentions += mentionCount(state, c.id);
    unread = unread || isUnread(state, c.id);
  }
  for (const t of Object.values(state.threads || {})) {
    if (t.guild_id === guildId) mentions += mentionCount(state, t.id);
  }
  return { mentions, unread };
}

// DMs and group DMs: every message is a mention there, so this is the Home icon's count.
export function privateTotals(state) {
  let mentions = 0;
  let unread = false;
  for (const c of Object.values(state.channels)) {
    if (!Array.isArray(c.recipients)) continue;
    mentions += mentionCount(state, c.id);
    unread = unread || isUnread(state, c.id);
  }
  return { mentions, unread };
}

// Every mention waiting, for the tab's title.
export function totalMentions(state) {
  return Object.entries(state.readStates || {})
    .filter(([id]) => state.channels[id] || state.threads?.[id]) // not one since hidden or deleted
    .reduce((n, [, r]) => n + (r.mention_count || 0), 0);
}

// The message the "new messages" line goes above: the first after where I had read when I opened the
// channel, when someone else wrote it. Null when there is none, or I had never read the channel.
export function firstUnreadId(state, channelId, messages) {
  const marker = state.readMarkers?.[channelId];
  if (!marker) return null;
  const me = state.me && state.me.id;
  const first = messages.find((m) => cmpId(m.id, marker) > 0);
  return first && first.author?.id !== me ? first.id : null;
}
