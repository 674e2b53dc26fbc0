// Dialogs and popovers keep the keyboard inside them while open: Tab and Shift-Tab cycle through
// their controls, Escape closes them, and focus goes back to whatever opened them (WAI-ARIA APG,
// "Dialog (Modal) Pattern"). One hook, so every dialog behaves the same.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

const FOCUSABLE = [
  'a[href]', 'button:not([disabled])', 'input:not([disabled]):not([type=hidden])', 'select:not([disabled])',
  'textarea:not([disabled])', '[tabindex]:not([tabindex="-1"])',
].join(',');

// What Tab may land on inside `root`, in order (hidden ones are skipped: they cannot take focus).
export function focusables(root) {
  return Array.from(root.querySelectorAll(FOCUSABLE)).filter((el) => el.getClientRects().length > 0);
}

// The innermost open dialog handles a key; an outer one (a profile card over a modal) leaves it.
const open = [];

/**
 * Traps focus in the element `ref` points at while the component is mounted. `initial` picks what
 * takes focus first: a selector inside the dialog, else its first text field, else the dialog itself.
 */
export function useFocusTrap(ref, onClose, initial) {
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Taken before the dialog renders into the page, so it is still the opener (a click focuses the button).
  const opener = useRef(typeof document !== 'undefined' ? document.activeElement : null);

  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    open.push(root);
    const first = (initial && root.querySelector(initial))
      || root.querySelector('input:not([type=checkbox]):not([disabled]), textarea, select');
    if (first) first.focus();
    else {
      if (!root.hasAttribute('tabindex')) root.setAttribute('tabindex', '-1');
      root.focus();
    }
    return () => {
      open.splice(open.indexOf(root), 1);
      const back = opener.current;
      // Give focus back only if the opener is still on the page and focus is not already elsewhere on purpose.
      if (back && back.isConnected && typeof back.focus === 'function'
        && (!document.activeElement || document.activeElement === document.body || root.contains(document.activeElement))) {
        back.focus();
      }
    };
  }, []);

  useEffect(() => {
    const onKey = (e) => {
      const root = ref.current;
      if (!root || open[open.length - 1] !== root) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeRef.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = focusables(root);
      if (items.length === 0) {
        e.preventDefault();
        root.focus();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const at = document.activeElement;
      if (e.shiftKey && (at === first || at === root || !root.contains(at))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (at === last || !root.contains(at))) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, []);
}
