// Messages of a channel (or thread): pages of history, edits, deletes, typing. Sending goes through
// outbox.js, which owns nonces, optimistic copies and resending.
import { get, post, patch, put, del } from '../api.js';

export const PAGE = 50;

/** The newest page, replacing what the channel had cached. */
export async function loadLatest(dispatch, channelId, limit = PAGE) {
  const messages = await get(`/channels/${channelId}/messages?limit=${limit}`);
  dispatch('MESSAGES_LOADED', { channel_id: channelId, messages, limit, latest: true });
  return messages;
}

/**
 * The page before `beforeId`, added above what is loaded. `beforeApply` runs between its arrival and
 * the store taking it (a list remembers its scroll position there, to keep the reader's place).
 */
export async function loadBefore(dispatch, channelId, beforeId, limit = PAGE, beforeApply = () => {}) {
  const messages = await get(`/channels/${channelId}/messages?before=${beforeId}&limit=${limit}`);
  beforeApply(messages);
  dispatch('MESSAGES_LOADED', { channel_id: channelId, messages, limit, latest: false });
  return messages;
}

export async function editMessage(dispatch, message, content) {
  const m = await patch(`/channels/${message.channel_id}/messages/${message.id}`, { content });
  dispatch('MESSAGE_UPDATE', m);
  return m;
}

/** Deletes it; takes `dispatch` or the store (a memoized row holds only the store). */
export async function deleteMessage(dispatchOrStore, message) {
  const dispatch = typeof dispatchOrStore === 'function' ? dispatchOrStore : dispatchOrStore.dispatch;
  await del(`/channels/${message.channel_id}/messages/${message.id}`);
  dispatch('MESSAGE_DELETE', { id: message.id, channel_id: message.channel_id });
  return true;
}

/** Fire and forget: a typing indicator that did not go out is not worth an error. */
export const startTyping = (channelId) => post(`/channels/${channelId}/typing`).catch(() => {});

// One reaction of mine on or off: PUT adds, DELETE removes; on success the store applies it as the
// server's event would (the echo is then a no-op). Takes the store: it reads who I am.
export async function setReaction(store, message, name, on) {
  const path = `/channels/${message.channel_id}/messages/${message.id}/reactions/${encodeURIComponent(name)}/@me`;
  await (on ? put(path) : del(path));
  const me = store.getState().me;
  store.dispatch(on ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', {
    channel_id: message.channel_id,
    message_id: message.id,
    user_id: me && me.id,
    emoji: { name },
  });
}
