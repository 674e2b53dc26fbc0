// Role selectors: a guild's roles in display order, and the colour a member's name shows in.
import { cmpId } from './ids.js';

// Highest first; @everyone (position 0) last.
export const byPositionDesc = (a, b) => (b.position ?? 0) - (a.position ?? 0) || cmpId(b.id, a.id);

export function guildRoles(state, guildId) {
  return Object.values((state.roles && state.roles[guildId]) || {}).sort(byPositionDesc);
}

// The member's roles (not @everyone), highest first.
export function memberRoles(state, guildId, member) {
  const mine = new Set((member && member.roles) || []);
  return guildRoles(state, guildId).filter((r) => r.id !== guildId && mine.has(r.id));
}

export const colorHex = (c) => `#${(Number(c) || 0).toString(16).padStart(6, '0').slice(-6)}`;

// The colour of the member's highest role that has one, or null.
export function memberColor(state, guildId, userId) {
  const member = guildId && state.members[guildId] && state.members[guildId][userId];
  if (!member) return null;
  const role = memberRoles(state, guildId, member).find((r) => Number(r.color) > 0);
  return role ? colorHex(role.color) : null;
}
