// Right column (a drawer on phones): the guild's members. Online members with a hoisted role are
// listed under their highest hoisted role (highest first), then the other online members, then
// everyone offline. Names show their top coloured role's colour; a click opens the member's profile card.
import { html } from '../html.js';
import { useApp } from '../context.js';
import { customStatusOf, displayName, isOnline, statusOf } from '../store.js';
import { guildRoles, memberColor } from '../roles.js';
import Avatar from './Avatar.js';
import CustomStatus from './CustomStatus.js';
import { openProfile } from '../profile.js';
import { useEffect } from 'preact/hooks';
import { isLarge, refreshPresences, showMemberList } from '../memberLists.js';
import LazyMemberList from './LazyMemberList.js';

// A large guild's list is paged and virtualized (LazyMemberList); the server sends its presence changes
// only while it is shown, so the list says which one it shows as the user moves about.
export default function MemberList({ guildId }) {
  const { state, store } = useApp();
  const large = isLarge(state, guildId);
  useEffect(() => {
    showMemberList(large ? guildId : null).then((told) => told && large && refreshPresences(store, guildId));
  }, [guildId, large]);
  return large ? html`<${LazyMemberList} guildId=${guildId} />` : html`<${WholeMemberList} guildId=${guildId} />`;
}

function WholeMemberList({ guildId }) {
  const { state, dispatch } = useApp();
  const members = Object.values((guildId && state.members[guildId]) || {});
  const owner = guildId && state.guilds[guildId] ? state.guilds[guildId].owner_id : null;
  const hoisted = guildRoles(state, guildId).filter((r) => r.hoist && r.id !== guildId);
  const rows = members
    .map((m) => {
      const online = isOnline(state, m.user.id);
      const held = new Set(m.roles || []);
      const group = online ? (hoisted.find((r) => held.has(r.id)) || { id: 'online' }).id : 'offline';
      return { m, online, group, name: m.nick || displayName(m.user), color: memberColor(state, guildId, m.user.id) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const groups = [
    ...hoisted.map((r) => ({ id: r.id, role: true, title: r.name })),
    { id: 'online', title: 'Online' },
    { id: 'offline', title: 'Offline' },
  ]
    .map((g) => ({ ...g, list: rows.filter((r) => r.group === g.id) }))
    .filter((g) => g.list.length > 0);

  const open = (e, userId) => openProfile(dispatch, e, { userId, guildId });

  return html`
    <aside class="member-pane" aria-label="Members">
      <ul class="member-list" data-testid="member-list">
        ${groups.map((g) => html`
          <li key=${g.id} class="member-group" data-testid="member-group" data-role-id=${g.id}>
            <div class="member-section">${g.title} — ${g.list.length}</div>
            <ul>
              ${g.list.map(({ m, online: on, name, color }) => html`
                <li key=${m.user.id} class="member ${on ? 'online' : 'offline'}" data-testid="member"
                  data-user-id=${m.user.id} data-online=${on ? 'true' : 'false'} role="button" tabindex="0"
                  title=${`@${m.user.username}`} onClick=${(e) => open(e, m.user.id)}
                  onKeyDown=${(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open(e, m.user.id))}>
                  <${Avatar} user=${m.user} status=${statusOf(state, m.user.id)} />
                  <span class="member-names">
                    <span class="member-name" style=${color ? `color:${color}` : undefined}>${name}</span>
                    <${CustomStatus} status=${on ? customStatusOf(state, m.user.id) : null} />
                  </span>
                  ${m.user.id === owner && html`<span class="owner-badge" title="Server owner">owner</span>`}
                </li>`)}
            </ul>
          </li>`)}
      </ul>
    </aside>`;
}
