// Channel settings → Permissions: the channel's overwrites for roles and members, each permission
// denied / inherited / allowed. Needs MANAGE_ROLES in the channel (owners and admins have it).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { putOverwrite, deleteOverwrite } from '../actions/channels.js';
import { displayName } from '../store.js';
import { CHANNEL_PERMS, PERMS, toBits } from '../permissions.js';
import { guildRoles } from '../roles.js';
import useForm from './useForm.js';

function OverwriteItem({ channel, overwrite, label }) {
  const { dispatch } = useApp();
  const { busy, error, run } = useForm();
  const [allow, setAllow] = useState(toBits(overwrite.allow));
  const [deny, setDeny] = useState(toBits(overwrite.deny));
  const dirty = allow !== toBits(overwrite.allow) || deny !== toBits(overwrite.deny);

  const stateOf = (bit) => ((deny & PERMS[bit]) ? 'deny' : (allow & PERMS[bit]) ? 'allow' : 'inherit');
  function set(bit, v) {
    const b = PERMS[bit];
    setAllow((a) => (v === 'allow' ? a | b : a & ~b));
    setDeny((d) => (v === 'deny' ? d | b : d & ~b));
  }

  async function save() {
    const body = { type: Number(overwrite.type), allow: allow.toString(), deny: deny.toString() };
    await run(() => putOverwrite(dispatch, channel, overwrite.id, body));
  }

  async function remove() {
    await run(() => deleteOverwrite(dispatch, channel, overwrite.id));
  }

  return html`
    <li class="overwrite-item" data-testid="overwrite-item" data-target-id=${overwrite.id} data-type=${String(overwrite.type)}>
      <div class="overwrite-head">
        <span class="overwrite-name">${label}</span>
        <span class="muted small">${Number(overwrite.type) === 1 ? 'member' : 'role'}</span>
      </div>
      <div class="overwrite-perms">
        ${CHANNEL_PERMS.map(([bit, name]) => html`
          <label key=${bit} class="overwrite-perm tri-${stateOf(bit)}">
            <span>${name}</span>
            <select data-testid=${`overwrite-perm-${bit}`} value=${stateOf(bit)} onChange=${(e) => set(bit, e.currentTarget.value)}>
              <option value="deny">✕ Deny</option>
              <option value="inherit">/ Inherit</option>
              <option value="allow">✓ Allow</option>
            </select>
          </label>`)}
      </div>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      <div class="form-actions spread">
        <button class="btn danger" data-testid="overwrite-remove" disabled=${busy} onClick=${remove}>Remove</button>
        <button class="btn primary" data-testid="overwrite-save" disabled=${busy} onClick=${save}>${dirty ? 'Save' : 'Saved'}</button>
      </div>
    </li>`;
}

export default function ChannelPermissions({ channelId }) {
  const { state, dispatch } = useApp();
  const { busy, error, run } = useForm();
  const [target, setTarget] = useState('');
  const channel = state.channels[channelId];
  if (!channel) return null;
  const gid = channel.guild_id;
  const roles = guildRoles(state, gid);
  const members = Object.values(state.members[gid] || {});
  const overwrites = channel.permission_overwrites || [];
  const taken = new Set(overwrites.map((o) => o.id));
  const roleName = (id) => {
    const r = roles.find((x) => x.id === id);
    return r ? r.name : 'deleted role';
  };
  const memberName = (id) => {
    const m = members.find((x) => x.user.id === id);
    return m ? m.nick || displayName(m.user) : `user ${id}`;
  };
  const rank = (o) => (Number(o.type) === 1 ? -1 : (roles.find((r) => r.id === o.id) || { position: -1 }).position);
  const sorted = [...overwrites].sort((a, b) => rank(b) - rank(a));
  const freeRoles = roles.filter((r) => !taken.has(r.id));
  const freeMembers = members.filter((m) => !taken.has(m.user.id)).sort((a, b) => displayName(a.user).localeCompare(displayName(b.user)));
  const chosen = target && !taken.has(target) ? target : '';

  async function add() {
    if (!chosen) return;
    const type = roles.some((r) => r.id === chosen) ? 0 : 1;
    const body = { type, allow: '0', deny: '0' };
    const ok = await run(() => putOverwrite(dispatch, channel, chosen, body));
    if (!ok) return;
    setTarget('');
  }

  return html`
    <section class="section channel-perms" data-testid="channel-perms-section">
      <h3>Permissions</h3>
      <p class="muted small">Overwrites change what a role or a member may do in this channel. A member's own overwrite wins over their roles', which win over @everyone's.</p>
      <div class="overwrite-add-row">
        <select data-testid="overwrite-add-target" aria-label="Role or member" value=${chosen} onChange=${(e) => setTarget(e.currentTarget.value)}>
          <option value="">Add a role or member…</option>
          ${freeRoles.length > 0 && html`<optgroup label="Roles">
            ${freeRoles.map((r) => html`<option key=${r.id} value=${r.id}>${r.name}</option>`)}</optgroup>`}
          ${freeMembers.length > 0 && html`<optgroup label="Members">
            ${freeMembers.map((m) => html`<option key=${m.user.id} value=${m.user.id}>${m.nick || displayName(m.user)} (@${m.user.username})</option>`)}</optgroup>`}
        </select>
        <button class="btn" data-testid="overwrite-add" disabled=${busy || !chosen} onClick=${add}>Add</button>
      </div>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${sorted.length === 0 && html`<p class="muted small">No overwrites: everyone has their server-wide permissions here.</p>`}
      <ul class="overwrite-list">
        ${sorted.map((o) => html`
          <${OverwriteItem} key=${`${o.id}:${o.allow}:${o.deny}`} channel=${channel} overwrite=${o}
            label=${Number(o.type) === 1 ? memberName(o.id) : roleName(o.id)} />`)}
      </ul>
    </section>`;
}
