// DMs, group DMs and blocks in the client: the reducers store.js delegates to, the selectors the
// Home view draws from.
import { cmpId } from './ids.js';
import { post, put, del } from './api.js';
import { isUnread as isChannelUnread } from './readstates.js';
import { omit } from './state/objects.js';

export const HOME = '@me';

// A private channel is kept with the guilds' channels (guild_id null), with its recipients (the others).
export const isPrivate = (c) => !!c && Array.isArray(c.recipients);

export function withPrivateChannels(state, snap) {
  const channels = { ...state.channels };
  for (const c of snap.private_channels || []) channels[c.id] = { ...c, guild_id: null };
  const blocked = Object.fromEntries((snap.relationships || []).filter((r) => r.type === 2).map((r) => [r.id, r.user]));
  return { ...state, channels, blocked };
}

export function recipientAdd(state, { channel_id, user }) {
  const c = state.channels[channel_id];
  if (!c || !user || (state.me && user.id === state.me.id) || c.recipients.some((r) => r.id === user.id)) return state;
  return { ...state, channels: { ...state.channels, [channel_id]: { ...c, recipients: [...c.recipients, user] } } };
}

export function recipientRemove(state, { channel_id, user }) {
  const c = state.channels[channel_id];
  if (!c || !user) return state;
  return { ...state, channels: { ...state.channels, [channel_id]: { ...c, recipients: c.recipients.filter((r) => r.id !== user.id) } } };
}

export const relationshipAdd = (state, r) =>
  r.type === 2 ? { ...state, blocked: { ...(state.blocked || {}), [r.id]: r.user || { id: r.id } } } : state;

export const relationshipRemove = (state, r) => ({ ...state, blocked: omit(state.blocked || {}, r.id) });

export const isBlocked = (state, userId) => !!(state.blocked && userId && state.blocked[userId]);

// ---- selectors

const name = (u) => (u && (u.global_name || u.username)) || 'unknown';

export function dmName(c) {
  if (!c) return '';
  if (c.name) return c.name;
  const names = (c.recipients || []).map(name);
  return names.length ? names.join(', ') : 'Just you';
}

// Newest activity first.
export function privateChannels(state) {
  return Object.values(state.channels).filter(isPrivate)
    .sort((a, b) => cmpId(b.last_message_id || b.id, a.last_message_id || a.id));
}

// ---- read state: the server's (readstates.js), which follows me from tab to tab and device to device

export const isUnread = (state, channel) => !!channel && isChannelUnread(state, channel.id);

// ---- actions

export async function openDm(store, userId) {
  const channel = await post('/users/@me/channels', { recipient_id: userId });
  store.dispatch('CHANNEL_CREATE', { ...channel, guild_id: null });
  store.dispatch('SELECT_CHANNEL', { guildId: HOME, channelId: channel.id });
  return channel;
}

export async function createGroupDm(store, userIds, groupName) {
  const channel = await post('/users/@me/channels', { recipient_ids: userIds, name: groupName || null });
  store.dispatch('CHANNEL_CREATE', { ...channel, guild_id: null });
  store.dispatch('SELECT_CHANNEL', { guildId: HOME, channelId: channel.id });
  return channel;
}

export const addRecipient = (channelId, userId) => put(`/channels/${channelId}/recipients/${userId}`);
export const removeRecipient = (channelId, userId) => del(`/channels/${channelId}/recipients/${userId}`);

export async function setBlocked(store, user, on) {
  if (on) {
    await put(`/users/@me/relationships/${user.id}`, { type: 2 });
    store.dispatch('RELATIONSHIP_ADD', { id: user.id, type: 2, user });
  } else {
    await del(`/users/@me/relationships/${user.id}`);
    store.dispatch('RELATIONSHIP_REMOVE', { id: user.id, type: 2 });
  }
}
