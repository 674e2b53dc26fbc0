// A message from someone you block, in a guild channel: folded away until you ask to see it.
import { html } from '../html.js';

export default function BlockedMessage({ onShow }) {
  return html`
    <div class="message blocked-message" data-testid="blocked-message">
      <span class="muted">Blocked message</span> —
      <button class="link" data-testid="blocked-message-show" onClick=${onShow}>show</button>
    </div>`;
}
