// Components reach the single store through context instead of prop-drilling it.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const StoreContext = createContext(null);

// Returns { state, dispatch, store }.
export const useApp = () => useContext(StoreContext);

// The store alone, whose identity never changes: a component that needs only dispatch or getState
// (a memoized message row and what it holds) reads this, and is not rendered again by every event.
export const StoreOnlyContext = createContext(null);

export const useStore = () => useContext(StoreOnlyContext);
