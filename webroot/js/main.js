// Entry point: mounts the root, which shows Login until there is a token and then the signed-in
// Session (components/Session.js), owning the one store and the sync connection for that session.
// Only Login's few modules load before the first screen; the rest of the client (most of it) comes
// once there is a session, or in idle time while the login screen waits.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { getToken, setToken, setUnauthorizedHandler } from './api.js';
import Login from './components/Login.js';

let sessionModule = null;
// One import however often it is asked for; a failed one (offline) may be tried again.
function loadSession() {
  if (!sessionModule) {
    sessionModule = import('./components/Session.js').then((m) => m.default).catch((e) => {
      sessionModule = null;
      throw e;
    });
  }
  return sessionModule;
}

// Fetches the signed-in client in idle time, so signing in does not wait for it.
function prefetchSession() {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
  idle(() => loadSession().catch(() => {}));
}

function SignedIn({ onLogout }) {
  const [Session, setSession] = useState(null);
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    loadSession().then((s) => setSession(() => s), () => setFailed(true));
  };
  useEffect(load, []);
  if (Session) return html`<${Session} onLogout=${onLogout} />`;
  if (!failed) return html`<div class="splash">Loading…</div>`;
  return html`
    <div class="splash" role="alert">
      <p>Cannot reach the server. <button class="btn" data-testid="session-retry" onClick=${load}>Try again</button></p>
    </div>`;
}

function Root() {
  const [token, setTok] = useState(getToken());
  const [notice, setNotice] = useState(null);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setToken(null);
      setTok(null);
      setNotice('Your session has ended. Please log in again.');
    });
  }, []);
  useEffect(() => {
    if (!token) prefetchSession();
  }, [token]);
  const logout = () => {
    setToken(null);
    setTok(null);
    setNotice(null);
  };
  if (!token) {
    return html`<${Login} notice=${notice} onLogin=${(t) => { setToken(t); setNotice(null); setTok(t); }} />`;
  }
  // Keyed by token so a new login starts from a fresh store and stream.
  return html`<${SignedIn} key=${token} onLogout=${logout} />`;
}

render(html`<${Root} />`, document.getElementById('app'));
