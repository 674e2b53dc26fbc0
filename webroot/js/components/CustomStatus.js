// A user's custom status line: emoji, then text, cut to one line.
import { html } from '../html.js';

export default function CustomStatus({ status }) {
  if (!status) return null;
  return html`<span class="custom-status" data-testid="custom-status" title=${status.text || ''}>
    ${status.emoji && html`<span class="custom-status-emoji">${status.emoji}</span>`}${status.emoji && status.text ? ' ' : ''}${status.text || ''}
  </span>`;
}
