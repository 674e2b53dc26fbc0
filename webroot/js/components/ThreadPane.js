// The thread side pane: beside the channel on a desktop, full screen (with a back button) on a phone.
// It shows the channel's thread list, or one thread: its messages, a composer, join/leave, and
// archive/lock for those who may.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { loadLatest, PAGE } from '../actions/messages.js';
import { setThreadJoined, updateThread } from '../actions/threads.js';
import { myChannelPerms, has } from '../permissions.js';
import Message from './Message.js';
import Composer from './Composer.js';
import ThreadList from './ThreadList.js';


// The channel's composer (completions, emoji, drafts, the Send button on a phone) with a thread's rule
// for who may write: SEND_MESSAGES_IN_THREADS, and in a locked thread MANAGE_THREADS too.
function ThreadComposer({ thread }) {
  const { state, store } = useApp();
  const perms = myChannelPerms(state, thread.id);
  const meta = thread.thread_metadata || {};
  const blocked = !has(perms, 'SEND_MESSAGES_IN_THREADS') ? 'You do not have permission to send messages in threads.'
    : meta.locked && !has(perms, 'MANAGE_THREADS') ? 'This thread is locked.' : null;
  return html`
    <${Composer} key=${thread.id} channel=${thread} testId="thread-composer" blockedReason=${blocked}
      placeholder=${meta.archived ? 'Send a message to reopen this thread' : undefined}
      afterSend=${(err) => !err && store.dispatch('THREAD_JOINED', { id: thread.id, joined: true })} />`;
}

function ThreadView({ thread }) {
  const { state, dispatch } = useApp();
  const messages = state.messages[thread.id] || [];
  const pending = state.pending[thread.id] || [];
  const loaded = state.loaded[thread.id];
  const [error, setError] = useState(null);
  const listRef = useRef(null);
  const perms = myChannelPerms(state, thread.id);
  const meta = thread.thread_metadata || {};
  const mine = state.me && thread.owner_id === state.me.id;
  const canManage = has(perms, 'MANAGE_THREADS');
  const canArchive = canManage || (mine && !meta.locked);

  useEffect(() => {
    if (loaded) return undefined;
    let cancelled = false;
    loadLatest(dispatch, thread.id, PAGE)
      .catch((e) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [thread.id, loaded]);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  });

  const act = (p) => p.catch((e) => setError(e.message));
  const setJoined = (joined) => act(setThreadJoined(dispatch, thread.id, joined));
  const change = (body) => act(updateThread(dispatch, thread.id, body));

  return html`
    <div class="thread-view" data-testid="thread-view" data-thread-id=${thread.id}>
      <div class="thread-toolbar">
        <span class="small muted" data-testid="thread-counts">${thread.message_count} messages · ${thread.member_count} members</span>
        ${meta.archived && html`<span class="thread-badge" data-testid="thread-archived">Archived</span>`}
        ${meta.locked && html`<span class="thread-badge" data-testid="thread-locked">Locked</span>`}
        <span class="spacer" />
        ${thread.joined
          ? html`<button class="link" data-testid="thread-leave" onClick=${() => setJoined(false)}>Leave</button>`
          : html`<button class="link" data-testid="thread-join" onClick=${() => setJoined(true)}>Join</button>`}
        ${canArchive && html`<button class="link" data-testid="thread-archive" onClick=${() => change({ archived: !meta.archived })}>
          ${meta.archived ? 'Unarchive' : 'Archive'}</button>`}
        ${canManage && html`<button class="link" data-testid="thread-lock" onClick=${() => change({ locked: !meta.locked })}>
          ${meta.locked ? 'Unlock' : 'Lock'}</button>`}
      </div>
      <div class="message-list thread-messages" data-testid="thread-message-list" ref=${listRef}>
        ${!loaded && !error && html`<div class="list-status">Loading messages…</div>`}
        ${error && html`<div class="list-status error">${error}</div>`}
        ${loaded && messages.length === 0 && html`<div class="list-status">No messages yet. Say something!</div>`}
        ${messages.map((m) => html`<${Message} key=${m.id} message=${m} />`)}
        ${pending.map((p) => html`<${Message} key=${'n' + p.nonce} pending=${p} />`)}
      </div>
      <${ThreadComposer} thread=${thread} />
    </div>`;
}

export default function ThreadPane({ channelId }) {
  const { state, dispatch } = useApp();
  const pane = state.ui.threadPane;
  if (!pane || pane.channelId !== channelId) return null;
  const thread = pane.threadId && state.threads[pane.threadId];
  const channel = state.channels[channelId];
  const back = () => dispatch('THREAD_PANE', thread ? { channelId } : null);
  return html`
    <aside class="thread-pane" data-testid="thread-pane" aria-label="Threads">
      <header class="pane-header">
        <button class="icon-btn thread-back" data-testid="thread-back" aria-label="Back" onClick=${back}>‹</button>
        <h2 class="thread-title" data-testid="thread-title">${thread ? thread.name : `Threads${channel ? ` in #${channel.name}` : ''}`}</h2>
        <button class="icon-btn" data-testid="thread-close" aria-label="Close threads" onClick=${() => dispatch('THREAD_PANE', null)}>✕</button>
      </header>
      ${thread
        ? html`<${ThreadView} key=${thread.id} thread=${thread} />`
        : html`<${ThreadList} channelId=${channelId} fromMessage=${pane.fromMessage} />`}
    </aside>`;
}
