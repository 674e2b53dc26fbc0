// A round initial with an optional presence dot (a status); the hue is derived from the id so it stays stable.
import { html } from '../html.js';
import { displayName } from '../store.js';

function hue(id) {
  let h = 0;
  for (const ch of String(id || '')) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

const LABELS = { online: 'Online', idle: 'Idle', dnd: 'Do Not Disturb', offline: 'Offline', invisible: 'Invisible' };

// `status` draws Discord's dots: online green, idle a yellow moon, dnd red with a bar, offline grey.
export default function Avatar({ user, online, status }) {
  const name = displayName(user);
  const shown = status || (online === undefined ? undefined : online ? 'online' : 'offline');
  return html`
    <span class="avatar" style=${`background: hsl(${hue(user ? user.id : '')} 45% 45%)`} aria-hidden="true">
      ${Array.from(name)[0].toUpperCase()}
      ${shown !== undefined && html`<span class="presence ${shown}" data-status=${shown} title=${LABELS[shown]} />`}
    </span>`;
}
