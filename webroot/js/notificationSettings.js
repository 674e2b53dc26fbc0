// Notification settings in the client store: state.guildSettings (guild id -> the server's
// UserGuildSettings: message_notifications, muted, mute_config, channel_overrides), from the snapshot's
// `user_guild_settings` and USER_GUILD_SETTINGS_UPDATE (this session's changes and other sessions').
// What they mean for one channel is `channelSettings`, pure; notifications.js decides from it.

export const ALL_MESSAGES = 0; // Discord's message_notifications values
export const ONLY_MENTIONS = 1;
export const NOTHING = 2;

// A guild the user never set anything in: Discord's defaults for a busy server (as the server's).
const DEFAULTS = { message_notifications: ONLY_MENTIONS, muted: false, mute_config: null, channel_overrides: [] };

export const settingsOf = (state, guildId) => state.guildSettings?.[guildId] || { ...DEFAULTS, guild_id: guildId };

export const overrideOf = (settings, channelId) => (settings.channel_overrides || []).find((o) => o.channel_id === channelId) || null;

// A mute counts until its end_time; null (or no mute_config) lasts until turned back on.
export function muteActive(thing, now) {
  if (!thing || !thing.muted) return false;
  const end = thing.mute_config && thing.mute_config.end_time;
  return !end || Date.parse(end) > now;
}

// What applies to one channel: its own level, else its category's, else the guild's (Discord's
// inheritance); muted when the guild, its category or the channel is. A thread follows its parent.
// { level, muted, channelMuted } (channelMuted: muted by the channel itself or its category, which the
// channel list shows; a muted guild shows on the guild's icon instead).
export function channelSettings(state, channel, now = Date.now()) {
  if (!channel || !channel.guild_id) return { level: ALL_MESSAGES, muted: false, channelMuted: false }; // a DM
  const target = channel.type === 11 && state.channels[channel.parent_id] ? state.channels[channel.parent_id] : channel;
  const settings = settingsOf(state, target.guild_id);
  const own = overrideOf(settings, target.id);
  const category = target.parent_id ? overrideOf(settings, target.parent_id) : null;
  const level = own?.message_notifications ?? category?.message_notifications ?? settings.message_notifications ?? ONLY_MENTIONS;
  const channelMuted = muteActive(own, now) || muteActive(category, now);
  return { level, muted: channelMuted || muteActive(settings, now), channelMuted };
}

// When the next timed mute in a guild's settings (the guild's own, or a channel's or category's) ends, in
// ms, or null: the views that dim muted things draw again then (components/useWakeAt.js).
export function nextMuteEnd(settings, now = Date.now()) {
  let next = null;
  for (const thing of [settings, ...((settings && settings.channel_overrides) || [])]) {
    const end = thing && thing.muted && thing.mute_config && thing.mute_config.end_time ? Date.parse(thing.mute_config.end_time) : NaN;
    if (end > now && (next === null || end < next)) next = end;
  }
  return next;
}

export const guildMuted = (state, guildId, now = Date.now()) => muteActive(settingsOf(state, guildId), now);

// A PATCH body that mutes (or unmutes) for `minutes`, or until turned back on (null).
export function muteBody(muted, minutes, now = Date.now()) {
  if (!muted) return { muted: false };
  return { muted: true, mute_config: { end_time: minutes ? new Date(now + minutes * 60000).toISOString() : null } };
}

export const notificationSettingsReducers = {
  USER_GUILD_SETTINGS_UPDATE: (state, s) => ({ ...state, guildSettings: { ...state.guildSettings, [s.guild_id]: s } }),
};

export const withGuildSettings = (state, snap) =>
  ({ ...state, guildSettings: Object.fromEntries((snap.user_guild_settings || []).map((s) => [s.guild_id, s])) });
