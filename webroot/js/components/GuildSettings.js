// Server settings: Overview (name, description, public listing, invites, ownership, leave/delete),
// and Roles, Members, Bans tabs for those whose permissions allow them.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { updateGuild, deleteOrLeaveGuild } from '../actions/guilds.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import InvitePanel from './InvitePanel.js';
import RolesTab from './RolesTab.js';
import { MembersTab, BansTab, TransferOwnership } from './ModerationTabs.js';
import ReportsTab from './ReportsTab.js';
import { openReportCount } from '../reports.js';
import { myPerms, has } from '../permissions.js';

export default function GuildSettings({ guildId, onClose, tab: initialTab }) {
  const { state, dispatch } = useApp();
  const [tab, setTab] = useState(initialTab || 'overview');
  const guild = state.guilds[guildId];
  const [name, setName] = useState(guild ? guild.name : '');
  const [description, setDescription] = useState((guild && guild.description) || '');
  const [isPublic, setPublic] = useState(!!(guild && guild.public));
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useForm();
  if (!guild) return null; // deleted or left while open
  const owner = state.me && guild.owner_id === state.me.id;
  const perms = myPerms(state, guildId);
  const canEdit = has(perms, 'MANAGE_GUILD');
  const tabs = [
    ['overview', 'Overview', true],
    ['roles', 'Roles', has(perms, 'MANAGE_ROLES')],
    ['members', 'Members', ['KICK_MEMBERS', 'BAN_MEMBERS', 'MODERATE_MEMBERS', 'MANAGE_ROLES', 'MANAGE_GUILD'].some((b) => has(perms, b))],
    ['bans', 'Bans', has(perms, 'BAN_MEMBERS')],
    ['reports', 'Reports', has(perms, 'MANAGE_MESSAGES')],
  ].filter(([, , ok]) => ok);
  const shown = tabs.some(([id]) => id === tab) ? tab : 'overview';

  async function save(e) {
    e.preventDefault();
    setSaved(false);
    const g = await run(() => updateGuild(dispatch, guildId, { name: name.trim(), description: description.trim() || null, public: isPublic }));
    if (!g) return;
    setSaved(true);
  }

  async function leaveOrDelete() {
    if (!confirming) return setConfirming(true);
    const ok = await run(() => deleteOrLeaveGuild(dispatch, guildId, owner));
    if (!ok) return;
    onClose();
  }

  return html`
    <${Modal} title=${`${guild.name} — settings`} onClose=${onClose} wide>
      ${tabs.length > 1 && html`
        <div class="tabs settings-tabs" role="tablist">
          ${tabs.map(([id, label]) => html`
            <button key=${id} role="tab" class="tab ${shown === id ? 'active' : ''}" aria-selected=${shown === id}
              data-testid=${`settings-tab-${id}`} onClick=${() => setTab(id)}>${label}${id === 'reports' && openReportCount(state, guildId) > 0
                && html`<span class="report-badge" data-testid="reports-tab-count">${openReportCount(state, guildId)}</span>`}</button>`)}
        </div>`}
      ${shown === 'roles' && html`<${RolesTab} guildId=${guildId} />`}
      ${shown === 'members' && html`<${MembersTab} guildId=${guildId} />`}
      ${shown === 'bans' && html`<${BansTab} guildId=${guildId} />`}
      ${shown === 'reports' && html`<${ReportsTab} guildId=${guildId} />`}
      ${shown === 'overview' && html`
      <form class="form" onSubmit=${save}>
        <label>Server name
          <input data-testid="guild-name-input" required maxlength="100" value=${name}
            onInput=${(e) => setName(e.currentTarget.value)} disabled=${!canEdit} />
        </label>
        <label>Description
          <textarea data-testid="guild-description-input" maxlength="300" rows="2" value=${description}
            onInput=${(e) => setDescription(e.currentTarget.value)} disabled=${!canEdit} />
        </label>
        <label class="check">
          <input type="checkbox" data-testid="guild-public-input" checked=${isPublic}
            onChange=${(e) => setPublic(e.currentTarget.checked)} disabled=${!canEdit} />
          Listed in the public directory
        </label>
        ${!canEdit && html`<p class="muted small">You need the Manage Server permission to change these.</p>`}
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        ${saved && html`<p class="form-ok">Saved.</p>`}
        <div class="form-actions">
          <button type="submit" class="btn primary" data-testid="guild-save" disabled=${busy || !canEdit}>Save changes</button>
        </div>
      </form>
      ${has(perms, 'CREATE_INSTANT_INVITE') && html`<${InvitePanel} guildId=${guildId} />`}
      ${owner && html`<${TransferOwnership} guildId=${guildId} />`}
      <section class="section danger-zone">
        <h3>${owner ? 'Delete server' : 'Leave server'}</h3>
        <p class="muted small">${owner ? 'Deletes the server and all its channels and messages for everyone.' : 'You can rejoin later with an invite, or from the directory if it is public.'}</p>
        <button class="btn danger" data-testid=${owner ? 'delete-guild-button' : 'leave-guild-button'} disabled=${busy}
          onClick=${leaveOrDelete}>
          ${confirming ? `Really ${owner ? 'delete' : 'leave'} ${guild.name}?` : owner ? 'Delete server' : 'Leave server'}
        </button>
      </section>`}
    <//>`;
}
