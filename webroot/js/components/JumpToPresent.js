// While the reader is scrolled up: how many messages came in since, and a way back to the newest.
import { html } from '../html.js';

export default function JumpToPresent({ count, onJump }) {
  return html`
    <div class="jump-bar" data-testid="jump-bar">
      <span data-testid="jump-count">${count > 0 ? `${count} new message${count === 1 ? '' : 's'}` : "You're viewing older messages"}</span>
      <button class="link jump-bar-button" data-testid="jump-to-present" onClick=${onJump}>Jump to present</button>
    </div>`;
}
