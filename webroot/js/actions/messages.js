// Messages of a channel (or thread): pages of history, edits, deletes, typing. Sending goes through
// outbox.js, which owns nonces, optimistic copies and resending.
import { get, post, patch, del } from '../api.js';

export const PAGE = 50;

/** The newest page, replacing what the channel had cached. */
export async function loadLatest(dispatch, channelId, limit = PAGE) {
  const messages = await get(`/channels/${channelId}/messages?limit=${limit}`);
  dispatch('MESSAGES_LOADED', { channel_id: channelId, messages, limit, latest: true });
  return messages;
}

/** The page before `beforeId`, added above what is loaded. */
export async function loadBefore(dispatch, channelId, beforeId, limit = PAGE) {
  const messages = await get(`/channels/${channelId}/messages?before=${beforeId}&limit=${limit}`);
  dispatch('MESSAGES_LOADED', { channel_id: channelId, messages, limit, latest: false });
  return messages;
}

export async function editMessage(dispatch, message, content) {
  const m = await patch(`/channels/${message.channel_id}/messages/${message.id}`, { content });
  dispatch('MESSAGE_UPDATE', m);
  return m;
}

export async function deleteMessage(dispatch, message) {
  await del(`/channels/${message.channel_id}/messages/${message.id}`);
  dispatch('MESSAGE_DELETE', { id: message.id, channel_id: message.channel_id });
  return true;
}

/** Fire and forget: a typing indicator that did not go out is not worth an error. */
export const startTyping = (channelId) => post(`/channels/${channelId}/typing`).catch(() => {});
