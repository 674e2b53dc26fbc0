// The popup above the composer that offers completions: members and roles after "@", emoji after
// ":sm". It only draws; the composer's useSuggestions hook decides what to list and handles the keys
// (the text field keeps the focus, as in Discord, and points at the active row with
// aria-activedescendant). A press on a row must not take the focus away, so mousedown is cancelled.
// The pointer moves the highlight only when it moves: a popup that opens under a still pointer keeps
// its first row, which is what Enter picks.
import { html } from '../html.js';

export default function Autocomplete({ id, title, items, active, onPick, onHover }) {
  if (!items || items.length === 0) return null;
  return html`
    <div class="autocomplete" data-testid="autocomplete">
      <div class="autocomplete-title">${title}</div>
      <ul id=${id} role="listbox" aria-label=${title}>
        ${items.map((item, i) => html`
          <li key=${item.key} id=${`${id}-${i}`} role="option" aria-selected=${i === active ? 'true' : 'false'}
            class="autocomplete-option ${i === active ? 'active' : ''}" data-testid="autocomplete-option"
            data-kind=${item.kind} data-value=${item.insert}
            onMouseDown=${(e) => e.preventDefault()} onMouseMove=${() => i !== active && onHover(i)} onClick=${() => onPick(i)}>
            <span class="autocomplete-icon" aria-hidden="true">${item.icon}</span>
            <span class="autocomplete-label" style=${item.color ? `color:${item.color}` : ''}>${item.label}</span>
            ${item.hint && html`<span class="autocomplete-hint">${item.hint}</span>`}
          </li>`)}
      </ul>
    </div>`;
}
