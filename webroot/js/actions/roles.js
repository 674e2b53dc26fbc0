// Roles of a guild: create, change, delete, reorder.
import { post, patch, del } from '../api.js';

export async function createRole(dispatch, guildId, body) {
  const role = await post(`/guilds/${guildId}/roles`, body);
  dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role });
  return role;
}

export async function updateRole(dispatch, guildId, roleId, body) {
  const role = await patch(`/guilds/${guildId}/roles/${roleId}`, body);
  dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role });
  return role;
}

export async function deleteRole(dispatch, guildId, roleId) {
  await del(`/guilds/${guildId}/roles/${roleId}`);
  dispatch('GUILD_ROLE_DELETE', { guild_id: guildId, role_id: roleId });
  return true;
}

/** Positions of the given roles ([{id, position}]); the reply is every role, in its new order. */
export async function moveRoles(dispatch, guildId, positions) {
  const roles = await patch(`/guilds/${guildId}/roles`, positions);
  dispatch('GUILD_ROLES_REPLACE', { guild_id: guildId, roles });
  return roles;
}
