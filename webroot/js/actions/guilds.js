// Guilds: create, change, delete or leave, join by invite or from the directory, invites, ownership.
import { get, post, patch, put, del } from '../api.js';

export async function createGuild(name, isPublic) {
  return post('/guilds', { name, public: isPublic });
}

export async function updateGuild(dispatch, guildId, body) {
  const g = await patch(`/guilds/${guildId}`, body);
  dispatch('GUILD_UPDATE', g);
  return g;
}

export const transferOwnership = (dispatch, guildId, userId) => updateGuild(dispatch, guildId, { owner_id: userId });

/** The owner deletes the guild; anyone else leaves it. Either way it leaves this user's rail. */
export async function deleteOrLeaveGuild(dispatch, guildId, owner) {
  await (owner ? del(`/guilds/${guildId}`) : del(`/users/@me/guilds/${guildId}`));
  dispatch('GUILD_DELETE', { id: guildId });
  return true;
}

export const listPublicGuilds = () => get('/guilds');
export const joinByInvite = (code) => post(`/invites/${encodeURIComponent(code)}`);
export const joinPublicGuild = (guildId) => put(`/guilds/${guildId}/members/@me`);
export const createInvite = (guildId) => post(`/guilds/${guildId}/invites`, { max_age: 86400 });
