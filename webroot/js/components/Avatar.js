// A round initial with an optional presence dot; the hue is derived from the id so it stays stable.
import { html } from '../html.js';
import { displayName } from '../store.js';

function hue(id = '') {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

export default function Avatar({ user, online }) {
  const name = displayName(user);
  return html`
    <span class="avatar" style=${`background: hsl(${hue(user && user.id)} 45% 45%)`} aria-hidden="true">
      ${Array.from(name)[0].toUpperCase()}
      ${online !== undefined && html`<span class="presence ${online ? 'online' : 'offline'}" />`}
    </span>`;
}
