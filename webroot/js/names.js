// How a user is named on a message, as in Discord: their nickname in that guild, else their global
// name, else their username. The member's copy of the user is the freshest (USER_UPDATE keeps it).
import { displayName } from './store.js';

export function memberName(state, guildId, user) {
  const member = guildId && user && state.members[guildId] && state.members[guildId][user.id];
  if (member && member.nick) return member.nick;
  return displayName(member && member.user ? { ...user, ...member.user } : user);
}
