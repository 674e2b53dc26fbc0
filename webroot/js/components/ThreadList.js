// A channel's threads (active, then archived) and the "New thread" form, which also starts a thread
// from a message when the pane was opened by a message's "Create thread" action.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { startThread, loadThreads } from '../actions/threads.js';
import { threadsOf, ago, lastActivity } from '../threads.js';
import { myChannelPerms, has } from '../permissions.js';
import useForm from './useForm.js';

const DURATIONS = [[60, '1 hour'], [1440, '24 hours'], [4320, '3 days'], [10080, '1 week']];

function NewThread({ channelId, fromMessage }) {
  const { state, dispatch } = useApp();
  const starter = fromMessage && (state.messages[channelId] || []).find((m) => m.id === fromMessage);
  const [name, setName] = useState(starter ? starter.content.slice(0, 100) : '');
  const [duration, setDuration] = useState(1440);
  const { busy, error, run } = useForm();

  async function submit(e) {
    e.preventDefault();
    const thread = await run(() => startThread(dispatch, channelId, fromMessage, { name: name.trim(), auto_archive_duration: Number(duration) }));
    if (!thread) return;
    dispatch('THREAD_PANE', { channelId, threadId: thread.id });
  }

  return html`
    <form class="thread-new" data-testid="thread-new-form" onSubmit=${submit}>
      <h3>${fromMessage ? 'Create thread from message' : 'New thread'}</h3>
      ${starter && html`<div class="thread-starter-quote muted">${starter.content}</div>`}
      <input data-testid="thread-name-input" placeholder="Thread name" maxlength="100" required value=${name}
        onInput=${(e) => setName(e.currentTarget.value)} />
      <label class="small muted">Archive after
        <select data-testid="thread-duration" value=${duration} onChange=${(e) => setDuration(e.currentTarget.value)}>
          ${DURATIONS.map(([v, label]) => html`<option value=${v}>${label} without messages</option>`)}
        </select>
      </label>
      ${error && html`<div class="form-error" data-testid="thread-error">${error}</div>`}
      <button class="btn primary" type="submit" data-testid="thread-create" disabled=${busy || !name.trim()}>Create thread</button>
    </form>`;
}

function Row({ thread, channelId }) {
  const { dispatch } = useApp();
  const meta = thread.thread_metadata || {};
  return html`
    <li>
      <button class="thread-row" data-testid="thread-row" data-thread-id=${thread.id}
        onClick=${() => dispatch('THREAD_PANE', { channelId, threadId: thread.id })}>
        <span class="thread-row-name">${thread.name}</span>
        <span class="small muted">${thread.message_count} messages · ${thread.member_count} members · ${ago(lastActivity(thread))}
          ${meta.locked ? ' · locked' : ''}</span>
      </button>
    </li>`;
}

export default function ThreadList({ channelId, fromMessage }) {
  const { state, dispatch } = useApp();
  const [error, setError] = useState(null);
  const threads = threadsOf(state, channelId);
  const active = threads.filter((t) => !t.thread_metadata?.archived);
  const archived = threads.filter((t) => t.thread_metadata?.archived);
  const canCreate = has(myChannelPerms(state, channelId), 'CREATE_PUBLIC_THREADS');

  // The snapshot holds only active threads (and joined archived ones): the list asks for all.
  useEffect(() => {
    let cancelled = false;
    loadThreads(dispatch, channelId)
      .catch((e) => !cancelled && setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [channelId]);

  return html`
    <div class="thread-list" data-testid="thread-list">
      ${canCreate && html`<${NewThread} key=${fromMessage || 'new'} channelId=${channelId} fromMessage=${fromMessage} />`}
      ${error && html`<div class="form-error">${error}</div>`}
      <h3 class="thread-section">Active threads — ${active.length}</h3>
      ${active.length === 0 && html`<p class="muted small">No active threads.</p>`}
      <ul>${active.map((t) => html`<${Row} key=${t.id} thread=${t} channelId=${channelId} />`)}</ul>
      <h3 class="thread-section">Archived threads — ${archived.length}</h3>
      <ul data-testid="archived-threads">${archived.map((t) => html`<${Row} key=${t.id} thread=${t} channelId=${channelId} />`)}</ul>
    </div>`;
}
