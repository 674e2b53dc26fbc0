// Mentions: who or what <@id>, <@&id> and <#id> name, with which colour, and whether a message
// mentions the signed-in user (Discord highlights those rows). Pure functions of the state.
import { displayName } from '../store.js';
import { colorHex } from '../roles.js';
import { parseMessage } from './cache.js';

// The guild a message belongs to: its own field, else its channel's or its thread's.
export function guildOf(state, message) {
  if (!message) return null;
  if (message.guild_id) return message.guild_id;
  const where = state.channels[message.channel_id] || (state.threads && state.threads[message.channel_id]);
  return (where && where.guild_id) || null;
}

// "@" + the member's nickname in that guild, else the user's display name (from the members list,
// the message's own `mentions`, a DM's recipients, or ourselves), else "@unknown-user".
export function userMentionName(state, guildId, id, message) {
  const member = guildId && state.members[guildId] && state.members[guildId][id];
  if (member) return `@${member.nick || displayName(member.user)}`;
  const mentioned = message && (message.mentions || []).find((u) => u && u.id === id);
  if (mentioned) return `@${displayName(mentioned)}`;
  const channel = message && state.channels[message.channel_id];
  const recipient = channel && Array.isArray(channel.recipients) && channel.recipients.find((u) => u.id === id);
  if (recipient) return `@${displayName(recipient)}`;
  if (state.me && state.me.id === id) return `@${displayName(state.me)}`;
  return '@unknown-user';
}

export function roleOf(state, guildId, id) {
  return (guildId && state.roles[guildId] && state.roles[guildId][id]) || null;
}

export function channelOf(state, id) {
  return state.channels[id] || (state.threads && state.threads[id]) || null;
}

// ---- colour: a role's colour is used only where it stays readable on the dark theme ----

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const channel = (c) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
// WCAG 2 contrast ratio of two colours given as #rrggbb.
export function contrast(a, b) {
  const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
const blend = (fg, alpha, bg) => `#${rgb(fg).map((c, i) => Math.round(c * alpha + rgb(bg)[i] * (1 - alpha))
  .toString(16).padStart(2, '0')).join('')}`;

// The backgrounds a pill sits on: the chat, a hovered row, a highlighted (mentioning) row.
const ROW_BACKGROUNDS = ['#313338', '#2e3035', '#453f35']; // as in css/app.css and css/markdown.css
const ROLE_PILL_ALPHA = 0.1;

// Inline colours for a role's pill ({color, background}), or null (the default pill) when the role
// has no colour or its colour would read below 4.5:1 on one of the backgrounds.
export function rolePillStyle(role) {
  if (!role || !(Number(role.color) > 0)) return null;
  const hex = colorHex(role.color);
  const readable = ROW_BACKGROUNDS.every((bg) => contrast(hex, blend(hex, ROLE_PILL_ALPHA, bg)) >= 4.5);
  if (!readable) return null;
  const [r, g, b] = rgb(hex);
  return { color: hex, background: `rgba(${r}, ${g}, ${b}, ${ROLE_PILL_ALPHA})` };
}

// ---- does this message mention me? ----

function* mentionTokens(tokens) {
  for (const t of tokens) {
    if (t.type === 'mention') yield t.meta;
    if (t.children) yield* mentionTokens(t.children);
  }
}

function* mentionsInText(content) {
  const text = content.replace(/```[\s\S]*?```|`[^`]*`/g, '');
  for (const [, sigil, id] of text.matchAll(/<(@!?|@&)(\d+)>/g)) yield { kind: sigil === '@&' ? 'role' : 'user', id };
  if (/(^|[^\w.])@(everyone|here)(?![\w-])/.test(text)) yield { kind: 'everyone', id: null };
}

// True when the message mentions the signed-in user: by id, through a role they have, or with
// @everyone / @here. Mentions inside code do not count, as in Discord. Others can reuse it (the row
// highlight, notifications).
export function mentionsMe(state, message) {
  const me = state && state.me;
  if (!me || !message) return false;
  if ((message.mentions || []).some((u) => (u && (u.id || u)) === me.id)) return true;
  if (message.mention_everyone) return true;
  const guildId = guildOf(state, message);
  const member = guildId && state.members[guildId] && state.members[guildId][me.id];
  const myRoles = new Set((member && member.roles) || []);
  if ((message.mention_roles || []).some((id) => myRoles.has(id))) return true;
  if (!message.content) return false;
  const tokens = parseMessage(message);
  if (tokens && !tokens.hasMentions) return false;
  // Before the parser has loaded, the text with its code spans and blocks taken out stands in.
  const found = tokens ? mentionTokens(tokens) : mentionsInText(message.content);
  for (const m of found) {
    if (m.kind === 'user' && m.id === me.id) return true;
    if (m.kind === 'role' && myRoles.has(m.id)) return true;
    if (m.kind === 'everyone' || m.kind === 'here') return true;
  }
  return false;
}
