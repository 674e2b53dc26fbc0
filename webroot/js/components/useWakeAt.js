// Draws the component again when `ms` (a time in the future) arrives, e.g. when a timeout or a mute
// ends: what it shows depends on the clock, and nothing else would change to make it draw.
import { useEffect, useState } from 'preact/hooks';

export default function useWakeAt(ms) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!ms) return undefined;
    const delay = Math.min(ms - Date.now() + 250, 2 ** 31 - 1);
    const t = setTimeout(() => setTick((x) => x + 1), Math.max(0, delay));
    return () => clearTimeout(t);
  }, [ms]);
}
