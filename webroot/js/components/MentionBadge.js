// A red pill with the mentions of me waiting (Discord's), on a channel, a DM, a guild's icon or Home.
import { html } from '../html.js';

export default function MentionBadge({ count }) {
  if (!count) return null;
  const label = `${count} mention${count === 1 ? '' : 's'}`;
  return html`<span class="mention-badge" data-testid="mention-badge" title=${label} aria-label=${label}>${count > 99 ? '99+' : count}</span>`;
}
