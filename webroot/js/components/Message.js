// One message. Content is interpolated as text (htm escapes it), never as HTML.
// Confirmed messages carry data-message-id; optimistic ones are wrapped in a pending/failed marker.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { patch, del } from '../api.js';
import { displayName } from '../store.js';
import { retryMessage } from '../outbox.js';
import Avatar from './Avatar.js';
import { myChannelPerms, has } from '../permissions.js';
import { memberColor } from '../roles.js';
import { ReactionChips, AddReaction } from './Reactions.js';
import BlockedMessage from './BlockedMessage.js';
import { isBlocked } from '../dms.js';
import ThreadChip, { StartThreadButton } from './ThreadChip.js';
import { openProfile } from '../profile.js';

function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return `Today at ${time}`;
  return `${d.toLocaleDateString()} ${time}`;
}

function EditBox({ message, onDone }) {
  const [text, setText] = useState(message.content);
  const [error, setError] = useState(null);
  const { dispatch } = useApp();
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    const content = text.trim();
    if (!content || content === message.content) return onDone();
    try {
      const m = await patch(`/channels/${message.channel_id}/messages/${message.id}`, { content });
      dispatch('MESSAGE_UPDATE', m);
      onDone();
    } catch (e) {
      setError(e.message);
    }
  }

  function onKeyDown(e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      onDone();
    }
  }

  return html`
    <div class="edit-box">
      <textarea ref=${ref} data-testid="message-edit-input" rows="2" value=${text}
        onInput=${(e) => setText(e.currentTarget.value)} onKeyDown=${onKeyDown} />
      <div class="edit-hint">escape to <button class="link" onClick=${onDone}>cancel</button> • enter to
        <button class="link" data-testid="message-edit-save" onClick=${save}>save</button></div>
      ${error && html`<div class="form-error">${error}</div>`}
    </div>`;
}

export default function Message({ message, pending }) {
  const { state, store } = useApp();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState(null);
  const [revealed, setRevealed] = useState(false);
  const m = message || pending;
  const mine = state.me && m.author && m.author.id === state.me.id;
  const guildId = state.channels[m.channel_id] && state.channels[m.channel_id].guild_id;
  const color = guildId && m.author ? memberColor(state, guildId, m.author.id) : null;
  // Own messages can always be deleted; others' need MANAGE_MESSAGES in the channel.
  const perms = pending ? 0n : myChannelPerms(state, m.channel_id);
  const canDelete = mine || (!pending && has(perms, 'MANAGE_MESSAGES'));
  const canReact = !pending && has(perms, 'ADD_REACTIONS');
  // Threads start from messages of a channel (not of a thread), once per message.
  const canThread = !pending && !!state.channels[m.channel_id] && !(state.threads && state.threads[m.id]) && !m.thread
    && has(perms, 'CREATE_PUBLIC_THREADS');
  const canReport = !pending && !mine && !!guildId; // as in Discord, not one's own message

  if (message && guildId && !revealed && isBlocked(state, m.author && m.author.id)) {
    return html`<${BlockedMessage} onShow=${() => setRevealed(true)} />`;
  }

  async function remove() {
    try {
      await del(`/channels/${m.channel_id}/messages/${m.id}`);
      store.dispatch('MESSAGE_DELETE', { id: m.id, channel_id: m.channel_id });
    } catch (e) {
      setError(e.message);
    }
  }

  // The author's name and avatar open their profile card.
  const profile = (e) => m.author && openProfile(store.dispatch, e, { userId: m.author.id, guildId, user: m.author });
  const body = html`
    <div class="message-meta">
      <button type="button" class="message-author" data-testid="message-author" style=${color ? `color:${color}` : undefined}
        onClick=${profile}>${displayName(m.author)}</button>
      <time class="message-time" datetime=${m.timestamp}>${formatTime(m.timestamp)}</time>
    </div>
    ${editing
      ? html`<${EditBox} message=${m} onDone=${() => setEditing(false)} />`
      : html`<div class="message-text">
          <span class="message-content" data-testid="message-content">${m.content}</span>
          ${m.edited_timestamp && html` <span class="edited" title=${formatTime(m.edited_timestamp)}>(edited)</span>`}
        </div>`}`;

  if (pending) {
    const failed = pending.status === 'failed';
    return html`
      <div class="message ${failed ? 'failed' : 'pending'}" data-testid="message">
        <${Avatar} user=${m.author} />
        <div class="message-body">
          ${failed
            ? html`<div data-testid="message-failed">${body}</div>
                <div class="send-error">
                  <span>${pending.resend ? 'Not sent yet: it goes again once the connection is back' : `Not sent${pending.error ? `: ${pending.error}` : ''}`}</span>
                  <button class="link" data-testid="message-retry" onClick=${() => retryMessage(store, pending)}>Retry</button>
                  <button class="link" onClick=${() => store.dispatch('MESSAGE_DISCARD', pending)}>Discard</button>
                </div>`
            : html`<div data-testid="message-pending">${body}</div>
                ${pending.status === 'waiting' &&
                html`<div class="send-waiting" data-testid="message-waiting">Sending too fast: this one goes out in a moment</div>`}`}
        </div>
      </div>`;
  }

  return html`
    <div class="message" data-testid="message" data-message-id=${m.id}>
      <button type="button" class="avatar-button" data-testid="message-avatar" tabindex="-1"
        aria-label=${`Profile of ${displayName(m.author)}`} onClick=${profile}><${Avatar} user=${m.author} /></button>
      <div class="message-body">
        ${body}
        <${ReactionChips} message=${m} canReact=${canReact} onError=${setError} />
        <${ThreadChip} message=${m} />
        ${error && html`<div class="form-error">${error}</div>`}
      </div>
      ${(canDelete || canReact || canThread || canReport) && !editing && html`
        <div class="message-actions">
          ${canReact && html`<${AddReaction} message=${m} onError=${setError} />`}
          ${canThread && html`<${StartThreadButton} message=${m} />`}
          ${mine && html`<button class="icon-btn" data-testid="message-edit" title="Edit" aria-label="Edit message"
            onClick=${() => setEditing(true)}>Edit</button>`}
          ${canDelete && html`<button class="icon-btn danger" data-testid="message-delete" title="Delete" aria-label="Delete message"
            onClick=${remove}>Delete</button>`}
          ${canReport && html`<button class="icon-btn" data-testid="message-report" title="Report" aria-label="Report message"
            onClick=${() => store.dispatch('MODAL', { kind: 'report', message: m })}>Report</button>`}
        </div>`}
    </div>`;
}
