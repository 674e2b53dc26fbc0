// Making a group DM, or adding people to one (channelId): pick people from the members of your
// guilds; a group holds ten people at most, you included.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { displayName, statusOf } from '../store.js';
import { addRecipient, createGroupDm, openDm } from '../dms.js';
import Modal from './Modal.js';
import Avatar from './Avatar.js';
import useForm from './useForm.js';

const MAX = 10;

export default function NewGroupDm({ channelId, onClose }) {
  const { state, store } = useApp();
  const channel = channelId && state.channels[channelId];
  const already = new Set((channel ? channel.recipients : []).map((u) => u.id));
  const people = new Map();
  for (const members of Object.values(state.members)) {
    for (const m of Object.values(members)) {
      if (m.user.id !== state.me.id && !already.has(m.user.id)) people.set(m.user.id, m.user);
    }
  }
  const candidates = [...people.values()].sort((a, b) => displayName(a).localeCompare(displayName(b)));
  const [picked, setPicked] = useState([]);
  const [name, setName] = useState('');
  const { busy, error, run } = useForm();
  const room = MAX - 1 - already.size;
  const toggle = (id) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length < room ? [...p, id] : p));

  async function submit(e) {
    e.preventDefault();
    const done = await run(async () => {
      if (channel) {
        for (const id of picked) await addRecipient(channel.id, id);
      } else if (picked.length === 1) {
        await openDm(store, picked[0]);
      } else {
        await createGroupDm(store, picked, name.trim());
      }
      return true;
    });
    if (done) onClose();
  }

  return html`
    <${Modal} title=${channel ? 'Add people' : 'New group DM'} onClose=${onClose}>
      <form class="new-group-dm" data-testid="new-group-dm" onSubmit=${submit}>
        ${!channel && html`
          <label class="field">Name (optional)
            <input data-testid="group-dm-name" maxlength="100" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
          </label>`}
        <p class="muted small">${picked.length} picked, up to ${room}.</p>
        <ul class="pick-list">
          ${candidates.map((u) => html`
            <li key=${u.id}>
              <label class="pick-row" data-testid="pick-person" data-user-id=${u.id}>
                <input type="checkbox" checked=${picked.includes(u.id)} onChange=${() => toggle(u.id)} />
                <${Avatar} user=${u} status=${statusOf(state, u.id)} />
                <span>${displayName(u)}</span>
              </label>
            </li>`)}
          ${candidates.length === 0 && html`<li class="muted">Nobody to add: join a server with other people first.</li>`}
        </ul>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <button type="submit" class="btn primary" data-testid="group-dm-create" disabled=${busy || picked.length === 0}>
          ${channel ? 'Add' : picked.length === 1 ? 'Open DM' : 'Create group DM'}</button>
      </form>
    <//>`;
}
