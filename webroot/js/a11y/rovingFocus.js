// Arrow keys inside a list (WAI-ARIA APG "roving tabindex"): the list is one Tab stop; Arrow Up and
// Down (Home, End) move focus between its items, and Enter or Space activates a button as usual.
// Attached to a container by a hook, so the components that draw the lists only name their items.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Keeps exactly one of `container`'s items (matching `items`) in the Tab order: the one last focused,
 * else the one matching `current` (the selected one), else the first. Call after every render:
 * items come and go.
 */
export function syncTabStops(container, { items, current, self }) {
  // The container itself is the Tab stop (a message list): its items take tabindex -1 only when the
  // arrows reach them (moveFocus), so thousands of messages cost nothing per render.
  if (self) return;
  const list = Array.from(container.querySelectorAll(items));
  let stop = list.find((el) => el === container.__rovingLast) || (current && list.find((el) => el.matches(current))) || list[0];
  for (const el of list) {
    const want = el === stop ? '0' : '-1';
    if (el.getAttribute('tabindex') !== want) el.setAttribute('tabindex', want);
  }
}

/** The key handling: moves focus to the next, previous, first or last item and returns true if it did. */
export function moveFocus(container, event, { items, self }) {
  const keys = { ArrowDown: 1, ArrowUp: -1, Home: 'first', End: 'last' };
  const step = keys[event.key];
  if (step === undefined || event.altKey || event.ctrlKey || event.metaKey) return false;
  const list = Array.from(container.querySelectorAll(items)).filter((el) => el.getClientRects().length > 0);
  if (list.length === 0) return false;
  const at = list.findIndex((el) => el === document.activeElement || el.contains(document.activeElement));
  // Inside a text field or a menu of its own (a reaction picker), arrows are that control's.
  const target = event.target;
  if (target !== container && at >= 0 && target !== list[at] && target.matches('input, textarea, select, [role=menu] *')) return false;
  let next;
  if (step === 'first') next = 0;
  else if (step === 'last') next = list.length - 1;
  else if (at < 0) next = self ? list.length - 1 : 0; // from the container itself: the newest message
  else next = Math.max(0, Math.min(list.length - 1, at + step));
  event.preventDefault();
  const el = list[next];
  container.__rovingLast = el;
  if (self) el.setAttribute('tabindex', '-1');
  else syncTabStops(container, { items });
  el.focus();
  if (el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
  return true;
}

/**
 * Hooks the roving focus onto the element `ref` points at. `items`: a selector for the items;
 * `current`: a selector for the selected item (Tab lands there first); `self`: the container is the
 * Tab stop and the items are reached by arrows (the message list), Escape going back to the container.
 */
export function useRovingFocus(ref, { items, current, self = false }) {
  const opts = useRef(null);
  opts.current = { items, current, self };
  useLayoutEffect(() => {
    if (ref.current) syncTabStops(ref.current, opts.current);
  });
  // The element may appear later (a sidebar with no guild yet) or be replaced: follow it.
  const attached = useRef(null);
  useEffect(() => {
    const el = ref.current;
    if (el === (attached.current && attached.current.el)) return;
    if (attached.current) attached.current.detach();
    attached.current = el ? { el, detach: listen(el, opts) } : null;
  });
  useEffect(() => () => attached.current && attached.current.detach(), []);
}

function listen(el, opts) {
  const onKey = (e) => {
    if (moveFocus(el, e, opts.current)) return;
    if (opts.current.self && e.key === 'Escape' && e.target !== el && !e.defaultPrevented
      && !e.target.matches('input, textarea, select')) {
      el.focus();
    }
  };
  const onFocus = (e) => {
    const item = e.target.closest && e.target.closest(opts.current.items);
    if (item && el.contains(item)) el.__rovingLast = item; // a click or Tab also moves the stop
  };
  el.addEventListener('keydown', onKey);
  el.addEventListener('focusin', onFocus);
  return () => {
    el.removeEventListener('keydown', onKey);
    el.removeEventListener('focusin', onFocus);
  };
}
