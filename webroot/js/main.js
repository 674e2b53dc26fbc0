// Entry point: mounts the root, which shows Login until there is a token and then the App,
// owning the one store and the sync connection for that session.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from './html.js';
import { getToken, setToken, setUnauthorizedHandler } from './api.js';
import { createStore, initialState } from './store.js';
import { startSync } from './sync.js';
import { startAwayWatch } from './presence.js';
import { startNotifications } from './notifications.js';
import { startResender } from './outbox.js';
import { StoreContext, StoreOnlyContext } from './context.js';
import Login from './components/Login.js';
import App from './components/App.js';

// A reload reopens the channel named in the URL (#/channels/<guild>/<channel>).
function stateFromUrl() {
  const m = /^#\/channels\/(\d+)\/(\d+)$/.exec(location.hash);
  if (!m) return initialState;
  return { ...initialState, ui: { ...initialState.ui, guildId: m[1], channelId: m[2], lastChannel: { [m[1]]: m[2] } } };
}

function Session({ onLogout }) {
  const store = useMemo(() => createStore(stateFromUrl()), []);
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    const unsubscribe = store.subscribe(setState);
    const sync = startSync(store);
    const stopAway = startAwayWatch(store);
    const stopNotifications = startNotifications(store);
    const stopResender = startResender(store);
    return () => {
      unsubscribe();
      stopAway();
      stopNotifications();
      stopResender();
      sync.stop();
    };
  }, [store]);
  const ctx = { state, dispatch: store.dispatch, store, logout: onLogout };
  return html`<${StoreOnlyContext.Provider} value=${store}><${StoreContext.Provider} value=${ctx}><${App} /><//><//>`;
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
  const logout = () => {
    setToken(null);
    setTok(null);
    setNotice(null);
  };
  if (!token) {
    return html`<${Login} notice=${notice} onLogin=${(t) => { setToken(t); setNotice(null); setTok(t); }} />`;
  }
  // Keyed by token so a new login starts from a fresh store and stream.
  return html`<${Session} key=${token} onLogout=${logout} />`;
}

render(html`<${Root} />`, document.getElementById('app'));
