// Moderation: bans (list, lift), kicks, bans and timeouts of members, and member edits (nickname, roles).
import { get, patch, put, del } from '../api.js';

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

// A member's nickname, roles or timeout; the store has the answer at once (the event follows).
export async function updateMember(dispatch, guildId, userId, body) {
  const m = await patch(`/guilds/${guildId}/members/${userId}`, body);
  dispatch('GUILD_MEMBER_UPDATE', { ...m, guild_id: guildId });
  return m;
}

// Kicks (kind 'kick') or bans a member; the store drops them at once (the events follow).
export async function removeMember(dispatch, guildId, user, kind, reason) {
  await (kind === 'kick' ? kick(guildId, user.id) : ban(guildId, user.id, reason));
  if (kind === 'ban') dispatch('GUILD_BAN_ADD', { guild_id: guildId, user, reason: reason || null });
  dispatch('GUILD_MEMBER_REMOVE', { guild_id: guildId, user });
  return true;
}
