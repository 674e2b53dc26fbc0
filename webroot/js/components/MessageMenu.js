// On a touch screen a long press on a message opens this sheet from the bottom: quick reactions,
// then every action of the toolbar and its "more" menu, as large rows.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { COMMON_EMOJI, setReaction } from './Reactions.js';

export default function MessageMenu({ store, message, canReact, items, onClose, onError }) {
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const react = (name) => {
    onClose();
    const mine = (message.reactions || []).some((r) => r.emoji.name === name && r.me);
    if (!mine) setReaction(store, message, name, true).catch((e) => onError(e.message));
  };
  return html`
    <div class="sheet-backdrop" onClick=${(e) => e.target === e.currentTarget && onClose()}>
      <div class="message-menu" data-testid="message-menu" role="menu" aria-label="Message actions">
        ${canReact && html`
          <div class="message-menu-reactions">
            ${COMMON_EMOJI.slice(0, 6).map((e) => html`<button key=${e} class="reaction-option" role="menuitem" data-testid="menu-reaction"
              data-emoji=${e} aria-label=${`React with ${e}`} onClick=${() => react(e)}>${e}</button>`)}
          </div>`}
        ${items.map((a) => html`
          <button key=${a.id} class="menu-item ${a.danger ? 'danger' : ''}" role="menuitem" data-testid=${a.testid}
            onClick=${(e) => { onClose(); a.run(e); }}>${a.label}</button>`)}
      </div>
    </div>`;
}
