// On a member: "Message" opens (or makes) the DM with them; Block / Unblock.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { isBlocked, openDm, setBlocked } from '../dms.js';

export default function MemberDmActions({ user, onDone }) {
  const { state, store } = useApp();
  const [error, setError] = useState(null);
  if (!state.me || user.id === state.me.id) return null;
  const blocked = isBlocked(state, user.id);
  const run = (work) => work().then(() => onDone && onDone()).catch((e) => setError(e.message));
  return html`
    <div class="member-dm-actions">
      <button class="btn primary" data-testid="member-message" onClick=${() => run(() => openDm(store, user.id))}>Message</button>
      <button class="btn ${blocked ? '' : 'danger'}" data-testid="member-block" data-blocked=${blocked ? 'true' : 'false'}
        onClick=${() => run(() => setBlocked(store, user, !blocked))}>${blocked ? 'Unblock' : 'Block'}</button>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
    </div>`;
}
