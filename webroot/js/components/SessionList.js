// Where the user is signed in: each session's device and last use, this one marked, the others each
// with its own Sign out, and Sign out everywhere (which ends this one too, so it returns to login).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { listSessions, endSession, logoutEverywhere } from '../actions/sessions.js';

const lastUsed = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

export default function SessionList({ onSignedOutEverywhere }) {
  const [sessions, setSessions] = useState(null);
  const [error, setError] = useState(null);

  async function load() {
    try {
      const all = await listSessions();
      setSessions([...all.filter((s) => s.current), ...all.filter((s) => !s.current)]); // this device first
      setError(null);
    } catch (e) {
      setError(e.message);
    }
  }

  useEffect(() => {
    load();
  }, []);

  async function signOut(id) {
    try {
      await endSession(id);
    } catch (e) {
      if (e.status !== 404) return setError(e.message); // 404: already gone, the list just catches up
    }
    load();
  }

  async function everywhere() {
    try {
      await logoutEverywhere();
    } catch {
      // Signed out locally all the same.
    }
    onSignedOutEverywhere();
  }

  return html`
    <section class="sessions" data-testid="sessions" aria-labelledby="sessions-title">
      <h3 id="sessions-title">Sessions</h3>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${sessions === null && !error && html`<p class="muted">Loading…</p>`}
      ${sessions && html`
        <ul class="session-list">
          ${sessions.map((s) => html`
            <li key=${s.id} class="session-row" data-testid="session" data-session-id=${s.id} data-current=${s.current ? 'true' : 'false'}>
              <div class="session-info">
                <span class="session-device">${s.device}</span>
                <span class="muted">${s.current ? html`<strong data-testid="session-this-device">This device</strong> · ` : ''}Last used ${lastUsed(s.last_used_at)}</span>
              </div>
              ${!s.current && html`
                <button type="button" class="btn small" data-testid="session-sign-out" onClick=${() => signOut(s.id)}
                  aria-label=${`Sign out ${s.device}`}>Sign out</button>`}
            </li>`)}
        </ul>`}
      <button type="button" class="btn danger small" data-testid="sessions-sign-out-everywhere" onClick=${everywhere}>Sign out everywhere</button>
    </section>`;
}
