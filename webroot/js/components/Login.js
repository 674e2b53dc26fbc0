// First screen: a name (new names become accounts) and, for accounts that set one, a password.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { authConfig, login } from '../actions/users.js';

export default function Login({ onLogin, notice }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [required, setRequired] = useState(false); // the server's auth.require_password
  useEffect(() => { authConfig().then((c) => setRequired(!!c.require_password)); }, []);
  // When the first screen is on screen, for the load timing (LoadBrowserTest reads it; harmless elsewhere).
  useEffect(() => {
    if (!performance.getEntriesByName('guildhall:login-shown').length) performance.mark('guildhall:login-shown');
  }, []);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await login(username.trim(), password);
      onLogin(res.token);
    } catch (err) {
      const needed = err.code === 'password_required' && required;
      setError(err.status !== 401 || needed ? err.message : password ? 'Wrong password.' : 'This account has a password: enter it to log in.');
      setBusy(false);
    }
  }

  return html`
    <div class="login-screen">
      <form class="login-card" onSubmit=${submit}>
        <h1>Welcome to Guildhall</h1>
        <p class="muted" data-testid="login-rules">${required
          ? 'This server asks every account for a password. A new name creates your account with the password you choose (8 characters or more).'
          : 'Pick a name to start. A new name creates your account.'}</p>
        ${notice && html`<p class="notice">${notice}</p>`}
        <label>Username
          <input data-testid="login-username" autocomplete="username" autofocus required
            value=${username} onInput=${(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label><span>Password <span class="muted">${required ? '(required)' : '(only if you set one)'}</span></span>
          <input data-testid="login-password" type="password" autocomplete="current-password" required=${required}
            value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        </label>
        ${error && html`<p class="form-error" role="alert" data-testid="login-error">${error}</p>`}
        <button class="btn primary" data-testid="login-submit" type="submit" disabled=${busy}>
          ${busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>`;
}
