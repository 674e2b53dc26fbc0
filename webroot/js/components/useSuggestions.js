// The composer's completions, kept apart from Composer.js: what the word at the caret asks for
// ("@ali" → members, roles, @everyone/@here; ":sm" → emoji), the popup's rows, and its keys
// (Up/Down move, Enter/Tab pick, Esc closes). Picking writes Discord's raw forms into the text:
// <@id> for a member, <@&id> for a role, @everyone, or the emoji itself, then a space.
// A complete ":smile:" followed by a space becomes its emoji as it is typed; expandShortcodes does
// the same to a message on its way out.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { displayName } from '../store.js';
import { guildRoles, colorHex } from '../roles.js';
import { myChannelPerms, has } from '../permissions.js';
import { loadEmoji, emojiNow, searchEmoji, replaceShortcodes } from '../emoji/index.js';
import Avatar from './Avatar.js';

const LIMIT = 10;
const MENTION = /(^|\s)@([^\s@<>]{0,32})$/;
const SHORTCODE = /(^|\s):([a-z0-9_+-]{2,})$/i;
const TYPED_CODE = /(^|\s):([a-z0-9_+-]{2,}):(\s)$/i;
const ANY_CODE = /:[a-z0-9_+-]{2,}:/i;

// The word before the caret that asks for completions, or null.
function triggerAt(text, caret) {
  const before = text.slice(0, caret);
  let m = before.match(MENTION);
  if (m) return { kind: 'mention', query: m[2].toLowerCase(), start: caret - m[2].length - 1, end: caret };
  m = before.match(SHORTCODE);
  if (m) return { kind: 'emoji', query: m[2].toLowerCase(), start: caret - m[2].length - 1, end: caret };
  return null;
}

const startsWord = (name, q) => !!name && name.toLowerCase().split(/[\s_.-]+/).concat(name.toLowerCase()).some((w) => w.startsWith(q));

function people(state, channel) {
  if (channel.recipients) return [...channel.recipients, state.me].filter(Boolean).map((user) => ({ user, nick: null }));
  return Object.values((state.members && state.members[channel.guild_id]) || {});
}

function mentionRows(state, channel, q) {
  const rows = [];
  for (const m of people(state, channel)) {
    const u = m.user;
    if (!u) continue;
    const names = [m.nick, u.global_name, u.username];
    if (q && !names.some((n) => startsWord(n, q))) continue;
    rows.push({ kind: 'member', key: `u${u.id}`, insert: `<@${u.id}>`, label: m.nick || displayName(u), hint: u.username,
      icon: html`<${Avatar} user=${u} />` });
  }
  rows.sort((a, b) => a.label.localeCompare(b.label));
  const out = rows.slice(0, LIMIT);
  if (channel.recipients) return out;
  // MENTION_EVERYONE also lets one mention roles that are not mentionable, as in Discord.
  const everyone = has(myChannelPerms(state, channel.id), 'MENTION_EVERYONE');
  for (const r of guildRoles(state, channel.guild_id)) {
    if (r.id === channel.guild_id || !(r.mentionable === undefined || r.mentionable || everyone)) continue;
    if (q && !startsWord(r.name, q)) continue;
    out.push({ kind: 'role', key: `r${r.id}`, insert: `<@&${r.id}>`, label: `@${r.name}`, hint: 'role',
      color: Number(r.color) > 0 ? colorHex(r.color) : null, icon: '@' });
  }
  if (everyone) {
    for (const [name, hint] of [['everyone', 'everyone in the channel'], ['here', 'everyone online in the channel']]) {
      if (!q || name.startsWith(q)) out.push({ kind: 'everyone', key: name, insert: `@${name}`, label: `@${name}`, hint, icon: '@' });
    }
  }
  return out;
}

function emojiRows(set, q) {
  return searchEmoji(set, q, LIMIT).map((e) => ({ kind: 'emoji', key: e.emoji, insert: e.emoji, label: `:${e.codes[0] || e.name}:`,
    hint: e.name, icon: e.emoji }));
}

// The message as it should be sent: known :shortcodes: become their emoji.
export async function expandShortcodes(text) {
  if (!ANY_CODE.test(text)) return text;
  return replaceShortcodes(await loadEmoji(), text);
}

// `textarea` is a ref to the field; `setText(value)` stores a new value (the draft too).
export default function useSuggestions({ state, channel, textarea, text, setText }) {
  const [caret, setCaret] = useState(null);
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState(null); // Esc closes the popup until the word changes
  const [, setLoaded] = useState(false);

  const trigger = caret === null ? null : triggerAt(text, caret);
  const open = trigger && closedFor !== `${trigger.start}:${trigger.query}` ? trigger : null;
  let items = [];
  if (open && open.kind === 'mention') items = mentionRows(state, channel, open.query);
  if (open && open.kind === 'emoji') {
    const set = emojiNow();
    if (set) items = emojiRows(set, open.query);
    else loadEmoji().then(() => setLoaded(true));
  }
  const index = Math.min(active, Math.max(0, items.length - 1));

  function place(value, at) {
    setText(value);
    setCaret(at);
    const el = textarea.current;
    if (el) {
      el.value = value;
      el.setSelectionRange(at, at);
      el.focus();
    }
  }

  function pick(i) {
    const item = items[i];
    if (!item || !open) return;
    const insert = `${item.insert} `;
    place(text.slice(0, open.start) + insert + text.slice(open.end), open.start + insert.length);
    setActive(0);
  }

  // Called by the composer after its own input handling, with the field.
  function onInput(el) {
    const at = el.selectionStart;
    const set = emojiNow();
    const typed = set && el.value.slice(0, at).match(TYPED_CODE);
    if (typed && set.byCode.has(typed[2].toLowerCase())) {
      const emoji = set.byCode.get(typed[2].toLowerCase()).emoji;
      const start = at - typed[2].length - 3;
      place(el.value.slice(0, start) + emoji + typed[3] + el.value.slice(at), start + emoji.length + 1);
    } else {
      setCaret(at);
    }
    setActive(0);
  }

  // True when the key was ours (the composer then leaves it alone).
  function onKeyDown(e) {
    if (!open || items.length === 0 || e.isComposing) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((index + step + items.length) % items.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      if (e.shiftKey) return false;
      pick(index);
    } else if (e.key === 'Escape') {
      setClosedFor(`${open.start}:${open.query}`);
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  // The caret moves without input too (arrows, a click).
  const follow = (e) => setCaret(e.currentTarget.selectionStart);
  const listId = `suggest-${channel.id}`;
  const shown = items.length > 0;
  return {
    onInput,
    onKeyDown,
    insert(value) {
      const el = textarea.current;
      const at = el ? el.selectionStart : text.length;
      const end = el ? el.selectionEnd : text.length;
      place(text.slice(0, at) + value + text.slice(end), at + value.length);
    },
    inputProps: {
      onKeyUp: (e) => !['ArrowUp', 'ArrowDown', 'Enter', 'Tab', 'Escape'].includes(e.key) && follow(e),
      onClick: follow,
      onBlur: () => setCaret(null),
      onFocus: follow,
      'aria-autocomplete': 'list',
      'aria-controls': shown ? listId : undefined,
      'aria-activedescendant': shown ? `${listId}-${index}` : undefined,
    },
    popup: shown ? {
      id: listId,
      title: open.kind === 'emoji' ? `Emoji matching :${open.query}` : open.query ? `Members and roles matching @${open.query}` : 'Members and roles',
      items,
      active: index,
      onPick: pick,
      onHover: setActive,
    } : null,
  };
}
