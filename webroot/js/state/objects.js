// Small pure helpers for the state modules.

/** The object without `key` (the same object when it has no such key, so nothing re-renders). */
export const omit = (obj, key) => {
  if (!obj || !(key in obj)) return obj;
  const { [key]: _, ...rest } = obj;
  return rest;
};
