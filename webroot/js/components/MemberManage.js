// One member, and what the viewer may do to them: nickname, roles, timeout, kick, ban.
// Opened from a profile card (as a dialog) and from server settings → Members (inline); timeout, kick
// and ban are MemberModeration, which the profile card shows too.
// Only actions the viewer's permissions and role hierarchy allow are shown; the server checks again.
import { useState } from 'preact/hooks';
import useWakeAt from './useWakeAt.js';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { updateMember, removeMember } from '../actions/moderation.js';
import { displayName, statusOf } from '../store.js';
import { guildContext, canActOn, canManageRole, computeBase, has, timedOutUntil } from '../permissions.js';
import { guildRoles, colorHex } from '../roles.js';
import Modal from './Modal.js';
import Avatar from './Avatar.js';
import MemberDmActions from './MemberDmActions.js';
import useForm from './useForm.js';

export const TIMEOUTS = [
  [60, '60 seconds'],
  [300, '5 minutes'],
  [600, '10 minutes'],
  [3600, '1 hour'],
  [86400, '1 day'],
];

const pad = (n) => String(n).padStart(2, '0');

// "14:05", or "14:05 on Fri 3 Jan" when it is not today.
export function formatUntil(ms) {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === new Date().toDateString()) return hm;
  return `${hm} on ${d.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })}`;
}

// Timeout, kick and ban, as far as the viewer may use them on `member` (permissions and role hierarchy):
// shown in the member dialog and on the profile card. Nothing at all when the viewer may do none.
export function MemberModeration({ guildId, member, onDone, onUpdated }) {
  const { state, dispatch } = useApp();
  const { busy, error, run } = useForm();
  const [timeoutSecs, setTimeoutSecs] = useState('600');
  const [reason, setReason] = useState('');
  const [armed, setArmed] = useState(null); // 'kick' | 'ban' awaiting a second click
  const [notice, setNotice] = useState(null);
  const until = timedOutUntil(member);
  useWakeAt(until);
  const ctx = guildContext(state, guildId);
  if (!ctx || !member) return null;
  const { guild, roles, me } = ctx;
  const canTimeout = canActOn(guild, roles, me, member, 'MODERATE_MEMBERS');
  const canKick = canActOn(guild, roles, me, member, 'KICK_MEMBERS');
  const canBan = canActOn(guild, roles, me, member, 'BAN_MEMBERS');
  if (!canTimeout && !canKick && !canBan) return null;
  const userId = member.user.id;
  const name = member.nick || displayName(member.user);

  async function timeout(body, ok) {
    setNotice(null);
    const m = await run(() => updateMember(dispatch, guildId, userId, body));
    if (!m) return;
    setNotice(ok);
    if (onUpdated) onUpdated(m);
  }

  async function remove(kind) {
    if (armed !== kind) return setArmed(kind);
    setArmed(null);
    const done = await run(() => removeMember(dispatch, guildId, member.user, kind, reason.trim()));
    if (!done) return;
    if (onDone) onDone();
  }

  return html`
    <div class="member-moderation" data-testid="member-moderation">
      ${canTimeout && html`
        <div class="mm-row">
          <label class="mm-label" for=${`mm-timeout-${userId}`}>Timeout</label>
          <select id=${`mm-timeout-${userId}`} data-testid="member-timeout-select" value=${timeoutSecs} onChange=${(e) => setTimeoutSecs(e.currentTarget.value)}>
            ${TIMEOUTS.map(([s, label]) => html`<option key=${s} value=${String(s)}>${label}</option>`)}
          </select>
          <button class="btn" data-testid="member-timeout-apply" disabled=${busy}
            onClick=${() => timeout({ communication_disabled_until: new Date(Date.now() + Number(timeoutSecs) * 1000).toISOString() }, 'Timed out.')}>
            ${until ? 'Change' : 'Time out'}</button>
          ${until && html`<button class="btn" data-testid="member-timeout-remove" disabled=${busy}
            onClick=${() => timeout({ communication_disabled_until: null }, 'Timeout removed.')}>Remove timeout</button>`}
        </div>`}

      ${(canKick || canBan) && html`
        <div class="mm-danger">
          ${canKick && html`
            <button class="btn danger" data-testid="member-kick" disabled=${busy} onClick=${() => remove('kick')}>
              ${armed === 'kick' ? `Really kick ${name}?` : 'Kick'}</button>`}
          ${canBan && html`
            <div class="mm-row">
              <input data-testid="member-ban-reason" aria-label="Ban reason" maxlength="512" placeholder="Reason (optional)"
                value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} />
              <button class="btn danger" data-testid="member-ban" disabled=${busy} onClick=${() => remove('ban')}>
                ${armed === 'ban' ? `Really ban ${name}?` : 'Ban'}</button>
            </div>`}
        </div>`}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${notice && html`<p class="form-ok">${notice}</p>`}
    </div>`;
}

export function MemberManagePanel({ guildId, userId, onDone }) {
  const { state, dispatch } = useApp();
  const { busy, error, run } = useForm();
  const member = state.members[guildId] && state.members[guildId][userId];
  const [nick, setNick] = useState((member && member.nick) || '');
  const [notice, setNotice] = useState(null);
  const until = timedOutUntil(member);
  useWakeAt(until);

  const ctx = guildContext(state, guildId);
  if (!ctx || !member) {
    return html`<div class="member-manage" data-testid="member-manage"><p class="muted">This member is no longer in the server.</p></div>`;
  }
  const { guild, roles, me } = ctx;
  const self = member.user.id === state.me.id;
  const myBase = computeBase(guild, roles, me);
  const canNick = self || canActOn(guild, roles, me, member, 'MANAGE_GUILD');
  const canRoles = self ? has(myBase, 'MANAGE_ROLES') : canActOn(guild, roles, me, member, 'MANAGE_ROLES');
  const canTimeout = canActOn(guild, roles, me, member, 'MODERATE_MEMBERS');
  const canKick = canActOn(guild, roles, me, member, 'KICK_MEMBERS');
  const canBan = canActOn(guild, roles, me, member, 'BAN_MEMBERS');
  const allRoles = guildRoles(state, guildId).filter((r) => r.id !== guildId);
  const held = new Set(member.roles || []);

  async function update(body, ok) {
    setNotice(null);
    const m = await run(() => updateMember(dispatch, guildId, userId, body));
    if (!m) return;
    if (ok) setNotice(ok);
  }

  const toggleRole = (roleId, on) =>
    update({ roles: on ? [...(member.roles || []).filter((r) => r !== roleId), roleId] : (member.roles || []).filter((r) => r !== roleId) });

  const name = member.nick || displayName(member.user);
  const memberRoles = allRoles.filter((r) => held.has(r.id));
  return html`
    <div class="member-manage" data-testid="member-manage" data-user-id=${userId}>
      <div class="mm-head">
        <${Avatar} user=${member.user} status=${statusOf(state, member.user.id)} />
        <div class="mm-names">
          <div class="mm-name">${name}${guild.owner_id === userId && html` <span class="owner-badge">owner</span>`}</div>
          <div class="muted small">@${member.user.username}</div>
        </div>
      </div>
      ${memberRoles.length > 0 && html`
        <ul class="role-chips" aria-label="Roles">
          ${memberRoles.map((r) => html`<li key=${r.id} class="role-chip"><span class="role-dot" style=${`background:${Number(r.color) ? colorHex(r.color) : 'var(--offline)'}`} />${r.name}</li>`)}
        </ul>`}
      ${until && html`<p class="notice small" data-testid="member-timed-out">Timed out until ${formatUntil(until)}.</p>`}

      ${canNick && html`
        <form class="mm-row" onSubmit=${(e) => { e.preventDefault(); update({ nick: nick.trim() || null }, 'Nickname saved.'); }}>
          <label class="mm-label" for="mm-nick">Nickname</label>
          <input id="mm-nick" data-testid="member-nick-input" maxlength="32" placeholder=${displayName(member.user)} value=${nick}
            onInput=${(e) => setNick(e.currentTarget.value)} />
          <button type="submit" class="btn" data-testid="member-nick-save" disabled=${busy}>Save</button>
        </form>`}

      ${canRoles && allRoles.length > 0 && html`
        <fieldset class="mm-roles">
          <legend class="mm-label">Roles</legend>
          ${allRoles.map((r) => {
            const manageable = canManageRole(guild, roles, me, r);
            return html`
              <label key=${r.id} class="check" title=${manageable ? '' : 'This role is not below your highest role.'}>
                <input type="checkbox" data-testid="member-role-toggle" data-role-id=${r.id} checked=${held.has(r.id)}
                  disabled=${busy || !manageable} onChange=${(e) => toggleRole(r.id, e.currentTarget.checked)} />
                <span class="role-dot" style=${`background:${Number(r.color) ? colorHex(r.color) : 'var(--offline)'}`} />
                ${r.name}
              </label>`;
          })}
        </fieldset>`}

      <${MemberModeration} guildId=${guildId} member=${member} onDone=${onDone} />

      <${MemberDmActions} user=${member.user} onDone=${onDone} />
      ${!canNick && !canRoles && !canTimeout && !canKick && !canBan &&
        html`<p class="muted small">You cannot change anything about this member.</p>`}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${notice && html`<p class="form-ok">${notice}</p>`}
    </div>`;
}

// The dialog the member list opens (ui.modal kind 'member').
export default function MemberManage({ guildId, userId, onClose }) {
  const { state } = useApp();
  const member = state.members[guildId] && state.members[guildId][userId];
  return html`
    <${Modal} title=${member ? member.nick || displayName(member.user) : 'Member'} onClose=${onClose}>
      <${MemberManagePanel} guildId=${guildId} userId=${userId} onDone=${onClose} />
    <//>`;
}
