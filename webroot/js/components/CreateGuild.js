// "+" on the rail: a name and whether the server is listed in the public directory.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { createGuild } from '../actions/guilds.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import { adoptGuild } from '../guilds.js';

export default function CreateGuild({ onClose }) {
  const { state, store } = useApp();
  const [name, setName] = useState(state.me ? `${state.me.username}'s server` : '');
  const [isPublic, setPublic] = useState(false);
  const { busy, error, run } = useForm();

  async function submit(e) {
    e.preventDefault();
    const g = await run(() => createGuild(name.trim(), isPublic));
    if (!g) return;
    onClose();
    adoptGuild(store, g);
  }

  return html`
    <${Modal} title="Create a server" onClose=${onClose}>
      <form class="form" onSubmit=${submit}>
        <label>Server name
          <input data-testid="create-guild-name" required maxlength="100" value=${name}
            onInput=${(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" data-testid="create-guild-public" checked=${isPublic}
            onChange=${(e) => setPublic(e.currentTarget.checked)} />
          List it in the public directory
        </label>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <div class="form-actions">
          <button type="button" class="btn" onClick=${onClose}>Cancel</button>
          <button type="submit" class="btn primary" data-testid="create-guild-submit" disabled=${busy}>Create</button>
        </div>
      </form>
    <//>`;
}
