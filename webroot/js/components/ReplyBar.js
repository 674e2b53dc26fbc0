// Above the composer while replying: "Replying to <name>" and × to cancel (Escape does too).
import { html } from '../html.js';
import { usePane } from './paneContext.js';

// The message replied to, for the send: read once and cleared.
export function useReply() {
  const pane = usePane();
  return {
    take() {
      if (!pane || !pane.reply) return null;
      const { message } = pane.reply;
      pane.setReply(null);
      return message;
    },
  };
}

export default function ReplyBar() {
  const pane = usePane();
  if (!pane || !pane.reply) return null;
  const { name, color } = pane.reply;
  return html`
    <div class="reply-bar" data-testid="reply-bar">
      <span>Replying to <strong class="reply-bar-name" data-testid="reply-bar-name" style=${color ? `color:${color}` : undefined}>${name}</strong></span>
      <button class="icon-btn reply-bar-cancel" type="button" data-testid="reply-cancel" aria-label="Cancel reply" title="Cancel reply"
        onClick=${() => pane.setReply(null)}>×</button>
    </div>`;
}
