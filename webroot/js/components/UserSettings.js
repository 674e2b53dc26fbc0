// Your account: display name, username, password, where you are signed in, and logging out.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { updateMe, logout as endSession } from '../actions/users.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import DesktopNotifications from './DesktopNotifications.js';
import SessionList from './SessionList.js';

export default function UserSettings({ onClose }) {
  const { state, dispatch, logout } = useApp();
  const me = state.me || {};
  const [username, setUsername] = useState(me.username || '');
  const [globalName, setGlobalName] = useState(me.global_name || '');
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const [passwordChanges, setPasswordChanges] = useState(0); // a new password signs the others out: list again
  const { busy, error, run } = useForm();

  async function save(e) {
    e.preventDefault();
    setSaved(false);
    const body = {};
    if (username.trim() !== me.username) body.username = username.trim();
    if ((globalName.trim() || null) !== (me.global_name || null)) body.global_name = globalName.trim() || null;
    if (password) body.password = password;
    if (Object.keys(body).length === 0) return onClose();
    const u = await run(() => updateMe(dispatch, body));
    if (!u) return;
    setPassword('');
    setSaved(true);
    if (body.password) setPasswordChanges((n) => n + 1);
  }

  async function doLogout() {
    // The session ends locally even if the server cannot be told.
    await endSession();
    logout();
  }

  return html`
    <${Modal} title="My account" onClose=${onClose}>
      <form class="form" onSubmit=${save}>
        <label>Display name
          <input data-testid="user-global-name" maxlength="32" value=${globalName} placeholder=${me.username}
            onInput=${(e) => setGlobalName(e.currentTarget.value)} />
        </label>
        <label>Username
          <input data-testid="user-username" required value=${username} onInput=${(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label><span>${me.has_password ? 'New password' : 'Set a password'} <span class="muted">(8+ characters)</span></span>
          <input data-testid="user-password" type="password" autocomplete="new-password" value=${password}
            onInput=${(e) => setPassword(e.currentTarget.value)} />
        </label>
        <${DesktopNotifications} />
        <${SessionList} key=${passwordChanges} onSignedOutEverywhere=${logout} />
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        ${saved && html`<p class="form-ok">Saved.</p>`}
        <div class="form-actions spread">
          <button type="button" class="btn danger" data-testid="logout-button" onClick=${doLogout}>Log out</button>
          <button type="submit" class="btn primary" data-testid="user-save" disabled=${busy}>Save</button>
        </div>
      </form>
    <//>`;
}
