// The header of an open DM or group DM: its name; in a group, its people, adding (the owner),
// removing (the owner) and leaving.
import { useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { displayName } from '../store.js';
import { dmName, removeRecipient } from '../dms.js';
import { openProfile } from '../profile.js';
import { useFocusTrap } from '../a11y/focusTrap.js';

export default function DmHeader({ channel }) {
  const { state, dispatch } = useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState(null);
  const owner = channel.type === 3 && channel.owner_id === state.me.id;
  const remove = (userId) => removeRecipient(channel.id, userId).catch((e) => setError(e.message));
  return html`
    <div class="dm-header" data-testid="dm-header">
      <h2 class="channel-name dm">${channel.type === 1 && channel.recipients[0]
        ? html`<button class="dm-header-name" data-testid="dm-header-name" aria-label=${`Profile of ${dmName(channel)}`}
            onClick=${(e) => openProfile(dispatch, e, { userId: channel.recipients[0].id, user: channel.recipients[0] })}>@${dmName(channel)}</button>`
        : html`${channel.type === 1 ? '@' : ''}${dmName(channel)}`}</h2>
      ${channel.type === 3 && html`
        <button class="btn small" data-testid="group-dm-people" onClick=${() => setOpen(!open)}>${channel.recipients.length + 1} people</button>
        ${open && html`<${People} channel=${channel} owner=${owner} remove=${remove} error=${error} onClose=${() => setOpen(false)} />`}`}
    </div>`;
}

// The group's people, under the header button: focus stays in it until Escape (or the button) closes it.
function People({ channel, owner, remove, error, onClose }) {
  const { state, dispatch } = useApp();
  const ref = useRef(null);
  useFocusTrap(ref, onClose, 'button');
  return html`
    <div class="dm-people" data-testid="group-dm-people-panel" ref=${ref} role="dialog" aria-label="People in this group">
      <ul>
        ${channel.recipients.map((u) => html`
          <li key=${u.id}><button class="profile-opener" data-testid="group-dm-person" data-user-id=${u.id}
            onClick=${(e) => openProfile(dispatch, e, { userId: u.id, user: u })}>${displayName(u)}</button>${u.id === channel.owner_id && ' (owner)'}
            ${owner && html` <button class="link danger" data-testid="group-dm-remove" data-user-id=${u.id} onClick=${() => remove(u.id)}>remove</button>`}
          </li>`)}
      </ul>
      ${owner && html`<button class="btn small" data-testid="group-dm-add" onClick=${() => dispatch('MODAL', { kind: 'newGroupDm', channelId: channel.id })}>Add people</button>`}
      <button class="btn small danger" data-testid="group-dm-leave" onClick=${() => remove(state.me.id)}>Leave group</button>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
    </div>`;
}
