// A large guild's member list, virtualized: rows of one fixed height, only those in view (and a margin)
// in the DOM, a spacer as tall as the whole list for the rest, and the next page fetched as the view
// nears the end of what is loaded. Ordered by user id, the order the server pages in.
import { html } from '../html.js';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context.js';
import { customStatusOf, displayName, isOnline, statusOf } from '../store.js';
import { memberColor } from '../roles.js';
import { loadNextPage, pagedMembers } from '../memberLists.js';
import Avatar from './Avatar.js';
import CustomStatus from './CustomStatus.js';
import { openProfile } from '../profile.js';

const ROW = 44; // px: .member's 32 px avatar and 6 px padding above and below
const MARGIN = 10; // rows drawn beyond each edge of the view, so a quick scroll shows no blank
const AHEAD = 30; // rows short of the loaded end at which the next page is asked for

export default function LazyMemberList({ guildId }) {
  const { state, dispatch, store } = useApp();
  const pane = useRef(null);
  const spacer = useRef(null);
  const [view, setView] = useState({ top: 0, height: 800, offset: 0 });
  const guild = state.guilds[guildId];
  const members = pagedMembers(state, guildId);
  const page = (state.memberPages || {})[guildId] || {};
  // The spacer stands for the whole guild, so the scroll bar says how long the list is.
  const total = page.done ? members.length : Math.max(members.length, guild.member_count || 0);
  const first = Math.max(0, Math.floor((view.top - view.offset) / ROW) - MARGIN);
  const last = Math.min(members.length, Math.ceil((view.top - view.offset + view.height) / ROW) + MARGIN);

  // Where the view is, and where the rows begin below the heading, in the pane's scrolled content.
  const measure = () => {
    const p = pane.current;
    if (!p || !spacer.current) return;
    const offset = spacer.current.getBoundingClientRect().top - p.getBoundingClientRect().top + p.scrollTop;
    setView({ top: p.scrollTop, height: p.clientHeight, offset });
  };
  useLayoutEffect(measure, [guildId]);
  useLayoutEffect(() => {
    if (!page.done && last + AHEAD >= members.length) loadNextPage(store, guildId);
  }, [guildId, last, members.length, page.done]);

  const open = (e, userId) => openProfile(dispatch, e, { userId, guildId });
  const owner = guild.owner_id;
  return html`
    <aside class="member-pane" aria-label="Members" ref=${pane} onScroll=${measure}>
      <div class="member-section" data-testid="member-count">Members — ${guild.member_count}</div>
      <ul class="member-list lazy-member-list" data-testid="member-list" ref=${spacer} style=${`height:${total * ROW}px`}>
        ${members.slice(first, last).map((m, i) => {
          const on = isOnline(state, m.user.id);
          const color = memberColor(state, guildId, m.user.id);
          return html`
            <li key=${m.user.id} class="member ${on ? 'online' : 'offline'}" data-testid="member"
              data-user-id=${m.user.id} data-online=${on ? 'true' : 'false'} role="button" tabindex="0"
              style=${`top:${(first + i) * ROW}px`} title=${`@${m.user.username}`} onClick=${(e) => open(e, m.user.id)}
              onKeyDown=${(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open(e, m.user.id))}>
              <${Avatar} user=${m.user} status=${statusOf(state, m.user.id)} />
              <span class="member-names">
                <span class="member-name" style=${color ? `color:${color}` : undefined}>${m.nick || displayName(m.user)}</span>
                <${CustomStatus} status=${on ? customStatusOf(state, m.user.id) : null} />
              </span>
              ${m.user.id === owner && html`<span class="owner-badge" title="Server owner">owner</span>`}
            </li>`;
        })}
      </ul>
    </aside>`;
}
