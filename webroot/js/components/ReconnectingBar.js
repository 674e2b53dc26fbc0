// Shown from an EventSource error until it opens again; catching up is automatic.
import { html } from '../html.js';
import { useApp } from '../context.js';

export default function ReconnectingBar() {
  const { state } = useApp();
  if (state.connection !== 'down') return null;
  return html`<div class="reconnecting-bar" data-testid="reconnecting-bar" role="status">Reconnecting…</div>`;
}
