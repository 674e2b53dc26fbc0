// Notification settings of a guild (and its channels' overrides), stored for the signed-in member.
import { patch } from '../api.js';

/** One change (of the guild, or `channel_overrides` for some channels); the reply is the whole settings. */
export async function saveGuildSettings(dispatch, guildId, change) {
  const settings = await patch(`/users/@me/guilds/${guildId}/settings`, change);
  dispatch('USER_GUILD_SETTINGS_UPDATE', settings);
  return settings;
}
