// New text channel or category; text channels may go under a category.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { createChannel } from '../actions/channels.js';
import { guildChannels } from '../store.js';
import Modal from './Modal.js';
import useForm from './useForm.js';

export default function CreateChannel({ guildId, parentId, onClose }) {
  const { state, dispatch } = useApp();
  const [name, setName] = useState('');
  const [type, setType] = useState('0');
  const [parent, setParent] = useState(parentId || '');
  const [topic, setTopic] = useState('');
  const { busy, error, run } = useForm();
  const categories = guildChannels(state, guildId).filter((c) => c.type === 4);
  const isCategory = type === '4';

  async function submit(e) {
    e.preventDefault();
    const body = { name: name.trim(), type: Number(type) };
    if (!isCategory && parent) body.parent_id = parent;
    if (!isCategory && topic.trim()) body.topic = topic.trim();
    const c = await run(() => createChannel(dispatch, guildId, body));
    if (!c) return;
    if (c.type !== 4) dispatch('SELECT_CHANNEL', { guildId, channelId: c.id });
    onClose();
  }

  return html`
    <${Modal} title="Create channel" onClose=${onClose}>
      <form class="form" onSubmit=${submit}>
        <label>Type
          <select data-testid="create-channel-type" value=${type} onChange=${(e) => setType(e.currentTarget.value)}>
            <option value="0">Text channel</option>
            <option value="4">Category</option>
          </select>
        </label>
        <label>Name
          <input data-testid="create-channel-name" required maxlength="100" value=${name}
            placeholder=${isCategory ? 'Category name' : 'new-channel'} onInput=${(e) => setName(e.currentTarget.value)} />
        </label>
        ${!isCategory && html`
          <label>Category
            <select data-testid="create-channel-parent" value=${parent} onChange=${(e) => setParent(e.currentTarget.value)}>
              <option value="">(none)</option>
              ${categories.map((c) => html`<option key=${c.id} value=${c.id}>${c.name}</option>`)}
            </select>
          </label>
          <label><span>Topic <span class="muted">(optional)</span></span>
            <input data-testid="create-channel-topic" maxlength="1024" value=${topic} onInput=${(e) => setTopic(e.currentTarget.value)} />
          </label>`}
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <div class="form-actions">
          <button type="button" class="btn" onClick=${onClose}>Cancel</button>
          <button type="submit" class="btn primary" data-testid="create-channel-submit" disabled=${busy}>Create</button>
        </div>
      </form>
    <//>`;
}
