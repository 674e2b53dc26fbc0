// Your status and custom status, as Discord's user-panel menu offers them. The choice is stored on the
// server and reaches your other sessions (USER_SETTINGS_UPDATE); others see invisible as offline.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { setPresence } from '../actions/users.js';
import Modal from './Modal.js';
import useForm from './useForm.js';

export const STATUSES = [
  { id: 'online', label: 'Online', hint: '' },
  { id: 'idle', label: 'Idle', hint: '' },
  { id: 'dnd', label: 'Do Not Disturb', hint: 'You will not receive desktop notifications' },
  { id: 'invisible', label: 'Invisible', hint: 'You will appear offline, but keep full access' },
];

export default function StatusPicker({ onClose }) {
  const { state, dispatch } = useApp();
  const current = state.myPresence;
  const [text, setText] = useState((current.custom_status && current.custom_status.text) || '');
  const [emoji, setEmoji] = useState((current.custom_status && current.custom_status.emoji) || '');
  const { busy, error, run } = useForm();

  async function choose(body) {
    return run(() => setPresence(dispatch, body));
  }

  async function saveCustom(e) {
    e.preventDefault();
    const custom = text.trim() || emoji.trim() ? { text: text.trim() || null, emoji: emoji.trim() || null } : null;
    if (await choose({ custom_status: custom })) onClose();
  }

  async function clearCustom() {
    setText('');
    setEmoji('');
    await choose({ custom_status: null });
  }

  return html`
    <${Modal} title="Set a status" onClose=${onClose}>
      <ul class="status-options" role="listbox" aria-label="Status" data-testid="status-options">
        ${STATUSES.map((s) => html`
          <li key=${s.id}>
            <button type="button" role="option" class="status-option ${current.status === s.id ? 'selected' : ''}"
              aria-selected=${current.status === s.id ? 'true' : 'false'} data-status=${s.id} disabled=${busy}
              onClick=${async () => (await choose({ status: s.id })) && onClose()}>
              <span class="status-dot"><span class="presence ${s.id}" /></span>
              <span class="status-label">${s.label}${s.hint && html`<small>${s.hint}</small>`}</span>
            </button>
          </li>`)}
      </ul>
      <form class="section custom-status-form" onSubmit=${saveCustom}>
        <label class="field-label" for="custom-status-text">Custom status</label>
        <div class="custom-status-row">
          <input class="input emoji-input" aria-label="Emoji" placeholder="😀" maxlength="32" value=${emoji}
            data-testid="custom-status-emoji" onInput=${(e) => setEmoji(e.target.value)} />
          <input id="custom-status-text" class="input" placeholder="What's happening?" maxlength="128" value=${text}
            data-testid="custom-status-text" onInput=${(e) => setText(e.target.value)} />
        </div>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <div class="custom-status-actions">
          <button class="btn primary" type="submit" disabled=${busy} data-testid="custom-status-save">Save</button>
          ${current.custom_status && html`<button class="btn" type="button" disabled=${busy} onClick=${clearCustom}
            data-testid="custom-status-clear">Clear status</button>`}
        </div>
      </form>
    <//>`;
}
