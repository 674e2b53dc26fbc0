// The emoji set, loaded the first time a picker or a :shortcode: needs it (lazy/data.js is ~100 KB,
// which the first paint should not wait for; lazy/ keeps it out of the page's modulepreload list),
// with search and the shortcode table built once.
// "Recently used" lives in localStorage, newest first, shared by the composer and reactions.

let loading = null;
let loaded = null;

// Picker tab labels for emojibase's group names.
const LABELS = {
  'smileys-emotion': 'Smileys & Emotion',
  'people-body': 'People & Body',
  'animals-nature': 'Animals & Nature',
  'food-drink': 'Food & Drink',
  'travel-places': 'Travel & Places',
  activities: 'Activities',
  objects: 'Objects',
  symbols: 'Symbols',
  flags: 'Flags',
};

function build({ CATEGORIES, EMOJI }) {
  const all = EMOJI.map(([emoji, name, codes, category]) => ({ emoji, name, codes, category }));
  const byCode = new Map();
  for (const e of all) for (const c of e.codes) if (!byCode.has(c)) byCode.set(c, e);
  const byEmoji = new Map(all.map((e) => [e.emoji, e]));
  const categories = CATEGORIES.map((id, index) => ({ id, index, label: LABELS[id] || id, emoji: all.filter((e) => e.category === index) }));
  return { all, byCode, byEmoji, categories };
}

export function loadEmoji() {
  if (!loading) loading = import('./lazy/data.js').then((m) => (loaded = build(m)));
  return loading;
}

// The set when it is already here (no waiting), else null.
export const emojiNow = () => loaded;

// Best first: a shortcode that starts with the query, then one that contains it, then the name.
export function searchEmoji(set, query, limit = Infinity) {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, '');
  if (!q) return [];
  const scored = [];
  for (const e of set.all) {
    let score = -1;
    if (e.codes.some((c) => c === q)) score = 0;
    else if (e.codes.some((c) => c.startsWith(q))) score = 1;
    else if (e.name.startsWith(q)) score = 2;
    else if (e.codes.some((c) => c.includes(q))) score = 3;
    else if (e.name.split(/[\s:-]+/).some((w) => w.startsWith(q))) score = 4;
    if (score >= 0) scored.push([score, e]);
  }
  scored.sort((a, b) => a[0] - b[0]);
  return scored.slice(0, limit).map(([, e]) => e);
}

// ":smile:" and ":+1:" → the emoji in `text`; unknown codes stay as typed.
export function replaceShortcodes(set, text) {
  return text.replace(/:([a-z0-9_+-]{2,}):/g, (whole, code) => (set.byCode.has(code) ? set.byCode.get(code).emoji : whole));
}

const RECENT_KEY = 'guildhall.emoji.recent';
const RECENT_MAX = 24;

export function recentEmoji() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]');
    return Array.isArray(list) ? list.filter((e) => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(emoji) {
  const list = [emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, RECENT_MAX);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}
