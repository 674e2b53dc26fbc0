// Moderation: bans (list, lift), kicks and bans of members.
import { get, put, del } from '../api.js';

export async function loadBans(dispatch, guildId) {
  const bans = await get(`/guilds/${guildId}/bans`);
  dispatch('BANS_LOADED', { guild_id: guildId, bans });
  return bans;
}

export async function unban(dispatch, guildId, user) {
  await del(`/guilds/${guildId}/bans/${user.id}`);
  dispatch('GUILD_BAN_REMOVE', { guild_id: guildId, user });
  return true;
}

export const kick = (guildId, userId) => del(`/guilds/${guildId}/members/${userId}`).then(() => true);
export const ban = (guildId, userId, reason) => put(`/guilds/${guildId}/bans/${userId}`, { reason: reason || null }).then(() => true);
