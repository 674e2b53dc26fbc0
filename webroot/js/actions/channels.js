// Channels of a guild: create, change, delete, and their permission overwrites.
import { post, patch, put, del } from '../api.js';

export async function createChannel(dispatch, guildId, body) {
  const c = await post(`/guilds/${guildId}/channels`, body);
  dispatch('CHANNEL_CREATE', { ...c, guild_id: c.guild_id || guildId });
  return c;
}

export async function updateChannel(dispatch, channelId, body) {
  const c = await patch(`/channels/${channelId}`, body);
  dispatch('CHANNEL_UPDATE', c);
  return c;
}

export async function deleteChannel(dispatch, channel) {
  await del(`/channels/${channel.id}`);
  dispatch('CHANNEL_DELETE', { id: channel.id, guild_id: channel.guild_id });
  return true;
}

// An overwrite's reply is empty: the channel is updated with the overwrites it has now.
const withOverwrites = (channel, list) => ({ id: channel.id, guild_id: channel.guild_id, permission_overwrites: list });
const othersThan = (channel, targetId) => (channel.permission_overwrites || []).filter((o) => o.id !== targetId);

/** Sets the overwrite of one role or member ({type, allow, deny}). */
export async function putOverwrite(dispatch, channel, targetId, body) {
  await put(`/channels/${channel.id}/permissions/${targetId}`, body);
  dispatch('CHANNEL_UPDATE', withOverwrites(channel, [...othersThan(channel, targetId), { id: targetId, ...body }]));
  return true;
}

export async function deleteOverwrite(dispatch, channel, targetId) {
  await del(`/channels/${channel.id}/permissions/${targetId}`);
  dispatch('CHANNEL_UPDATE', withOverwrites(channel, othersThan(channel, targetId)));
  return true;
}
