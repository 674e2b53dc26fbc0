// Under a message that started a thread: the thread's name, message count and last activity; opens it.
import { html } from '../html.js';
import { useStore } from '../context.js';
import { ago, lastActivity } from '../threads.js';

// `thread`: the thread this message started (the store's copy, else the page's), or none.
export default function ThreadChip({ message, thread }) {
  const { dispatch } = useStore();
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

