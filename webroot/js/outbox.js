// Sending messages optimistically: the message shows at once as pending under a client nonce,
// and the server's copy (POST reply or MESSAGE_CREATE, whichever is first) replaces it.
// A retry reuses the nonce, so the server never stores it twice.
import { post } from './api.js';
import { newNonce } from './ids.js';

// A send with no answer after this long is shown as failed, with Retry; if it did land after all,
// its MESSAGE_CREATE (same nonce) still replaces the failed copy, and a retry returns the same message.
const SEND_TIMEOUT_MS = 15000;

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('No answer from the server (timed out)')), SEND_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Rate limited (429): wait as long as the server says, then send again with the same nonce, this
// many times at most before showing the message as failed.
const MAX_RATE_LIMIT_WAITS = 10;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function postPatiently(store, channelId, content, nonce, replyTo, waits = 0) {
  const body = replyTo ? { content, nonce, reply_to: replyTo } : { content, nonce };
  return withTimeout(post(`/channels/${channelId}/messages`, body)).catch((err) => {
    if (err.status !== 429 || err.retryAfter == null || waits >= MAX_RATE_LIMIT_WAITS) throw err;
    store.dispatch('MESSAGE_WAITING', { channel_id: channelId, nonce, waiting: true });
    return sleep(err.retryAfter * 1000).then(() => {
      store.dispatch('MESSAGE_WAITING', { channel_id: channelId, nonce, waiting: false });
      return postPatiently(store, channelId, content, nonce, replyTo, waits + 1);
    });
  });
}

// One send at a time per channel: concurrent POSTs could be stored out of typing order.
const queues = new Map();

function enqueue(channelId, task) {
  const run = (queues.get(channelId) || Promise.resolve()).then(task);
  const tail = run.catch(() => {});
  queues.set(channelId, tail);
  tail.then(() => queues.get(channelId) === tail && queues.delete(channelId));
  return run;
}

// `reply` is the message replied to (or its quote, on a retry): the pending copy shows the quote at once.
export function sendMessage(store, channelId, content, nonce = newNonce(), reply = null) {
  const { me } = store.getState();
  const quote = reply && { id: reply.id, channel_id: reply.channel_id, author: reply.author, content: reply.content,
    edited_timestamp: reply.edited_timestamp ?? null };
  store.dispatch('MESSAGE_PENDING', {
    channel_id: channelId,
    nonce,
    content,
    author: me,
    timestamp: new Date().toISOString(),
    message_reference: quote ? { message_id: quote.id } : null,
    referenced_message: quote,
  });
  return enqueue(channelId, () =>
    postPatiently(store, channelId, content, nonce, quote && quote.id)
      .then((msg) => {
        store.dispatch('MESSAGE_CREATE', { ...msg, nonce: msg.nonce || nonce });
        return null;
      })
      .catch((err) => {
        // No answer, or none from us (a proxy's 502/503 while a node is down): sent again by itself
        // once the stream is back. An answer from the server (a 4xx) waits for Retry.
        const resend = !err.status || err.status >= 500;
        store.dispatch('MESSAGE_FAILED', { channel_id: channelId, nonce, error: err.message, resend });
        return err;
      }),
  );
}

export const retryMessage = (store, p) => sendMessage(store, p.channel_id, p.content, p.nonce, p.referenced_message);

// A message that failed for want of a connection goes again by itself, in the order written and with
// its nonce (the server keeps one copy whatever happened the first time): at once when the stream
// reconnects, and while the stream still looks open (a dead link is noticed late), after a back-off.
const backoffMs = (attempt) => Math.min(30000, 2000 * 2 ** attempt);

export function startResender(store) {
  const attempts = new Map(); // nonce -> resends so far
  const timers = new Set();
  const resend = (p) => {
    attempts.set(p.nonce, (attempts.get(p.nonce) || 0) + 1);
    retryMessage(store, p);
  };
  const stop = store.onAction((type, payload, state) => {
    if (type === 'CONNECTION' && payload === 'open') {
      for (const list of Object.values(state.pending)) {
        for (const p of list) if (p.status === 'failed' && p.resend) resend(p);
      }
    } else if (type === 'MESSAGE_FAILED' && payload.resend) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        const now = store.getState();
        const p = (now.pending[payload.channel_id] || []).find((x) => x.nonce === payload.nonce);
        if (p && p.status === 'failed' && now.connection === 'open') resend(p);
      }, backoffMs(attempts.get(payload.nonce) || 0));
      timers.add(timer);
    } else if (type === 'MESSAGE_CREATE' && payload && payload.nonce) {
      attempts.delete(payload.nonce);
    }
  });
  return () => {
    stop();
    timers.forEach(clearTimeout);
  };
}
