// The toolbar over a message while the mouse is on it (or focus is in it): react, reply, thread,
// edit, delete, and "more" with the rest. Hidden on touch screens, which long-press instead.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { AddReaction } from './Reactions.js';
import ActionIcon from './ActionIcon.js';

// Closes a popup on a click outside `inside`, Escape, scrolling or a resize.
export function useDismiss(open, close, inside) {
  useEffect(() => {
    if (!open) return undefined;
    const onDown = (e) => !inside.some((r) => r.current && r.current.contains(e.target)) && close();
    const onKey = (e) => e.key === 'Escape' && close();
    const onScroll = (e) => !inside.some((r) => r.current && r.current.contains(e.target)) && close();
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey);
    document.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', close);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', close);
    };
  }, [open]);
}

function MoreMenu({ items, onOpenChange }) {
  const [pos, setPos] = useState(null);
  const button = useRef(null);
  const menu = useRef(null);
  const set = (p) => {
    setPos(p);
    onOpenChange(!!p);
  };
  useDismiss(!!pos, () => set(null), [button, menu]);
  function toggle() {
    if (pos) return set(null);
    const r = button.current.getBoundingClientRect();
    const right = Math.max(8, window.innerWidth - r.right);
    // Below the button when there is room, else above it.
    set(window.innerHeight - r.bottom > 40 * items.length + 16 ? { right, top: r.bottom + 4 } : { right, bottom: window.innerHeight - r.top + 4 });
  }
  const style = pos && Object.entries(pos).map(([k, v]) => `${k}:${v}px`).join(';');
  return html`
    <button ref=${button} class="icon-btn" data-testid="message-more" title="More" aria-label="More"
      aria-haspopup="menu" aria-expanded=${pos ? 'true' : 'false'} onClick=${toggle}><${ActionIcon} name="more" /></button>
    ${pos && html`
      <div ref=${menu} class="message-more-menu" data-testid="message-more-menu" role="menu" style=${style}>
        ${items.map((a) => html`
          <button key=${a.id} class="menu-item ${a.danger ? 'danger' : ''}" role="menuitem" data-testid=${a.testid}
            onClick=${(e) => { set(null); a.run(e); }}>${a.label}</button>`)}
      </div>`}`;
}

export default function MessageToolbar({ message, canReact, primary, more, onError }) {
  const [open, setOpen] = useState(false);
  return html`
    <div class="message-toolbar ${open ? 'open' : ''}" data-testid="message-toolbar" role="toolbar" aria-label="Message actions">
      ${canReact && html`<${AddReaction} message=${message} onError=${onError} />`}
      ${primary.map((a) => html`
        <button key=${a.id} class="icon-btn ${a.danger ? 'danger' : ''}" data-testid=${a.testid} title=${a.label} aria-label=${a.label}
          onClick=${a.run}><${ActionIcon} name=${a.id} /></button>`)}
      <${MoreMenu} items=${more} onOpenChange=${setOpen} />
    </div>`;
}
