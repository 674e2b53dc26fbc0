// The signed-in client: one store and one sync connection per session, and the App drawing it.
// Loaded only once there is a session (main.js), so the login screen needs none of this.
import { useEffect, useMemo } from 'preact/hooks';
import { html } from '../html.js';
import { createStore, initialState } from '../store.js';
import { startSync } from '../sync.js';
import { startAwayWatch } from '../presence.js';
import { startNotifications } from '../notifications.js';
import { startResender } from '../outbox.js';
import { startReading } from '../reading.js';
import { StoreContext } from '../context.js';
import App from './App.js';

// A reload reopens the channel named in the URL (#/channels/<guild>/<channel>).
function stateFromUrl() {
  const m = /^#\/channels\/(\d+)\/(\d+)$/.exec(location.hash);
  if (!m) return initialState;
  return { ...initialState, ui: { ...initialState.ui, guildId: m[1], channelId: m[2], lastChannel: { [m[1]]: m[2] } } };
}

export default function Session({ onLogout }) {
  const store = useMemo(() => createStore(stateFromUrl()), []);
  useEffect(() => {
    const sync = startSync(store);
    const stopAway = startAwayWatch(store);
    const stopNotifications = startNotifications(store);
    const stopResender = startResender(store);
    const stopReading = startReading(store);
    return () => {
      stopAway();
      stopNotifications();
      stopResender();
      stopReading();
      sync.stop();
    };
  }, [store]);
  // Stable for the session: views subscribe to what they draw (context.js), nothing re-renders from here.
  const ctx = useMemo(() => ({ store, logout: onLogout }), [store]);
  return html`<${StoreContext.Provider} value=${ctx}><${App} /><//>`;
}
