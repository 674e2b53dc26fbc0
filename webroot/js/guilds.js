// After creating or joining a guild: put it in the store and open it. The REST reply may
// omit members or channels (the GUILD_CREATE event carries them); fetch what is missing.
import { get } from './api.js';

export async function adoptGuild(store, g) {
  store.dispatch('GUILD_CREATE', g);
  store.dispatch('SELECT_GUILD', g.id);
  const [channels, members] = await Promise.all([
    g.channels ? null : get(`/guilds/${g.id}/channels`).catch(() => null),
    g.members ? null : get(`/guilds/${g.id}/members`).catch(() => null),
  ]);
  const patch = { id: g.id };
  if (channels) patch.channels = channels;
  if (members) patch.members = members;
  if (channels || members) store.dispatch('GUILD_CREATE', patch);
}
