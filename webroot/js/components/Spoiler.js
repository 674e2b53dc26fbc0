// A spoiler (||text||): hidden behind a dark bar until clicked, or focused and Enter/Space pressed.
// While hidden its inside is inert, so a link or channel in it cannot be followed (or read out) unseen.
import { useState } from 'preact/hooks';
import { html } from '../html.js';

export default function Spoiler({ children }) {
  const [shown, setShown] = useState(false);
  if (shown) return html`<span class="spoiler revealed" data-testid="spoiler">${children}</span>`;
  const reveal = (e) => {
    e.preventDefault();
    e.stopPropagation();
    setShown(true);
  };
  const onKeyDown = (e) => {
    if (e.key === 'Enter' || e.key === ' ') reveal(e);
  };
  return html`<span class="spoiler" data-testid="spoiler" role="button" tabindex="0" aria-label="Spoiler, press to reveal"
    aria-expanded="false" onClick=${reveal} onKeyDown=${onKeyDown}><span class="spoiler-inner" inert>${children}</span></span>`;
}
