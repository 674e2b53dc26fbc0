// A user's profile card (ui.profile): avatar, names, the guild nickname, roles, status and custom
// status, "Message", and the moderation the viewer may use on them. A popover beside the name or
// avatar that opened it on a desktop, a bottom sheet on a phone (css/profile.css). Focus is kept in
// it while open and returns to the opener (a11y/focusTrap.js).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { customStatusOf, displayName, statusOf } from '../store.js';
import { memberRoles, colorHex } from '../roles.js';
import { canActOn, guildContext } from '../permissions.js';
import { useFocusTrap } from '../a11y/focusTrap.js';
import Avatar from './Avatar.js';
import Boundary from './Boundary.js';
import CustomStatus from './CustomStatus.js';
import MemberDmActions from './MemberDmActions.js';
import { MemberModeration } from './MemberManage.js';

const STATUS_WORDS = { online: 'Online', idle: 'Idle', dnd: 'Do Not Disturb', offline: 'Offline', invisible: 'Invisible' };
const WIDTH = 300; // px, as css/profile.css
const MARGIN = 8;

// Who the card is about: their member record in the guild when there is one, else the user as the
// opener knew them (a DM's recipient, a message's author), else the signed-in user or a DM recipient.
function findUser(state, { userId, guildId, user }) {
  const member = guildId && state.members[guildId] ? state.members[guildId][userId] : null;
  if (member) return { member, user: member.user };
  if (user) return { member: null, user };
  if (state.me && state.me.id === userId) return { member: null, user: state.me };
  for (const c of Object.values(state.channels)) {
    const found = c.recipients && c.recipients.find((r) => r.id === userId);
    if (found) return { member: null, user: found };
  }
  return { member: null, user: null };
}

// Beside the opener: to its right when there is room, else to its left; kept inside the viewport.
function place(profile, height) {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  let x = profile.x + MARGIN;
  if (x + WIDTH > vw - MARGIN) x = Math.max(MARGIN, (profile.left ?? profile.x) - WIDTH - MARGIN);
  const y = Math.max(MARGIN, Math.min(profile.y, vh - height - MARGIN));
  return { x, y };
}

function Card({ profile }) {
  const { state, dispatch } = useApp();
  const ref = useRef(null);
  const [pos, setPos] = useState(null);
  const close = () => dispatch('PROFILE', null);
  useFocusTrap(ref, close, '[data-testid=profile-close]');
  useLayoutEffect(() => {
    if (ref.current) setPos(place(profile, ref.current.offsetHeight));
  }, [profile.x, profile.y, state.members]);

  const { member, user } = findUser(state, profile);
  const guildId = profile.guildId;
  const ctx = guildId ? guildContext(state, guildId) : null;
  const name = displayName(user);
  const status = user ? statusOf(state, user.id) : 'offline';
  const custom = user ? customStatusOf(state, user.id) : null;
  const roles = member ? memberRoles(state, guildId, member) : [];
  const self = !!(user && state.me && user.id === state.me.id);
  // Nickname and roles live in the member dialog; offer it to whoever may change them.
  const canManage = !!(ctx && member) && (self || canActOn(ctx.guild, ctx.roles, ctx.me, member, 'MANAGE_ROLES')
    || canActOn(ctx.guild, ctx.roles, ctx.me, member, 'MANAGE_GUILD'));
  const titleId = `profile-name-${profile.userId}`;
  const style = pos ? `--x:${pos.x}px;--y:${pos.y}px` : `--x:${profile.x + MARGIN}px;--y:${profile.y}px;visibility:hidden`;

  return html`
    <div class="profile-backdrop" onMouseDown=${(e) => e.target === e.currentTarget && close()}>
      <div ref=${ref} class="profile-card" role="dialog" aria-modal="true" aria-labelledby=${titleId}
        data-testid="profile-card" data-user-id=${profile.userId} style=${style}>
        <div class="profile-banner" />
        <button class="icon-btn profile-close" data-testid="profile-close" aria-label="Close profile" onClick=${close}>×</button>
        <div class="profile-head">
          <${Avatar} user=${user} status=${status} />
        </div>
        ${!user
          ? html`<p class="muted profile-section">This user is no longer here.</p>`
          : html`
            <div class="profile-names">
              <h2 id=${titleId} class="profile-display" data-testid="profile-display-name">${name}</h2>
              <div class="profile-username" data-testid="profile-username">@${user.username}</div>
              ${member && member.nick && html`
                <div class="profile-nick" data-testid="profile-nick"><span class="profile-label">Server nickname</span> ${member.nick}</div>`}
            </div>
            <div class="profile-section profile-status" data-testid="profile-status" data-status=${status}>
              <span class="status-dot"><span class="presence ${status}" data-status=${status} /></span>
              <span>${STATUS_WORDS[status] || status}</span>
            </div>
            ${custom && html`<div class="profile-section profile-custom" data-testid="profile-custom-status"><${CustomStatus} status=${custom} /></div>`}
            ${member && html`
              <div class="profile-section">
                <h3 class="profile-label">${roles.length ? 'Roles' : 'No roles'}</h3>
                ${roles.length > 0 && html`
                  <ul class="role-chips" data-testid="profile-roles" aria-label="Roles">
                    ${roles.map((r) => html`
                      <li key=${r.id} class="role-chip" data-testid="profile-role" data-role-id=${r.id}
                        style=${Number(r.color) ? `--role:${colorHex(r.color)}` : undefined}>
                        <span class="role-dot" style=${`background:${Number(r.color) ? colorHex(r.color) : 'var(--offline)'}`} />${r.name}
                      </li>`)}
                  </ul>`}
              </div>`}
            <div class="profile-actions">
              <${MemberDmActions} user=${user} onDone=${close} />
              ${canManage && html`
                <button class="btn small" data-testid="profile-manage"
                  onClick=${() => { close(); dispatch('MODAL', { kind: 'member', guildId, userId: user.id }); }}>
                  ${self ? 'Edit server profile' : 'Nickname and roles'}</button>`}
              ${member && !self && html`<${MemberModeration} guildId=${guildId} member=${member} onDone=${close} />`}
            </div>`}
      </div>
    </div>`;
}

export default function ProfileCard() {
  const { state, dispatch } = useApp();
  const profile = state.ui.profile;
  if (!profile) return null;
  // A new opener makes a new card: its own focus to return and its own place.
  // A card that fails to draw closes instead of freezing the page (Boundary.js).
  return html`
    <${Boundary} name="The profile card" resetKey=${profile} onError=${() => dispatch('PROFILE', null)}>
      <${Card} key=${`${profile.userId}:${profile.guildId}:${profile.x}:${profile.y}`} profile=${profile} />
    </${Boundary}>`;
}
