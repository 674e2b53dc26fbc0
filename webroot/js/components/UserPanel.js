// Bottom of the sidebar: who you are, your status (click to change it), and the way into your
// settings (and logout).
import { html } from '../html.js';
import { useApp } from '../context.js';
import { customStatusOf, displayName, statusOf } from '../store.js';
import { GearIcon } from '../icons.js';
import Avatar from './Avatar.js';
import CustomStatus from './CustomStatus.js';

export default function UserPanel() {
  const { state, dispatch } = useApp();
  const me = state.me;
  const custom = me && customStatusOf(state, me.id);
  return html`
    <footer class="user-panel">
      <button class="user-status-button" data-testid="status-button" title="Set a status" aria-label="Set a status"
        onClick=${() => dispatch('MODAL', { kind: 'status' })}>
        <${Avatar} user=${me} status=${me ? statusOf(state, me.id) : 'offline'} />
        <span class="user-names">
          <span class="user-display">${displayName(me)}</span>
          ${custom ? html`<${CustomStatus} status=${custom} />` : html`<span class="user-handle">${me && me.username}</span>`}
        </span>
      </button>
      <button class="icon-btn" data-testid="user-settings-button" title="User settings" aria-label="User settings"
        onClick=${() => dispatch('MODAL', { kind: 'userSettings' })}><${GearIcon} /></button>
    </footer>`;
}
