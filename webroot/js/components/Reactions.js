// Reactions under a message: one chip per emoji (count, highlighted when it includes us; a click
// toggles ours), and the "add reaction" button with its small picker of common emoji.
// Our own change is applied once the server accepts it; its SSE echo is then a no-op (see store.js).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { put, del } from '../api.js';
import { useFocusTrap } from '../a11y/focusTrap.js';

export const COMMON_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🔥', '✅'];

// PUT adds, DELETE removes; on success the store applies it as the server's event would.
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

export function ReactionChips({ message, canReact, onError }) {
  const { store } = useApp();
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

// The picker is fixed to the viewport next to its button, so the scrolling message list cannot
// clip it; scrolling, Escape or a click elsewhere closes it. Focus stays in it while open (Tab cycles,
// arrows move) and goes back to the button.
export function AddReaction({ message, onError }) {
  const { store } = useApp();
  const [pos, setPos] = useState(null);
  const button = useRef(null);
  const picker = useRef(null);

  useEffect(() => {
    if (!pos) return undefined;
    const close = () => setPos(null);
    const onDown = (e) => {
      if (!picker.current?.contains(e.target) && !button.current?.contains(e.target)) close();
    };
    const onScroll = (e) => !picker.current?.contains(e.target) && close();
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', close);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', close);
    };
  }, [pos]);

  function open() {
    if (pos) return setPos(null);
    const r = button.current.getBoundingClientRect();
    const right = Math.max(8, window.innerWidth - r.right);
    // Above the button when there is room, else below it.
    setPos(r.top > 56 ? { right, bottom: window.innerHeight - r.top + 4 } : { right, top: r.bottom + 4 });
  }

  function pick(name) {
    setPos(null);
    const mine = (message.reactions || []).some((r) => r.emoji.name === name && r.me);
    if (!mine) setReaction(store, message, name, true).catch((e) => onError(e.message));
  }

  const style = pos && Object.entries(pos).map(([k, v]) => `${k}:${v}px`).join(';');
  return html`
    <button ref=${button} class="icon-btn reaction-add-btn" data-testid="reaction-add" title="Add reaction"
      aria-label="Add reaction" aria-haspopup="true" aria-expanded=${pos ? 'true' : 'false'} onClick=${open}>
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8zm-3.5 7a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm7 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zM7 14c.8 2 2.7 3.5 5 3.5s4.2-1.5 5-3.5zM19 1v3h-3v2h3v3h2V6h3V4h-3V1z" />
      </svg>
    </button>
    ${pos && html`<${Picker} pickerRef=${picker} style=${style} onPick=${pick} onClose=${() => setPos(null)} />`}`;
}

function Picker({ pickerRef, style, onPick, onClose }) {
  useFocusTrap(pickerRef, onClose, '.reaction-option');
  // Left and Right (Up and Down too) move between the emoji, as in a menu.
  const onKeyDown = (e) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    e.stopPropagation();
    const items = Array.from(pickerRef.current.querySelectorAll('.reaction-option'));
    const at = items.indexOf(document.activeElement);
    items[(at + step + items.length) % items.length].focus();
  };
  return html`
    <div ref=${pickerRef} class="reaction-picker" data-testid="reaction-picker" role="menu" aria-label="Add a reaction"
      style=${style} onKeyDown=${onKeyDown}>
      ${COMMON_EMOJI.map((e) => html`
        <button key=${e} class="reaction-option" data-testid="reaction-option" data-emoji=${e} role="menuitem"
          title=${e} onClick=${() => onPick(e)}>${e}</button>`)}
    </div>`;
}
