// Said plainly while the account has no password: on this server anyone can sign in as this name.
// Offers to set one (the account settings); hidden for this tab once dismissed.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';

const DISMISSED = 'guildhall.password-notice-dismissed';

export default function PasswordNotice() {
  const { state, dispatch } = useApp();
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(DISMISSED) === '1');
  const me = state.me;
  if (!me || me.has_password !== false || dismissed) return null;
  const dismiss = () => {
    sessionStorage.setItem(DISMISSED, '1');
    setDismissed(true);
  };
  return html`
    <div class="password-notice" data-testid="password-notice" role="status">
      <span>Anyone can sign in as <strong>${me.username}</strong> without a password.</span>
      <button class="btn small primary" data-testid="password-notice-set"
        onClick=${() => dispatch('MODAL', { kind: 'userSettings' })}>Set a password</button>
      <button class="icon-btn" data-testid="password-notice-dismiss" aria-label="Dismiss" title="Dismiss" onClick=${dismiss}>×</button>
    </div>`;
}
