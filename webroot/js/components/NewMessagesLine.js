// The "new messages" line: above the first message after where I had read when I opened the channel
// (MessagePane puts it in its list, keyed, so the rows around it keep their identity).
import { html } from '../html.js';

export default function NewMessagesLine() {
  return html`
    <div class="new-messages-line" data-testid="new-messages-line" role="separator" aria-label="New messages">
      <span class="new-messages-label">New messages</span>
    </div>`;
}
