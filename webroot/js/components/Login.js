// First screen: a name (new names become accounts) and, for accounts that set one, a password.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { post } from '../api.js';

export default function Login({ onLogin, notice }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  // When the first screen is on screen, for the load timing (LoadBrowserTest reads it; harmless elsewhere).
  useEffect(() => {
    if (!performance.getEntriesByName('guildhall:login-shown').length) performance.mark('guildhall:login-shown');
  }, []);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { username: username.trim() };
      if (password) body.password = password;
      const res = await post('/auth/login', body);
      onLogin(res.token);
    } catch (err) {
      setError(err.status !== 401 ? err.message : password ? 'Wrong password.' : 'This account has a password: enter it to log in.');
      setBusy(false);
    }
  }

  return html`
    <div class="login-screen">
      <form class="login-card" onSubmit=${submit}>
        <h1>Welcome to Guildhall</h1>
        <p class="muted">Pick a name to start. A new name creates your account.</p>
        ${notice && html`<p class="notice">${notice}</p>`}
        <label>Username
          <input data-testid="login-username" autocomplete="username" autofocus required
            value=${username} onInput=${(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label><span>Password <span class="muted">(only if you set one)</span></span>
          <input data-testid="login-password" type="password" autocomplete="current-password"
            value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        </label>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <button class="btn primary" data-testid="login-submit" type="submit" disabled=${busy}>
          ${busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </div>`;
}
