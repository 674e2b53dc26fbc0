// Snowflakes are 64-bit and overflow Number, so they stay strings and are compared
// by length first, then lexicographically (same order as BigInt for unpadded decimals).
export function cmpId(a, b) {
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : 1;
}

export function maxId(a, b) {
  return cmpId(a, b) >= 0 ? a : b;
}

// Client nonces only need to be unique per sender; crypto.randomUUID is missing on plain-http origins.
export function newNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
