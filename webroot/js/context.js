// Components reach the single store through context instead of prop-drilling it.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const StoreContext = createContext(null);

// Returns { state, dispatch, store }.
export const useApp = () => useContext(StoreContext);
