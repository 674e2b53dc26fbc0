// The DMs and group DMs, newest first: each with its avatar, its name (or its people's) and whether
// something came in since this client last looked. The avatar of a DM opens its person's profile card
// (a pointer shortcut: it sits inside the row's button; the DM header's name is the keyboard way).
import { html } from '../html.js';
import { useApp } from '../context.js';
import { HOME, dmName, isUnread, privateChannels } from '../dms.js';
import { statusOf } from '../store.js';
import Avatar from './Avatar.js';
import MentionBadge from './MentionBadge.js';
import { mentionCount } from '../readstates.js';
import { openProfile } from '../profile.js';

export default function DmList({ channelId }) {
  const { state, dispatch } = useApp();
  const list = privateChannels(state);
  if (list.length === 0) {
    return html`<p class="empty-hint" data-testid="dm-empty">No DMs yet. Open a member of a server and choose <b>Message</b>.</p>`;
  }
  return html`
    <ul class="dm-list" data-testid="dm-list">
      ${list.map((c) => {
        const unread = c.id !== channelId && isUnread(state, c);
        const first = c.recipients[0] || state.me;
        // The avatar is a pointer shortcut to the profile; from the keyboard it is the DM header's name button.
        return html`
          <li key=${c.id}>
            <button class="dm-item ${c.id === channelId ? 'active' : ''} ${unread ? 'unread' : ''}" data-testid="dm-item"
              data-channel-id=${c.id} data-unread=${unread ? 'true' : 'false'}
              onClick=${() => dispatch('SELECT_CHANNEL', { guildId: HOME, channelId: c.id })}>
              ${c.type === 3 ? html`<span class="avatar group-avatar" aria-hidden="true">${c.recipients.length + 1}</span>` : html`<span class="dm-avatar" data-testid="dm-avatar" title="Profile"
                  onClick=${(e) => first && openProfile(dispatch, e, { userId: first.id, user: first })}><${Avatar} user=${first} status=${first ? statusOf(state, first.id) : undefined} /></span>`}
              <span class="dm-name">${dmName(c)}</span>
              ${c.type === 3 && html`<span class="dm-members muted small">${c.recipients.length + 1} members</span>`}
              ${unread && (mentionCount(state, c.id) > 0 ? html`<${MentionBadge} count=${mentionCount(state, c.id)} />` : html`<span class="unread-dot" aria-label="unread" />`)}
            </button>
          </li>`;
      })}
    </ul>`;
}
