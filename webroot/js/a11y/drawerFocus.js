// On a phone the channels and members are drawers. Opening one with the keyboard moves focus into it
// (it lies before the button in the page, so Tab alone would never get there), and when one closes
// with focus inside (a channel was picked), focus goes to the messages instead of being lost.
import { useEffect, useRef } from 'preact/hooks';

const INTO = {
  channels: '.left-drawer [data-testid=guild-rail] [tabindex="0"]',
  members: '.member-pane [data-testid=member]',
};

export function useDrawerFocus(drawer) {
  const previous = useRef(drawer);
  useEffect(() => {
    const was = previous.current;
    previous.current = drawer;
    if (drawer === was) return;
    if (drawer && INTO[drawer]) {
      const target = document.querySelector(INTO[drawer]);
      // Only when the keyboard opened it: a tap leaves focus where the finger was.
      if (target && document.activeElement && document.activeElement.matches(':focus-visible')) target.focus();
    } else if (!drawer) {
      const at = document.activeElement;
      // A keyboard user's focus was in the drawer that just hid (a tap's focus is left alone).
      const inHidden = at && at.closest('.left-drawer, .member-pane') && at.matches(':focus-visible');
      if (inHidden && window.matchMedia('(max-width: 768px)').matches) {
        const list = document.querySelector('[data-testid=message-list]');
        if (list) list.focus();
      }
    }
  }, [drawer]);
}
