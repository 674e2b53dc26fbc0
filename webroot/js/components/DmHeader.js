// The header of an open DM or group DM: its name; in a group, its people, adding (the owner),
// removing (the owner) and leaving.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { displayName } from '../store.js';
import { dmName, removeRecipient } from '../dms.js';

export default function DmHeader({ channel }) {
  const { state, dispatch } = useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState(null);
  const owner = channel.type === 3 && channel.owner_id === state.me.id;
  const remove = (userId) => removeRecipient(channel.id, userId).catch((e) => setError(e.message));
  return html`
    <div class="dm-header" data-testid="dm-header">
      <h2 class="channel-name dm">${channel.type === 1 ? '@' : ''}${dmName(channel)}</h2>
      ${channel.type === 3 && html`
        <button class="btn small" data-testid="group-dm-people" onClick=${() => setOpen(!open)}>${channel.recipients.length + 1} people</button>
        ${open && html`
          <div class="dm-people" data-testid="group-dm-people-panel">
            <ul>
              ${channel.recipients.map((u) => html`
                <li key=${u.id}>${displayName(u)}${u.id === channel.owner_id && ' (owner)'}
                  ${owner && html` <button class="link danger" data-testid="group-dm-remove" data-user-id=${u.id} onClick=${() => remove(u.id)}>remove</button>`}
                </li>`)}
            </ul>
            ${owner && html`<button class="btn small" data-testid="group-dm-add" onClick=${() => dispatch('MODAL', { kind: 'newGroupDm', channelId: channel.id })}>Add people</button>`}
            <button class="btn small danger" data-testid="group-dm-leave" onClick=${() => remove(state.me.id)}>Leave group</button>
            ${error && html`<p class="form-error" role="alert">${error}</p>`}
          </div>`}`}
    </div>`;
}
