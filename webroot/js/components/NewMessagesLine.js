// The "new messages" line: above the first message after where I had read when I opened the channel.
import { html } from '../html.js';
import { firstUnreadId } from '../readstates.js';

// The rendered messages with the line put in above the first unread one (keyed, so that the rows
// around it keep their identity).
export function withNewMessagesLine(state, channelId, messages, render) {
  const first = firstUnreadId(state, channelId, messages);
  const rows = [];
  for (const m of messages) {
    if (m.id === first) rows.push(html`<${NewMessagesLine} key="new-messages-line" />`);
    rows.push(render(m));
  }
  return rows;
}

export default function NewMessagesLine() {
  return html`
    <div class="new-messages-line" data-testid="new-messages-line" role="separator" aria-label="New messages">
      <span class="new-messages-label">New messages</span>
    </div>`;
}
