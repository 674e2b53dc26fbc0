// Above a reply: the quoted author (small avatar and name) and the first line of what they said;
// a click takes the reader to it. When the original is gone, says so instead.
import { html } from '../html.js';
import Avatar from './Avatar.js';

const firstLine = (text) => (text || '').split('\n', 1)[0];

export default function ReplyQuote({ quote, name, color, deleted, onJump }) {
  if (deleted || !quote) {
    return html`
      <div class="reply-quote deleted" data-testid="reply-quote-deleted">
        <span class="reply-spine" aria-hidden="true" />
        <span class="reply-text muted"><em>Original message was deleted</em></span>
      </div>`;
  }
  const jump = () => onJump && onJump(quote.id);
  return html`
    <div class="reply-quote" data-testid="reply-quote" data-reply-to=${quote.id} role="button" tabindex="0"
      aria-label=${`Replying to ${name}: ${firstLine(quote.content)}. Go to the message.`}
      onClick=${jump} onKeyDown=${(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), jump())}>
      <span class="reply-spine" aria-hidden="true" />
      <${Avatar} user=${quote.author} />
      <span class="reply-author" style=${color ? `color:${color}` : undefined}>${name}</span>
      <span class="reply-text" data-testid="reply-quote-text">${firstLine(quote.content)}</span>
    </div>`;
}
