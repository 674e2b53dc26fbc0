// Away from the keyboard: after 10 minutes without input the client tells the server (`afk`, never
// stored), and others see idle while the chosen status is online; the first input clears it.
import { put } from './api.js';

const IDLE_AFTER_MS = 10 * 60 * 1000;
const INPUTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

// Tests shorten the wait with localStorage['guildhall.idle_ms'].
function idleAfter() {
  const override = Number(localStorage.getItem('guildhall.idle_ms'));
  return override > 0 ? override : IDLE_AFTER_MS;
}

export function startAwayWatch(store) {
  let timer = null;
  const tell = (afk) => {
    store.dispatch('AFK', afk);
    put('/users/@me/presence', { afk }).catch(() => {}); // best effort: a reconnect shows us online anyway
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => tell(true), idleAfter());
  };
  const onInput = () => {
    if (store.getState().afk) tell(false);
    arm();
  };
  INPUTS.forEach((e) => window.addEventListener(e, onInput, { passive: true }));
  arm();
  return () => {
    clearTimeout(timer);
    INPUTS.forEach((e) => window.removeEventListener(e, onInput));
  };
}
