// The emoji picker, shared by the composer's emoji button and a message's "add reaction": search,
// a tab per category, and "Recently used" first (localStorage, newest first). A popover beside its
// button on a desktop, a bottom sheet on a phone (see css/emoji.css). Keys: type to search, Down
// into the grid, arrows move, Enter picks, Esc closes; the focus goes back to the button on close.
// The grid (~1,900 buttons) is built once per search and reused while the focus moves over it.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { loadEmoji, emojiNow, searchEmoji, recentEmoji, rememberEmoji } from '../emoji/index.js';

const phone = () => window.matchMedia('(max-width: 768px)').matches;

// The popover's place: above the button when there is room, else below, kept inside the window.
function placeNear(anchor) {
  if (!anchor || phone()) return '';
  const r = anchor.getBoundingClientRect();
  const right = Math.max(8, window.innerWidth - r.right);
  return r.top > 440 ? `right:${right}px;bottom:${window.innerHeight - r.top + 6}px` : `right:${right}px;top:${Math.min(r.bottom + 6, window.innerHeight - 440)}px`;
}

function Section({ id, label, emoji }) {
  if (emoji.length === 0) return null;
  return html`
    <section class="emoji-section" data-section=${id} aria-label=${label}>
      <h3 class="emoji-section-title">${label}</h3>
      <div class="emoji-grid" role="group" aria-label=${label}>
        ${emoji.map((e) => html`
          <button key=${e.emoji} type="button" class="emoji-option" data-testid="emoji-option" data-emoji=${e.emoji}
            data-name=${e.name} data-code=${e.codes[0] || ''} title=${e.codes[0] ? `:${e.codes[0]}:` : e.name}
            aria-label=${e.name} tabindex="-1">${e.emoji}</button>`)}
      </div>
    </section>`;
}

// The button in `from` that is on the next (dir 1) or previous (dir -1) row, nearest in x.
function verticalNeighbour(buttons, from, dir) {
  const a = from.getBoundingClientRect();
  let best = null;
  let bestRowTop = null;
  for (const b of buttons) {
    const r = b.getBoundingClientRect();
    const ahead = dir > 0 ? r.top > a.top + 2 : r.top < a.top - 2;
    if (!ahead) continue;
    if (bestRowTop === null || (dir > 0 ? r.top < bestRowTop - 1 : r.top > bestRowTop + 1)) {
      bestRowTop = r.top;
      best = b;
    } else if (Math.abs(r.top - bestRowTop) <= 1 && Math.abs(r.left - a.left) < Math.abs(best.getBoundingClientRect().left - a.left)) {
      best = b;
    }
  }
  return best;
}

export default function EmojiPicker({ anchor, onPick, onClose, label = 'Emoji' }) {
  const [set, setSet] = useState(emojiNow);
  const [query, setQuery] = useState('');
  const [preview, setPreview] = useState(null);
  const [recent] = useState(recentEmoji);
  const root = useRef(null);
  const search = useRef(null);
  const body = useRef(null);
  const style = useMemo(() => placeNear(anchor), [anchor]);
  const sheet = phone();

  useEffect(() => {
    if (!set) loadEmoji().then(setSet);
  }, []);

  useLayoutEffect(() => {
    // A phone's keyboard would cover the sheet: there the focus goes to the sheet, not the search.
    if (sheet) root.current?.focus();
    else search.current?.focus();
  }, []);

  useEffect(() => {
    const onDown = (e) => {
      if (!root.current?.contains(e.target) && !anchor?.contains(e.target)) onClose(false);
    };
    const onScroll = (e) => !sheet && !root.current?.contains(e.target) && onClose(false);
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('scroll', onScroll, true);
    };
  }, [anchor, onClose]);

  const results = useMemo(() => (set && query.trim() ? searchEmoji(set, query) : null), [set, query]);
  const grid = useMemo(() => {
    if (!set) return html`<p class="emoji-loading muted">Loading emoji…</p>`;
    if (results) {
      return results.length ? html`<${Section} id="search" label="Search results" emoji=${results} />`
        : html`<p class="emoji-empty muted" data-testid="emoji-none">No emoji match “${query.trim()}”.</p>`;
    }
    const recentRows = recent.map((e) => set.byEmoji.get(e) || { emoji: e, name: e, codes: [] });
    return html`
      <${Section} id="recent" label="Recently used" emoji=${recentRows} />
      ${set.categories.map((c) => html`<${Section} key=${c.id} id=${c.id} label=${c.label} emoji=${c.emoji} />`)}`;
  }, [set, results, recent]);

  // The focus goes back to the opener unless picking already put it somewhere (the composer's field).
  function pick(emoji) {
    rememberEmoji(emoji);
    onPick(emoji);
    onClose(!!root.current?.contains(document.activeElement) || document.activeElement === document.body);
  }

  const options = () => [...body.current.querySelectorAll('.emoji-option')];

  function onKeyDown(e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
      return;
    }
    const inSearch = e.target === search.current;
    if (inSearch) {
      if (e.key === 'Enter') {
        e.preventDefault();
        const first = options()[0];
        if (first) pick(first.dataset.emoji);
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        options()[0]?.focus();
      }
      return;
    }
    const all = options();
    const at = all.indexOf(document.activeElement);
    if (at < 0) {
      if (['ArrowDown', 'ArrowRight'].includes(e.key) && all[0]) {
        e.preventDefault();
        all[0].focus();
      }
      return;
    }
    let next = null;
    if (e.key === 'ArrowRight') next = all[at + 1];
    else if (e.key === 'ArrowLeft') next = all[at - 1];
    else if (e.key === 'ArrowDown') next = verticalNeighbour(all, all[at], 1);
    else if (e.key === 'ArrowUp') next = verticalNeighbour(all, all[at], -1) || search.current;
    else if (e.key === 'Home') next = all[0];
    else if (e.key === 'End') next = all[all.length - 1];
    else return;
    e.preventDefault();
    if (next) {
      next.focus();
      next.scrollIntoView?.({ block: 'nearest' });
    }
  }

  const onClick = (e) => {
    const b = e.target.closest && e.target.closest('.emoji-option');
    if (b) pick(b.dataset.emoji);
  };
  const showPreview = (e) => {
    const b = e.target.closest && e.target.closest('.emoji-option');
    if (b && b.dataset.emoji !== preview?.emoji) setPreview({ emoji: b.dataset.emoji, name: b.dataset.name, code: b.dataset.code });
  };
  const jump = (id) => {
    setQuery('');
    requestAnimationFrame(() => body.current?.querySelector(`[data-section="${id}"]`)?.scrollIntoView({ block: 'start' }));
  };

  return html`
    ${sheet && html`<div class="emoji-sheet-backdrop" onClick=${() => onClose(true)} />`}
    <div ref=${root} class="emoji-picker ${sheet ? 'sheet' : 'popover'}" data-testid="emoji-picker" role="dialog"
      aria-label=${label} tabindex="-1" style=${style} onKeyDown=${onKeyDown}>
      <div class="emoji-picker-head">
        <input ref=${search} type="search" class="emoji-search" data-testid="emoji-search" placeholder="Find the perfect emoji"
          aria-label="Search emoji" value=${query} onInput=${(e) => setQuery(e.currentTarget.value)} />
        ${sheet && html`<button type="button" class="emoji-close" aria-label="Close" onClick=${() => onClose(true)}>✕</button>`}
      </div>
      ${set && html`
        <nav class="emoji-tabs" aria-label="Emoji categories">
          ${recent.length > 0 && html`<button type="button" class="emoji-tab" title="Recently used" aria-label="Recently used"
            onClick=${() => jump('recent')}>🕘</button>`}
          ${set.categories.map((c) => html`<button key=${c.id} type="button" class="emoji-tab" data-testid="emoji-tab"
            title=${c.label} aria-label=${c.label} onClick=${() => jump(c.id)}>${c.emoji[0]?.emoji}</button>`)}
        </nav>`}
      <div ref=${body} class="emoji-body" data-testid="emoji-body" onClick=${onClick} onMouseOver=${showPreview} onFocusIn=${showPreview}>
        ${grid}
      </div>
      <div class="emoji-preview" aria-live="polite">
        ${preview ? html`<span class="emoji-preview-glyph">${preview.emoji}</span>
          <span>${preview.code ? `:${preview.code}:` : preview.name}</span>` : html`<span class="muted">Pick an emoji</span>`}
      </div>
    </div>`;
}

// A button that opens the picker and gives the focus back to itself when the picker closes.
export function EmojiButton({ onPick, className = '', testId = 'emoji-button', label = 'Pick an emoji', children }) {
  const [open, setOpen] = useState(false);
  const button = useRef(null);
  function close(refocus) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }
  return html`
    <button ref=${button} type="button" class="${className}" data-testid=${testId} title=${label} aria-label=${label}
      aria-haspopup="dialog" aria-expanded=${open ? 'true' : 'false'} onMouseDown=${(e) => e.preventDefault()}
      onClick=${() => setOpen(!open)}>${children}</button>
    ${open && html`<${EmojiPicker} anchor=${button.current} label=${label} onPick=${onPick} onClose=${close} />`}`;
}
