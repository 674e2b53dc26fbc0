// Left-most column: one round icon per guild, then create and join buttons. One Tab stop: Arrow
// Up/Down move between the buttons, Enter opens (a11y/rovingFocus.js).
import { useRef } from 'preact/hooks';
import { html } from '../html.js';
import { useRovingFocus } from '../a11y/rovingFocus.js';
import { useApp } from '../context.js';
import { CompassIcon, PlusIcon } from '../icons.js';
import { HOME, isUnread, privateChannels } from '../dms.js';
import { guildMuted, nextMuteEnd, settingsOf } from '../notificationSettings.js';
import useWakeAt from './useWakeAt.js';
import { guildTotals, privateTotals } from '../readstates.js';
import MentionBadge from './MentionBadge.js';

export const initials = (name) =>
  (name || '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((w) => Array.from(w)[0])
    .join('')
    .toUpperCase();

export default function GuildRail({ guildId }) {
  const { state, dispatch } = useApp();
  const rail = useRef(null);
  // A muted guild's icon is dimmed until its timed mute ends: draw again then.
  const ends = state.guildOrder.map((id) => nextMuteEnd(settingsOf(state, id))).filter(Boolean);
  useWakeAt(ends.length ? Math.min(...ends) : null);
  useRovingFocus(rail, { items: '.guild-icon', current: '.guild-icon.active' });
  return html`
    <nav class="guild-rail" data-testid="guild-rail" aria-label="Servers" ref=${rail}>
      <button class="guild-icon home-button ${guildId === HOME ? 'active' : ''}" data-testid="home-button" title="Direct Messages"
        aria-label="Direct Messages" data-unread=${privateChannels(state).some((c) => c.id !== state.ui.channelId && isUnread(state, c)) ? 'true' : 'false'}
        onClick=${() => dispatch('SELECT_GUILD', HOME)}>DM<${MentionBadge} count=${privateTotals(state).mentions} /></button>
      <div class="rail-sep" />
      <ul class="guild-list" aria-label="Your servers">
      ${state.guildOrder.map((id) => {
        const g = state.guilds[id];
        const totals = guildTotals(state, id);
        return html`
          <li key=${id}><button class="guild-icon ${id === guildId ? 'active' : ''} ${guildMuted(state, id) ? 'muted' : ''} ${totals.unread ? 'unread' : ''}" data-testid="guild-icon"
            data-guild-id=${id} data-muted=${guildMuted(state, id) ? 'true' : 'false'} title=${g.name} aria-label=${g.name} data-unread=${totals.unread ? 'true' : 'false'}
            aria-current=${id === guildId ? 'page' : undefined}
            onClick=${() => dispatch('SELECT_GUILD', id)}>${initials(g.name)}<${MentionBadge} count=${totals.mentions} /></button></li>`;
      })}
      </ul>
      <div class="rail-sep" />
      <button class="guild-icon action" data-testid="create-guild-button" title="Create a server" aria-label="Create a server"
        onClick=${() => dispatch('MODAL', { kind: 'createGuild' })}><${PlusIcon} /></button>
      <button class="guild-icon action" data-testid="join-guild-button" title="Join a server" aria-label="Join a server"
        onClick=${() => dispatch('MODAL', { kind: 'join' })}><${CompassIcon} /></button>
    </nav>`;
}
