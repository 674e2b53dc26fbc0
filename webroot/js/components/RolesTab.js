// Server settings → Roles: the roles highest first, and an editor for the selected one
// (name, colour, hoist, mentionable, permissions, order, delete). Roles at or above the viewer's
// highest role are read-only unless they own the server.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { createRole, updateRole, deleteRole, moveRoles } from '../actions/roles.js';
import { PERMS, PERM_GROUPS, guildContext, canManageRole, computeBase, highestPosition, toBits } from '../permissions.js';
import { guildRoles, colorHex } from '../roles.js';
import useForm from './useForm.js';

function RoleEditor({ guildId, role, above, below, ctx }) {
  const { dispatch } = useApp();
  const { busy, error, run } = useForm();
  const isEveryone = role.id === guildId;
  const [name, setName] = useState(role.name);
  const [color, setColor] = useState(colorHex(role.color));
  const [hoist, setHoist] = useState(!!role.hoist);
  const [mentionable, setMentionable] = useState(!!role.mentionable);
  const [perms, setPerms] = useState(toBits(role.permissions));
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const { guild, roles, me } = ctx;
  const owner = me.user.id === guild.owner_id;
  const editable = canManageRole(guild, roles, me, role);
  const mine = computeBase(guild, roles, me); // one may only grant bits one holds
  const top = highestPosition(roles, me);
  const canMove = (other) => other && other.id !== guildId && editable && (owner || (other.position ?? 0) < top);

  async function save(e) {
    e.preventDefault();
    setSaved(false);
    const body = { permissions: perms.toString() };
    if (!isEveryone) Object.assign(body, { name: name.trim(), color: parseInt(color.slice(1), 16) || 0, hoist, mentionable });
    const r = await run(() => updateRole(dispatch, guildId, role.id, body));
    if (!r) return;
    setSaved(true);
  }

  async function remove() {
    if (!confirming) return setConfirming(true);
    await run(() => deleteRole(dispatch, guildId, role.id));
  }

  // Swap places with the neighbour; only the two roles whose positions change are sent.
  async function move(other) {
    let a = role.position ?? 0;
    let b = other.position ?? 0;
    if (a === b) b = a + (other === above ? 1 : -1);
    await run(() => moveRoles(dispatch, guildId, [{ id: role.id, position: b }, { id: other.id, position: a }]));
  }

  const toggle = (bit, on) => {
    setSaved(false);
    setPerms((p) => (on ? p | PERMS[bit] : p & ~PERMS[bit]));
  };

  return html`
    <form class="form role-editor" onSubmit=${save} data-role-id=${role.id}>
      ${!editable && html`<p class="notice small">You can only edit roles below your highest role.</p>`}
      <label>Role name
        <input data-testid="role-name-input" required maxlength="100" value=${name} disabled=${!editable || isEveryone}
          onInput=${(e) => { setSaved(false); setName(e.currentTarget.value); }} />
      </label>
      ${!isEveryone && html`
        <div class="role-flags">
          <label class="check">
            <input type="color" data-testid="role-color-input" value=${color} disabled=${!editable}
              onInput=${(e) => { setSaved(false); setColor(e.currentTarget.value); }} />
            Colour
          </label>
          <label class="check">
            <input type="checkbox" data-testid="role-hoist" checked=${hoist} disabled=${!editable}
              onChange=${(e) => { setSaved(false); setHoist(e.currentTarget.checked); }} />
            Show separately in the member list
          </label>
          <label class="check">
            <input type="checkbox" data-testid="role-mentionable" checked=${mentionable} disabled=${!editable}
              onChange=${(e) => { setSaved(false); setMentionable(e.currentTarget.checked); }} />
            Anyone may @mention this role
          </label>
        </div>`}
      ${PERM_GROUPS.map((g) => html`
        <fieldset key=${g.title} class="perm-group">
          <legend>${g.title}</legend>
          ${g.perms.map(([bit, label, hint]) => html`
            <label key=${bit} class="check perm-toggle" title=${hint}>
              <input type="checkbox" data-testid=${`role-perm-${bit}`} checked=${(perms & PERMS[bit]) !== 0n}
                disabled=${!editable || (!(mine & PERMS[bit]) && !(perms & PERMS[bit]))}
                onChange=${(e) => toggle(bit, e.currentTarget.checked)} />
              <span>${label}${hint && html`<span class="muted small perm-hint">${hint}</span>`}</span>
            </label>`)}
        </fieldset>`)}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${saved && html`<p class="form-ok">Saved.</p>`}
      <div class="form-actions spread">
        <div class="role-move">
          ${!isEveryone && html`
            <button type="button" class="btn" data-testid="role-move-up" title="Move up" disabled=${busy || !canMove(above)}
              onClick=${() => move(above)}>▲ Up</button>
            <button type="button" class="btn" data-testid="role-move-down" title="Move down" disabled=${busy || !canMove(below)}
              onClick=${() => move(below)}>▼ Down</button>`}
        </div>
        <div class="role-move">
          ${!isEveryone && html`
            <button type="button" class="btn danger" data-testid="role-delete" disabled=${busy || !editable} onClick=${remove}>
              ${confirming ? 'Really delete?' : 'Delete'}</button>`}
          <button type="submit" class="btn primary" data-testid="role-save" disabled=${busy || !editable}>Save</button>
        </div>
      </div>
    </form>`;
}

export default function RolesTab({ guildId }) {
  const { state, dispatch } = useApp();
  const [selected, setSelected] = useState(null);
  const { busy, error, run } = useForm();
  const ctx = guildContext(state, guildId);
  const roles = guildRoles(state, guildId);
  if (!ctx) return null;
  const current = roles.find((r) => r.id === selected) || roles.find((r) => r.id !== guildId) || roles[0];
  const i = current ? roles.indexOf(current) : -1;

  async function create() {
    const r = await run(() => createRole(dispatch, guildId, { name: 'new role' }));
    if (!r) return;
    setSelected(r.id);
  }

  return html`
    <div class="roles-tab">
      <div class="role-list-col">
        <button class="btn primary" data-testid="role-create" disabled=${busy} onClick=${create}>Create role</button>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <ul class="role-list" aria-label="Roles">
          ${roles.map((r) => html`
            <li key=${r.id}>
              <button class="role-item ${current && r.id === current.id ? 'active' : ''}" data-testid="role-item" data-role-id=${r.id}
                aria-current=${current && r.id === current.id ? 'true' : undefined} onClick=${() => setSelected(r.id)}>
                <span class="role-dot" style=${`background:${Number(r.color) ? colorHex(r.color) : 'var(--offline)'}`} />
                <span class="role-item-name">${r.name}</span>
              </button>
            </li>`)}
        </ul>
      </div>
      ${current && html`
        <${RoleEditor} key=${current.id}
          guildId=${guildId} role=${current} ctx=${ctx}
          above=${i > 0 ? roles[i - 1] : null} below=${roles[i + 1] && roles[i + 1].id !== guildId ? roles[i + 1] : null} />`}
    </div>`;
}
