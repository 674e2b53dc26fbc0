// Notifications, computed here in the client from what the user chose (notificationSettings.js): one
// pure decision, `shouldNotify`, and two ways of telling, which both follow it: an in-app notice and,
// once the user allowed it (on a click: `askDesktopPermission`), a desktop notification through the
// browser's Notification API. Clicking either opens the message's channel.
import { displayName, statusOf } from './store.js';
import { HOME } from './dms.js';
import { channelSettings, ALL_MESSAGES, ONLY_MENTIONS } from './notificationSettings.js';

const FRESH_MS = 60 * 1000; // a replay after a reconnect does not notify of old messages
const PRIVATE_TYPES = new Set([1, 3]); // DM and group DM

// Whether the message mentions me: the server's `mentions`, `mention_roles` and `mention_everyone`,
// and, for messages from before those were filled in, the `<@id>` and `<@&role>` written in the text.
export function mentionsMe(state, m) {
  const me = state.me;
  if (!me) return false;
  if (m.mention_everyone === true) return true;
  if ((m.mentions || []).some((u) => (u && (u.id || u)) === me.id)) return true;
  const myRoles = new Set(state.members[m.guild_id]?.[me.id]?.roles || []);
  if ((m.mention_roles || []).some((r) => myRoles.has(r))) return true;
  const text = typeof m.content === 'string' ? m.content : '';
  if (text.includes(`<@${me.id}>`) || text.includes(`<@!${me.id}>`)) return true;
  return [...text.matchAll(/<@&(\d+)>/g)].some(([, id]) => myRoles.has(id));
}

// Whether the user is looking at the message's channel: the tab shown and the channel (or the thread in
// the side pane) open.
export function lookingAt(state, channelId, visible) {
  return visible && (state.ui.channelId === channelId || state.ui.threadPane?.threadId === channelId);
}

// The decision, pure: notify of `m`? Never for one's own message, in Do Not Disturb, for what one is
// looking at, or for a message that is old news (a replay). A DM or group DM always notifies. In a
// guild: the channel's settings (its override, its category's, the guild's): nothing while muted, and
// all messages, only mentions, or nothing.
export function shouldNotify(state, m, { visible, now }) {
  const me = state.me;
  if (!me || !m || !m.author || m.author.id === me.id) return false;
  if (statusOf(state, me.id) === 'dnd') return false;
  if (lookingAt(state, m.channel_id, visible)) return false;
  if (m.timestamp && now - Date.parse(m.timestamp) > FRESH_MS) return false;
  const channel = state.channels[m.channel_id] || state.threads?.[m.channel_id];
  if (channel && PRIVATE_TYPES.has(channel.type)) return true;
  if (!channel && !m.guild_id) return true; // a DM not loaded yet
  const { level, muted } = channelSettings(state, channel || { guild_id: m.guild_id, id: m.channel_id }, now);
  if (muted) return false;
  if (level === ALL_MESSAGES) return true;
  return level === ONLY_MENTIONS && mentionsMe(state, m);
}

// A mention reads as @name in a notice, as in the message itself.
function readable(state, m) {
  const guildMembers = state.members[m.guild_id] || {};
  return (m.content || '').replace(/<@!?(\d+)>/g, (all, id) => {
    const member = guildMembers[id];
    if (member) return `@${member.nick || displayName(member.user)}`;
    return state.me && id === state.me.id ? `@${displayName(state.me)}` : all;
  });
}

function noticeOf(state, m) {
  const channel = state.channels[m.channel_id] || state.threads?.[m.channel_id];
  const where = channel && channel.name ? `#${channel.name}` : 'a direct message';
  return {
    id: m.id,
    guildId: m.guild_id || (channel && channel.guild_id) || null,
    channelId: m.channel_id,
    title: `${displayName(m.author)} in ${where}`,
    body: readable(state, m).slice(0, 140),
  };
}

export const desktopSupported = () => typeof window.Notification === 'function';
export const desktopPermission = () => (desktopSupported() ? window.Notification.permission : 'unsupported');

// Browsers only ask from a click (and some refuse otherwise): called by the "Enable desktop
// notifications" button, never on load. Answers the permission as it now is (at once, without asking,
// when the user already answered).
export async function askDesktopPermission() {
  if (!desktopSupported()) return 'unsupported';
  return window.Notification.requestPermission();
}

function showDesktop(store, notice) {
  if (desktopPermission() !== 'granted') return;
  try {
    // The message id as tag: two tabs of the same user show one notification, not two.
    const shown = new window.Notification(notice.title, { body: notice.body, tag: notice.id });
    shown.onclick = () => {
      window.focus();
      store.dispatch('NOTICE_DISMISS', notice.id);
      store.dispatch('SELECT_CHANNEL', { guildId: notice.guildId || HOME, channelId: notice.channelId });
      shown.close();
    };
  } catch (e) {
    // Some mobile browsers allow notifications only from a service worker: the in-app notice remains.
  }
}

export function startNotifications(store) {
  return store.onAction((type, m, state) => {
    if (type !== 'MESSAGE_CREATE') return;
    if (!shouldNotify(state, m, { visible: !document.hidden, now: Date.now() })) return;
    const notice = noticeOf(state, m);
    store.dispatch('NOTICE', notice);
    showDesktop(store, notice);
  });
}
