// Dialog shell: a backdrop that closes on click or Escape, and a titled card.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';

export default function Modal({ title, onClose, children, wide }) {
  const ref = useRef(null);
  // The autofocus attribute only works at page load; focus the first field ourselves.
  useEffect(() => {
    const first = ref.current && ref.current.querySelector('input:not([type=checkbox]), textarea, select');
    if (first) first.focus();
  }, []);
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return html`
    <div class="modal-backdrop" onMouseDown=${(e) => e.target === e.currentTarget && onClose()}>
      <div ref=${ref} class="modal ${wide ? 'wide' : ''}" role="dialog" aria-modal="true" aria-label=${title}>
        <header class="modal-header">
          <h2>${title}</h2>
          <button class="icon-btn close" aria-label="Close" onClick=${onClose}>×</button>
        </header>
        <div class="modal-body">${children}</div>
      </div>
    </div>`;
}
