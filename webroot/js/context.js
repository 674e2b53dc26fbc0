// Components reach the session's one store through context instead of prop-drilling it. The context's
// value never changes during a session; each view subscribes to the slice it draws (useSelector), so
// a typing or presence event re-renders the views that show typing or presence, not the whole tree.
import { createContext } from 'preact';
import { useContext, useLayoutEffect, useReducer, useRef } from 'preact/hooks';

export const StoreContext = createContext(null); // { store, logout }

/** Equal when both are the same, or objects/arrays with the same keys holding the same values. */
export function shallowEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && Object.is(a[k], b[k]));
}

/**
 * What `select(state)` returns, re-rendering the calling view only when that changes (by `equal`:
 * Object.is, or shallowEqual for a selector that builds an object or array).
 */
export function useSelector(select, equal = Object.is) {
  const { store } = useContext(StoreContext);
  const [, rerender] = useReducer((n) => n + 1, 0);
  const value = select(store.getState());
  const latest = useRef(null);
  latest.current = { select, equal, value };
  useLayoutEffect(() => {
    const check = (state) => {
      const l = latest.current;
      if (!l.equal(l.select(state), l.value)) rerender();
    };
    check(store.getState()); // a change between this render and the subscription
    return store.subscribe(check);
  }, [store]);
  return value;
}

export const useStore = () => useContext(StoreContext).store;
export const useDispatch = () => useContext(StoreContext).store.dispatch;

/**
 * { state, dispatch, store, logout }: the whole state, for views that draw much of it; such a view
 * re-renders on every change, so the hot paths (the message list) use useSelector instead.
 */
export function useApp() {
  const { store, logout } = useContext(StoreContext);
  const state = useSelector((s) => s);
  return { state, dispatch: store.dispatch, store, logout };
}
