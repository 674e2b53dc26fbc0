// Reactions under a message: one chip per emoji (count, highlighted when it includes us; a click
// toggles ours), and the "add reaction" button, which opens the shared emoji picker.
// Our own change is applied once the server accepts it; its SSE echo is then a no-op (see store.js).
import { html } from '../html.js';
import { useStore } from '../context.js';
import { setReaction } from '../actions/messages.js';
import { EmojiButton } from './EmojiPicker.js';

// Quick reactions offered first where there is no room for the picker (a phone's long-press sheet).
export const COMMON_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🔥', '✅'];

// Reacting is an action (actions/messages.js); the long-press menu takes it from here too.
export { setReaction } from '../actions/messages.js';

export function ReactionChips({ message, canReact, onError }) {
  const store = useStore();
  const reactions = message.reactions || [];
  if (reactions.length === 0) return null;
  const toggle = (r) => setReaction(store, message, r.emoji.name, !r.me).catch((e) => onError(e.message));
  return html`
    <div class="reactions">
      ${reactions.map((r) => html`
        <button key=${r.emoji.name} class="reaction ${r.me ? 'me' : ''}" data-testid="reaction"
          data-emoji=${r.emoji.name} data-me=${r.me ? 'true' : 'false'} aria-pressed=${r.me ? 'true' : 'false'}
          disabled=${!r.me && !canReact}
          title=${r.me ? `Remove your ${r.emoji.name}` : `React with ${r.emoji.name}`}
          onClick=${() => toggle(r)}>
          <span class="reaction-emoji">${r.emoji.name}</span>
          <span class="reaction-count" data-testid="reaction-count">${r.count}</span>
        </button>`)}
    </div>`;
}

// "Add reaction" opens the same emoji picker as the composer (search, categories, recently used).
export function AddReaction({ message, onError }) {
  const store = useStore();
  function pick(name) {
    const mine = (message.reactions || []).some((r) => r.emoji.name === name && r.me);
    if (!mine) setReaction(store, message, name, true).catch((e) => onError(e.message));
  }
  return html`
    <${EmojiButton} className="icon-btn reaction-add-btn" testId="reaction-add" label="Add reaction" onPick=${pick}>
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8zm-3.5 7a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm7 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zM7 14c.8 2 2.7 3.5 5 3.5s4.2-1.5 5-3.5zM19 1v3h-3v2h3v3h2V6h3V4h-3V1z" />
      </svg>
    <//>`;
}
