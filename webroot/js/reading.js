// What the user has seen becomes their read state: while the tab is visible, a channel is open (no
// drawer over it) and its messages are scrolled to the bottom, the newest message shown is acked (and
// the same for a thread open beside it). At
// most one ack a second per tab, so that a busy channel does not send one per message; the first goes
// at once, so that a glance at a channel reads it. The tab's
// title carries the mentions waiting ("(3) Guildhall"), and opening a channel notes where one had
// read up to, for the "new messages" line.
import { post } from './api.js';
import { cmpId } from './ids.js';
import { currentGuildId, currentChannelId } from './store.js';
import { readState, isUnread, totalMentions } from './readstates.js';

const ACK_EVERY_MS = 1000;
const NEAR_BOTTOM = 48; // px, as MessagePane counts "at the bottom"
const TITLE = 'Guildhall';

export function startReading(store) {
  let timer = null;
  let lastAckAt = 0; // the first ack goes at once (a glance at a channel reads it), the next within a second
  let opened; // the channel whose marker was taken
  const inFlight = {}; // channel id -> message id being acked
  const refused = {}; // channel id -> message id the server would not take (deleted meanwhile): not again

  const openChannel = (state) => currentChannelId(state, currentGuildId(state));

  function atBottom(testId) {
    const el = document.querySelector(`[data-testid="${testId}"]`);
    return !!el && el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
  }

  // The channels being looked at: the open one, and the thread open beside it, each scrolled to its end.
  function looked(state) {
    if (!state.ready || document.visibilityState !== 'visible' || state.ui.drawer) return [];
    const out = [];
    const channelId = openChannel(state);
    if (channelId && atBottom('message-list')) out.push(channelId);
    const threadId = state.ui.threadPane?.threadId;
    if (threadId && atBottom('thread-message-list')) out.push(threadId);
    return out;
  }

  // The newest confirmed message shown, when the server does not know I read it yet.
  function due(state, channelId) {
    const list = state.messages[channelId];
    if (!state.loaded[channelId] || !list || list.length === 0) return null;
    const newest = list[list.length - 1].id;
    const acked = readState(state, channelId)?.acked_id;
    if (acked && cmpId(newest, acked) <= 0) return null;
    if (inFlight[channelId] && cmpId(newest, inFlight[channelId]) <= 0) return null;
    return refused[channelId] === newest ? null : newest;
  }

  function ack() {
    timer = null;
    lastAckAt = Date.now();
    const state = store.getState();
    for (const channelId of looked(state)) {
      const messageId = due(state, channelId);
      if (!messageId) continue;
      inFlight[channelId] = messageId;
      post(`/channels/${channelId}/messages/${messageId}/ack`, {})
        .then((rs) => store.dispatch('MESSAGE_ACK', { channel_id: channelId, message_id: rs.last_message_id, mention_count: rs.mention_count }))
        .catch(() => {
          refused[channelId] = messageId;
        })
        .finally(() => {
          if (inFlight[channelId] === messageId) delete inFlight[channelId];
          check();
        });
    }
  }

  function check() {
    const state = store.getState();
    if (!state.ready) return;
    const channelId = openChannel(state);
    if (channelId !== opened) {
      opened = channelId;
      // Where I left off, if anything came since: no line for a channel read to its end.
      const marker = channelId && isUnread(state, channelId) ? readState(state, channelId)?.last_message_id || null : null;
      if (channelId) queueMicrotask(() => store.dispatch('READ_MARKER', { channel_id: channelId, last_message_id: marker }));
    }
    const n = totalMentions(state);
    const title = n > 0 ? `(${n}) ${TITLE}` : TITLE;
    if (document.title !== title) document.title = title;
    if (!timer && looked(state).some((id) => due(state, id))) {
      timer = setTimeout(ack, Math.max(0, lastAckAt + ACK_EVERY_MS - Date.now()));
    }
  }

  const unsubscribe = store.subscribe(check);
  document.addEventListener('visibilitychange', check);
  document.addEventListener('scroll', check, true); // the message list's own scrolling, caught on its way up
  window.addEventListener('focus', check);
  check();
  return () => {
    unsubscribe();
    document.removeEventListener('visibilitychange', check);
    document.removeEventListener('scroll', check, true);
    window.removeEventListener('focus', check);
    if (timer) clearTimeout(timer);
  };
}
