// On a phone the channels and members are drawers. Opening one with the keyboard moves focus into it
// (it lies before the button in the page, so Tab alone would never get there), and when one closes
// with focus inside (a channel was picked), focus goes to the messages instead of being lost.
import { useEffect, useRef } from 'preact/hooks';

const INTO = {
  channels: '.left-drawer [data-testid=guild-rail] [tabindex="0"]',
  members: '.member-pane [data-testid=member]',
};

// Whether the last input was the keyboard (a tap or click leaves focus where the finger was). Read
// when the drawer opens, since by then the focused element may already have changed.
let keyboard = false;
if (typeof document !== 'undefined') {
  document.addEventListener('keydown', () => { keyboard = true; }, true);
  document.addEventListener('pointerdown', () => { keyboard = false; }, true);
}

// Focus `selector`'s element, trying again for a few frames: the drawer may still be sliding in.
function focusSoon(selector, tries = 20) {
  const target = document.querySelector(selector);
  if (target) target.focus();
  if ((!target || document.activeElement !== target) && tries > 0) {
    requestAnimationFrame(() => focusSoon(selector, tries - 1));
  }
}

export function useDrawerFocus(drawer) {
  const previous = useRef(drawer);
  useEffect(() => {
    const was = previous.current;
    previous.current = drawer;
    if (drawer === was) return;
    if (drawer && INTO[drawer]) {
      if (keyboard) focusSoon(INTO[drawer]);
    } else if (!drawer) {
      const at = document.activeElement;
      // A keyboard user's focus was in the drawer that just hid (a tap's focus is left alone).
      const inHidden = at && at.closest('.left-drawer, .member-pane') && keyboard;
      if (inHidden && window.matchMedia('(max-width: 768px)').matches) {
        const list = document.querySelector('[data-testid=message-list]');
        if (list) list.focus();
      }
    }
  }, [drawer]);
}
