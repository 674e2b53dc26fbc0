// The Home sidebar (the rail's top button): your DMs and group DMs, and making a group DM.
import { html } from '../html.js';
import { useApp } from '../context.js';
import DmList from './DmList.js';

export default function HomeView({ channelId }) {
  const { dispatch } = useApp();
  return html`
    <aside class="sidebar home-view" data-testid="home-view">
      <header class="sidebar-header">
        <span class="guild-title">Direct Messages</span>
        <button class="icon-btn" data-testid="new-group-dm-button" title="New group DM" aria-label="New group DM"
          onClick=${() => dispatch('MODAL', { kind: 'newGroupDm' })}>+</button>
      </header>
      <div class="channel-scroll">
        <${DmList} channelId=${channelId} />
      </div>
    </aside>`;
}
