// Server settings → Members (manage each member inline), Bans (list and unban), and the owner's
// "transfer ownership" section of the Overview.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { loadBans, unban as liftBan } from '../actions/moderation.js';
import { transferOwnership } from '../actions/guilds.js';
import { displayName, statusOf } from '../store.js';
import { memberColor } from '../roles.js';
import Avatar from './Avatar.js';
import useForm from './useForm.js';
import { MemberManagePanel } from './MemberManage.js';

const nameOf = (m) => m.nick || displayName(m.user);

export function MembersTab({ guildId }) {
  const { state } = useApp();
  const [open, setOpen] = useState(null);
  const [filter, setFilter] = useState('');
  const q = filter.trim().toLowerCase();
  const members = Object.values(state.members[guildId] || {})
    .filter((m) => !q || nameOf(m).toLowerCase().includes(q) || m.user.username.toLowerCase().includes(q))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  return html`
    <div class="members-tab">
      <input type="search" data-testid="members-filter" aria-label="Search members" placeholder="Search members"
        value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} />
      <ul class="manage-list">
        ${members.map((m) => html`
          <li key=${m.user.id} class="manage-row-wrap" data-testid="members-row" data-user-id=${m.user.id}>
            <div class="manage-row">
              <${Avatar} user=${m.user} status=${statusOf(state, m.user.id)} />
              <span class="manage-name" style=${memberColor(state, guildId, m.user.id) ? `color:${memberColor(state, guildId, m.user.id)}` : ''}>
                ${nameOf(m)} <span class="muted small">@${m.user.username}</span></span>
              <button class="btn" data-testid="members-row-manage" aria-expanded=${open === m.user.id}
                onClick=${() => setOpen(open === m.user.id ? null : m.user.id)}>${open === m.user.id ? 'Close' : 'Manage'}</button>
            </div>
            ${open === m.user.id && html`<${MemberManagePanel} guildId=${guildId} userId=${m.user.id} onDone=${() => setOpen(null)} />`}
          </li>`)}
      </ul>
    </div>`;
}

export function BansTab({ guildId }) {
  const { state, dispatch } = useApp();
  const { busy, error, run } = useForm();
  const bans = state.bans[guildId];

  useEffect(() => {
    run(() => loadBans(dispatch, guildId));
  }, [guildId]);

  async function unban(user) {
    await run(() => liftBan(dispatch, guildId, user));
  }

  return html`
    <div class="bans-tab">
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${!bans && !error && html`<p class="muted">Loading bans…</p>`}
      ${bans && bans.length === 0 && html`<p class="muted" data-testid="bans-empty">Nobody is banned.</p>`}
      ${bans && bans.length > 0 && html`
        <ul class="manage-list">
          ${bans.map((b) => html`
            <li key=${b.user.id} class="manage-row" data-testid="ban-item" data-user-id=${b.user.id}>
              <${Avatar} user=${b.user} />
              <span class="manage-name">${displayName(b.user)} <span class="muted small">@${b.user.username}</span>
                ${b.reason && html`<span class="ban-reason small">${b.reason}</span>`}</span>
              <button class="btn" data-testid="ban-unban" disabled=${busy} onClick=${() => unban(b.user)}>Unban</button>
            </li>`)}
        </ul>`}
    </div>`;
}

export function TransferOwnership({ guildId }) {
  const { state, dispatch } = useApp();
  const { busy, error, run } = useForm();
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState(false);
  const others = Object.values(state.members[guildId] || {})
    .filter((m) => state.me && m.user.id !== state.me.id)
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const chosen = others.find((m) => m.user.id === target);

  async function submit(e) {
    e.preventDefault();
    if (!chosen) return;
    if (!confirming) return setConfirming(true);
    setConfirming(false);
    await run(() => transferOwnership(dispatch, guildId, target));
  }

  return html`
    <form class="section form" onSubmit=${submit}>
      <h3>Transfer ownership</h3>
      <p class="muted small">The new owner gets every permission; you keep only what your roles give you.</p>
      <label>New owner
        <select data-testid="transfer-owner-select" value=${target}
          onChange=${(e) => { setTarget(e.currentTarget.value); setConfirming(false); }}>
          <option value="">Choose a member…</option>
          ${others.map((m) => html`<option key=${m.user.id} value=${m.user.id}>${nameOf(m)} (@${m.user.username})</option>`)}
        </select>
      </label>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      <div class="form-actions">
        <button type="submit" class="btn danger" data-testid="transfer-owner-submit" disabled=${busy || !chosen}>
          ${confirming && chosen ? `Really make ${nameOf(chosen)} the owner?` : 'Transfer ownership'}</button>
      </div>
    </form>`;
}
