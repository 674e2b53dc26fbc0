// Bottom of the sidebar: who you are, and the way into your settings (and logout).
import { html } from '../html.js';
import { useApp } from '../context.js';
import { displayName } from '../store.js';
import { GearIcon } from '../icons.js';
import Avatar from './Avatar.js';

export default function UserPanel() {
  const { state, dispatch } = useApp();
  const me = state.me;
  return html`
    <footer class="user-panel">
      <${Avatar} user=${me} online=${state.connection === 'open'} />
      <div class="user-names">
        <div class="user-display">${displayName(me)}</div>
        <div class="user-handle">${me && me.username}</div>
      </div>
      <button class="icon-btn" data-testid="user-settings-button" title="User settings" aria-label="User settings"
        onClick=${() => dispatch('MODAL', { kind: 'userSettings' })}><${GearIcon} /></button>
    </footer>`;
}
