// Right column (a drawer on phones): the guild's members, online ones first.
import { html } from '../html.js';
import { useApp } from '../context.js';
import { displayName, isOnline } from '../store.js';
import Avatar from './Avatar.js';

export default function MemberList({ guildId }) {
  const { state } = useApp();
  const members = Object.values((guildId && state.members[guildId]) || {});
  const owner = guildId && state.guilds[guildId] ? state.guilds[guildId].owner_id : null;
  const rows = members
    .map((m) => ({ m, online: isOnline(state, m.user.id), name: m.nick || displayName(m.user) }))
    .sort((a, b) => (b.online - a.online) || a.name.localeCompare(b.name));
  const online = rows.filter((r) => r.online);
  const offline = rows.filter((r) => !r.online);

  const section = (title, list) =>
    list.length > 0 &&
    html`
      <li class="member-section" role="presentation">${title} — ${list.length}</li>
      ${list.map(({ m, online: on, name }) => html`
        <li key=${m.user.id} class="member ${on ? 'online' : 'offline'}" data-testid="member"
          data-user-id=${m.user.id} data-online=${on ? 'true' : 'false'}>
          <${Avatar} user=${m.user} online=${on} />
          <span class="member-name">${name}</span>
          ${m.user.id === owner && html`<span class="owner-badge" title="Server owner">owner</span>`}
        </li>`)}`;

  return html`
    <aside class="member-pane" aria-label="Members">
      <ul class="member-list" data-testid="member-list">
        ${section('Online', online)}
        ${section('Offline', offline)}
      </ul>
    </aside>`;
}
