// Notifications, as Discord's default for a busy server: a message that mentions you, or any message
// in a DM, when you are not looking at its channel. An in-app notice, and a desktop notification when
// the tab is hidden and the browser allows it. Do Not Disturb silences both.
import { displayName, statusOf } from './store.js';

const FRESH_MS = 60 * 1000; // a replay after a reconnect does not notify of old messages
const PRIVATE_TYPES = new Set([1, 3]); // DM and group DM

function concernsMe(state, m) {
  const me = state.me;
  if (!me || !m.author || m.author.id === me.id) return false;
  const channel = state.channels[m.channel_id];
  if (channel && PRIVATE_TYPES.has(channel.type)) return true;
  if ((m.mentions || []).some((u) => (u.id || u) === me.id)) return true;
  return typeof m.content === 'string' && m.content.includes(`<@${me.id}>`);
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

function inView(state, m) {
  return !document.hidden && state.ui.channelId === m.channel_id;
}

export function startNotifications(store) {
  return store.onAction((type, m, state) => {
    if (type !== 'MESSAGE_CREATE' || !m || !concernsMe(state, m) || inView(state, m)) return;
    if (statusOf(state, state.me.id) === 'dnd') return;
    if (m.timestamp && Date.now() - Date.parse(m.timestamp) > FRESH_MS) return;
    const channel = state.channels[m.channel_id];
    const where = channel && channel.name ? `#${channel.name}` : 'a direct message';
    const notice = {
      id: m.id,
      guildId: m.guild_id || (channel && channel.guild_id) || null,
      channelId: m.channel_id,
      title: `${displayName(m.author)} in ${where}`,
      body: readable(state, m).slice(0, 140),
    };
    store.dispatch('NOTICE', notice);
    if (document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(notice.title, { body: notice.body, tag: m.id });
    }
  });
}
