// The desktop notification permission: asked for on this button's click only (never on load), and
// what the browser now allows. notifications.js shows desktop notifications once it is granted.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { askDesktopPermission, desktopPermission } from '../notifications.js';

export default function DesktopNotifications() {
  const [permission, setPermission] = useState(desktopPermission());
  const ask = async () => setPermission(await askDesktopPermission().catch(() => desktopPermission()));
  return html`
    <div class="desktop-notifications" data-testid="desktop-notifications" data-permission=${permission}>
      ${permission === 'granted' ? html`<span>Desktop notifications are on.</span>`
        : permission === 'denied' ? html`<span class="muted">Desktop notifications are blocked by the browser: allow them in its site settings.</span>`
        : permission === 'unsupported' ? html`<span class="muted">This browser cannot show desktop notifications.</span>`
        : html`<button type="button" class="btn" data-testid="enable-desktop-notifications" onClick=${ask}>Enable desktop notifications</button>`}
    </div>`;
}
