// "Delete Message": asks before a delete, showing the message. Shift-clicking Delete skips this.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import Modal from './Modal.js';
import Avatar from './Avatar.js';

export default function DeleteConfirm({ message, name, color, onConfirm, onClose }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  }
  return html`
    <${Modal} title="Delete Message" onClose=${onClose}>
      <p>Are you sure you want to delete this message?</p>
      <div class="delete-preview" data-testid="delete-preview">
        <${Avatar} user=${message.author} />
        <div>
          <div class="message-author" style=${color ? `color:${color}` : undefined}>${name}</div>
          <div class="message-text">${message.content}</div>
        </div>
      </div>
      <p class="muted small">Tip: hold Shift when you click Delete to skip this.</p>
      ${error && html`<div class="form-error">${error}</div>`}
      <div class="form-actions">
        <button class="btn" data-testid="message-delete-cancel" onClick=${onClose}>Cancel</button>
        <button class="btn danger" data-testid="message-delete-confirm" disabled=${busy} onClick=${confirm}>Delete</button>
      </div>
    <//>`;
}
