// Dialog shell: a backdrop that closes on click or Escape, and a titled card. Focus stays inside
// while it is open and returns to the opener after (a11y/focusTrap.js).
import { useRef } from 'preact/hooks';
import { html } from '../html.js';
import { useFocusTrap } from '../a11y/focusTrap.js';

let lastId = 0;

// `initial`: a selector for what takes focus first (default: the first text field, else the dialog).
export default function Modal({ title, onClose, children, wide, initial }) {
  const ref = useRef(null);
  const titleRef = useRef(null);
  if (!titleRef.current) titleRef.current = `modal-title-${++lastId}`;
  const titleId = titleRef.current;
  useFocusTrap(ref, onClose, initial);
  return html`
    <div class="modal-backdrop" onMouseDown=${(e) => e.target === e.currentTarget && onClose()}>
      <div ref=${ref} class="modal ${wide ? 'wide' : ''}" role="dialog" aria-modal="true" aria-labelledby=${titleId}>
        <header class="modal-header">
          <h2 id=${titleId}>${title}</h2>
          <button class="icon-btn close" aria-label="Close" onClick=${onClose}>×</button>
        </header>
        <div class="modal-body">${children}</div>
      </div>
    </div>`;
}
