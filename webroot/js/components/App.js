// The signed-in layout: guild rail + channel sidebar (a drawer on phones), messages, members.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { useSelector, useDispatch, shallowEqual } from '../context.js';
import { currentGuildId, currentChannelId } from '../store.js';
import GuildRail from './GuildRail.js';
import ChannelList from './ChannelList.js';
import HomeView from './HomeView.js';
import { HOME } from '../dms.js';
import MessagePane from './MessagePane.js';
import MemberList from './MemberList.js';
import ThreadPane from './ThreadPane.js';
import ReconnectingBar from './ReconnectingBar.js';
import PasswordNotice from './PasswordNotice.js';
import Modals from './Modals.js';
import Notices from './Notices.js';
import ProfileCard from './ProfileCard.js';
import { useDrawerFocus } from '../a11y/drawerFocus.js';

// Only what the layout itself needs: which guild and channel are open, the drawer, readiness. Every
// pane subscribes to its own slice, so an event re-renders the panes that show it, not this tree.
const layoutOf = (state) => {
  const guildId = currentGuildId(state);
  return {
    ready: state.ready,
    connection: state.ready ? null : state.connection,
    guildId,
    channelId: currentChannelId(state, guildId),
    drawer: state.ui.drawer,
  };
};

export default function App() {
  const dispatch = useDispatch();
  const { ready, connection, guildId, channelId, drawer } = useSelector(layoutOf, shallowEqual);
  useDrawerFocus(drawer);

  // An invite link (/#/invite/CODE), opened fresh or pasted into this tab, opens the join dialog.
  useEffect(() => {
    if (!ready) return undefined;
    const check = () => {
      const m = /^#\/?invite\/([A-Za-z0-9]{4,32})$/.exec(location.hash);
      if (!m) return;
      history.replaceState(null, '', location.pathname);
      dispatch('MODAL', { kind: 'join', code: m[1] });
    };
    check();
    window.addEventListener('hashchange', check);
    return () => window.removeEventListener('hashchange', check);
  }, [ready]);

  // Keep the open channel in the URL so a reload comes back to it.
  useEffect(() => {
    if (ready && guildId && channelId && !location.hash.includes('/invite/')) {
      history.replaceState(null, '', `#/channels/${guildId}/${channelId}`);
    }
  }, [ready, guildId, channelId]);

  if (!ready) {
    return html`<div class="splash">${connection === 'down' ? 'Cannot reach the server, retrying…' : 'Loading…'}</div>`;
  }

  return html`
    <div class="app ${drawer ? `drawer-${drawer}` : ''}">
      <${ReconnectingBar} />
      <${PasswordNotice} />
      <div class="layout">
        <div class="left-drawer">
          <${GuildRail} guildId=${guildId} />
          ${guildId === HOME ? html`<${HomeView} channelId=${channelId} />` : html`<${ChannelList} guildId=${guildId} channelId=${channelId} />`}
        </div>
        <${MessagePane} guildId=${guildId} channelId=${channelId} />
        <${ThreadPane} channelId=${channelId} />
        <${MemberList} guildId=${guildId} />
        ${drawer && html`<div class="scrim" onClick=${() => dispatch('DRAWER', null)} />`}
      </div>
      <${Modals} guildId=${guildId} />
      <${ProfileCard} />
      <${Notices} />
    </div>`;
}
