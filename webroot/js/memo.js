// Preact's own `memo` lives in preact/compat, which the client does not load: this is the same idea
// in a few lines. The wrapper skips rendering when its props are shallowly equal, so a list of rows
// re-renders only the rows whose props changed. (A wrapped component must not read the app context,
// whose value changes with every event: a context change would render it regardless.)
import { h } from 'preact';

export function shallowEqual(a, b) {
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

export function memo(Inner, equal = shallowEqual) {
  function Memo(props) {
    // Preact calls function components with the component instance as `this`.
    this.shouldComponentUpdate = (next) => !equal(this.props, next);
    return h(Inner, props);
  }
  Memo.displayName = `Memo(${Inner.displayName || Inner.name})`;
  return Memo;
}
