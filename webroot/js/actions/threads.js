// Threads: start one (from a message or not), list a channel's, join or leave, rename or archive.
import { get, post, patch, put, del } from '../api.js';

export async function startThread(dispatch, channelId, fromMessage, body) {
  const path = fromMessage ? `/channels/${channelId}/messages/${fromMessage}/threads` : `/channels/${channelId}/threads`;
  const thread = await post(path, body);
  dispatch('THREAD_CREATE', { ...thread, joined: true });
  return thread;
}

export async function loadThreads(dispatch, channelId) {
  const page = await get(`/channels/${channelId}/threads`);
  dispatch('THREADS_LOADED', page.threads);
  return page;
}

export async function setThreadJoined(dispatch, threadId, joined) {
  await (joined ? put : del)(`/channels/${threadId}/thread-members/@me`);
  dispatch('THREAD_JOINED', { id: threadId, joined });
}

export async function updateThread(dispatch, threadId, body) {
  const thread = await patch(`/channels/${threadId}`, body);
  dispatch('THREAD_UPDATE', thread);
  return thread;
}
