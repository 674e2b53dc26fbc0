// A large guild's member list (the server's guild `large`): the snapshot holds its first page by user
// id and one's own record, and the rest is paged in as the list scrolls (GET /guilds/{id}/members).
// The server sends a large guild's presence changes only to the users who show its list, so the client
// says which list it shows (PUT /users/@me/member-list) as the user navigates.
import { cmpId } from './ids.js';
import { get, put } from './api.js';

export const PAGE = 100; // the server's first page in the snapshot has the same size

// memberPages: guild id -> { cursor: the last user id paged in (the list is whole up to it), done }
export function withMemberPages(state, snap) {
  const memberPages = {};
  for (const g of snap.guilds || []) {
    if (!g.large) continue;
    // The first page is the PAGE lowest ids; one's own record may come on top of it.
    const ids = (g.members || []).map((m) => m.user.id).sort(cmpId);
    const done = ids.length >= (g.member_count || 0);
    memberPages[g.id] = { cursor: ids.length ? ids[Math.min(PAGE, ids.length) - 1] : null, done };
  }
  return { ...state, memberPages };
}

export const isLarge = (state, guildId) => Boolean(guildId && state.guilds[guildId] && state.guilds[guildId].large);

// The members to draw, by user id: those up to the paging cursor (all, once done), so the list has no gaps.
export function pagedMembers(state, guildId) {
  const page = (state.memberPages || {})[guildId] || { cursor: null, done: false };
  const all = Object.values(state.members[guildId] || {}).sort((a, b) => cmpId(a.user.id, b.user.id));
  if (page.done) return all;
  return page.cursor ? all.filter((m) => cmpId(m.user.id, page.cursor) <= 0) : [];
}

export const memberListReducers = {
  // A page from GET /guilds/{id}/members: its members join the store (names, roles and moderation use
  // them too) with their presence, and the cursor moves on.
  // With `refresh`, pages read again: members and presences only, the cursor stays.
  MEMBER_PAGE(state, { guildId, members, after, refresh }) {
    const known = { ...state.members[guildId] };
    const presences = { ...state.presences };
    const customStatuses = { ...state.customStatuses };
    for (const { presence, ...m } of members) {
      known[m.user.id] = { ...m, guild_id: guildId };
      // A page says how each of its members shows now; none said means offline.
      presences[m.user.id] = presence ? presence.status : 'offline';
      if (presence && presence.custom_status) customStatuses[m.user.id] = presence.custom_status;
      else delete customStatuses[m.user.id];
    }
    if (refresh) return { ...state, members: { ...state.members, [guildId]: known }, presences, customStatuses };
    const last = members.length ? members[members.length - 1].user.id : after;
    const memberPages = { ...state.memberPages, [guildId]: { cursor: last, done: members.length < PAGE } };
    return { ...state, members: { ...state.members, [guildId]: known }, presences, customStatuses, memberPages };
  },
};

const loading = new Set();

// Fetches the page after the cursor, once at a time per guild; nothing when the list is whole.
export async function loadNextPage(store, guildId) {
  const page = (store.getState().memberPages || {})[guildId];
  if (loading.has(guildId) || (page && page.done)) return;
  loading.add(guildId);
  try {
    const after = page && page.cursor;
    const members = await get(`/guilds/${guildId}/members?limit=${PAGE}${after ? `&after=${after}` : ''}`);
    store.dispatch('MEMBER_PAGE', { guildId, members, after });
  } catch {
    // Offline or gone: the next scroll asks again.
  } finally {
    loading.delete(guildId);
  }
}

// Reads again the pages already loaded, for their members' presence: while the list was not shown the
// server sent none of their changes (and one may have crossed the telling).
export async function refreshPresences(store, guildId) {
  let after = null;
  for (;;) {
    const page = (store.getState().memberPages || {})[guildId];
    if (!page || !page.cursor || (after && cmpId(after, page.cursor) >= 0)) return;
    let members;
    try {
      members = await get(`/guilds/${guildId}/members?limit=${PAGE}${after ? `&after=${after}` : ''}`);
    } catch {
      return;
    }
    if (!members.length) return;
    store.dispatch('MEMBER_PAGE', { guildId, members, refresh: true });
    after = members[members.length - 1].user.id;
    if (members.length < PAGE) return;
  }
}

// The list shown, told to the server in order (a later choice never overtaken by an earlier one), and
// only when it changes.
let shown;
let telling = Promise.resolve();
// Answers once the server knows (true), or false when nothing changed or it failed.
export function showMemberList(guildId) {
  const id = guildId || null;
  if (id === shown) return Promise.resolve(false);
  shown = id;
  telling = telling.then(() => put('/users/@me/member-list', { guild_id: id }).then(() => true, () => false));
  return telling;
}

// The guild whose list is shown, or null.
export const shownMemberList = () => shown || null;

// After the stream (re)opens (the server forgot the list when the user's last stream closed, or it
// restarted): say it again; answers the guild id once told, else null.
export function resendMemberList() {
  const id = shown;
  shown = undefined;
  return id ? showMemberList(id).then((told) => (told ? id : null)) : Promise.resolve(null);
}
