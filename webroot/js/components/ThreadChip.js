// Under a message that started a thread: the thread's name, message count and last activity; opens it.
import { html } from '../html.js';
import { useApp } from '../context.js';
import { ago, lastActivity } from '../threads.js';

export default function ThreadChip({ message }) {
  const { state, dispatch } = useApp();
  const thread = (state.threads && state.threads[message.id]) || message.thread;
  if (!thread) return null;
  const count = thread.message_count || 0;
  const archived = thread.thread_metadata && thread.thread_metadata.archived;
  return html`
    <button class="thread-chip" data-testid="thread-chip" data-thread-id=${thread.id}
      onClick=${() => dispatch('THREAD_PANE', { channelId: message.channel_id, threadId: thread.id })}>
      <span class="thread-chip-name" data-testid="thread-chip-name">${thread.name}</span>
      <span class="thread-chip-count" data-testid="thread-chip-count">${count} ${count === 1 ? 'message' : 'messages'}</span>
      <span class="thread-chip-when muted">${archived ? 'archived · ' : ''}${ago(lastActivity(thread))}</span>
    </button>`;
}

// The message action that starts a thread from this message (opens the form in the thread pane).
export function StartThreadButton({ message }) {
  const { dispatch } = useApp();
  return html`<button class="icon-btn" data-testid="message-create-thread" title="Create thread" aria-label="Create thread"
    onClick=${() => dispatch('THREAD_PANE', { channelId: message.channel_id, fromMessage: message.id })}>Thread</button>`;
}
