// Edit a channel or category: name, topic, category, position; or delete it (MANAGE_CHANNELS);
// and its permission overwrites (MANAGE_ROLES).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { updateChannel, deleteChannel } from '../actions/channels.js';
import { guildChannels } from '../store.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import ChannelPermissions from './ChannelPermissions.js';
import { myChannelPerms, has } from '../permissions.js';

export default function ChannelSettings({ channelId, onClose }) {
  const { state, dispatch } = useApp();
  const channel = state.channels[channelId];
  const [name, setName] = useState(channel ? channel.name : '');
  const [topic, setTopic] = useState((channel && channel.topic) || '');
  const [parent, setParent] = useState((channel && channel.parent_id) || '');
  const [position, setPosition] = useState(String((channel && channel.position) ?? 0));
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useForm();
  if (!channel) return null; // deleted while open
  const isCategory = channel.type === 4;
  const perms = myChannelPerms(state, channelId);
  const canEdit = has(perms, 'MANAGE_CHANNELS');
  const canPerms = has(perms, 'MANAGE_ROLES');
  const categories = guildChannels(state, channel.guild_id).filter((c) => c.type === 4);

  async function save(e) {
    e.preventDefault();
    const body = { name: name.trim(), position: Math.max(0, parseInt(position, 10) || 0) };
    if (!isCategory) {
      body.topic = topic.trim() || null;
      body.parent_id = parent || null;
    }
    const c = await run(() => updateChannel(dispatch, channelId, body));
    if (!c) return;
    onClose();
  }

  async function remove() {
    if (!confirming) return setConfirming(true);
    const ok = await run(() => deleteChannel(dispatch, { id: channelId, guild_id: channel.guild_id }));
    if (!ok) return;
    onClose();
  }

  return html`
    <${Modal} title=${isCategory ? 'Edit category' : 'Edit channel'} onClose=${onClose} wide=${canPerms}>
      ${canEdit && html`
      <form class="form" onSubmit=${save}>
        <label>Name
          <input data-testid="channel-name-input" required maxlength="100" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
        </label>
        ${!isCategory && html`
          <label>Topic
            <textarea data-testid="channel-topic-input" maxlength="1024" rows="2" value=${topic} onInput=${(e) => setTopic(e.currentTarget.value)} />
          </label>
          <label>Category
            <select data-testid="channel-parent-input" value=${parent} onChange=${(e) => setParent(e.currentTarget.value)}>
              <option value="">(none)</option>
              ${categories.map((c) => html`<option key=${c.id} value=${c.id}>${c.name}</option>`)}
            </select>
          </label>`}
        <label>Position
          <input type="number" min="0" max="10000" data-testid="channel-position-input" value=${position}
            onInput=${(e) => setPosition(e.currentTarget.value)} />
        </label>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <div class="form-actions spread">
          <button type="button" class="btn danger" data-testid="channel-delete" disabled=${busy} onClick=${remove}>
            ${confirming ? 'Really delete?' : isCategory ? 'Delete category' : 'Delete channel'}</button>
          <button type="submit" class="btn primary" data-testid="channel-save" disabled=${busy}>Save</button>
        </div>
      </form>`}
      ${canPerms && html`<${ChannelPermissions} channelId=${channelId} />`}
    <//>`;
}
