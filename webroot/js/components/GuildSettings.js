// Server settings: name, description, public listing, invites, and leave/delete.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { patch, del } from '../api.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import InvitePanel from './InvitePanel.js';

export default function GuildSettings({ guildId, onClose }) {
  const { state, dispatch } = useApp();
  const guild = state.guilds[guildId];
  const [name, setName] = useState(guild ? guild.name : '');
  const [description, setDescription] = useState((guild && guild.description) || '');
  const [isPublic, setPublic] = useState(!!(guild && guild.public));
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useForm();
  if (!guild) return null; // deleted or left while open
  const owner = state.me && guild.owner_id === state.me.id;

  async function save(e) {
    e.preventDefault();
    setSaved(false);
    const g = await run(() => patch(`/guilds/${guildId}`, { name: name.trim(), description: description.trim() || null, public: isPublic }));
    if (!g) return;
    dispatch('GUILD_UPDATE', g);
    setSaved(true);
  }

  async function leaveOrDelete() {
    if (!confirming) return setConfirming(true);
    const ok = await run(() => (owner ? del(`/guilds/${guildId}`) : del(`/users/@me/guilds/${guildId}`)).then(() => true));
    if (!ok) return;
    dispatch('GUILD_DELETE', { id: guildId });
    onClose();
  }

  return html`
    <${Modal} title=${`${guild.name} — settings`} onClose=${onClose} wide>
      <form class="form" onSubmit=${save}>
        <label>Server name
          <input data-testid="guild-name-input" required maxlength="100" value=${name}
            onInput=${(e) => setName(e.currentTarget.value)} disabled=${!owner} />
        </label>
        <label>Description
          <textarea data-testid="guild-description-input" maxlength="300" rows="2" value=${description}
            onInput=${(e) => setDescription(e.currentTarget.value)} disabled=${!owner} />
        </label>
        <label class="check">
          <input type="checkbox" data-testid="guild-public-input" checked=${isPublic}
            onChange=${(e) => setPublic(e.currentTarget.checked)} disabled=${!owner} />
          Listed in the public directory
        </label>
        ${!owner && html`<p class="muted small">Only the owner can change these.</p>`}
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        ${saved && html`<p class="form-ok">Saved.</p>`}
        <div class="form-actions">
          <button type="submit" class="btn primary" data-testid="guild-save" disabled=${busy || !owner}>Save changes</button>
        </div>
      </form>
      <${InvitePanel} guildId=${guildId} />
      <section class="section danger-zone">
        <h3>${owner ? 'Delete server' : 'Leave server'}</h3>
        <p class="muted small">${owner ? 'Deletes the server and all its channels and messages for everyone.' : 'You can rejoin later with an invite, or from the directory if it is public.'}</p>
        <button class="btn danger" data-testid=${owner ? 'delete-guild-button' : 'leave-guild-button'} disabled=${busy}
          onClick=${leaveOrDelete}>
          ${confirming ? `Really ${owner ? 'delete' : 'leave'} ${guild.name}?` : owner ? 'Delete server' : 'Leave server'}
        </button>
      </section>
    <//>`;
}
