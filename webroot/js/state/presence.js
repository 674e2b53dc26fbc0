// Presence and typing in the client store: the status others show, the status I chose, whether this
// device is idle, and who is typing where.
import { omit } from './objects.js';

export const presenceReducers = {

  PRESENCE_UPDATE: (state, { user_id, status, custom_status }) => ({
    ...state,
    presences: { ...state.presences, [user_id]: status },
    customStatuses: custom_status ? { ...state.customStatuses, [user_id]: custom_status } : omit(state.customStatuses, user_id),
    // Someone gone offline (their last stream closed, or the node holding it died) types no more: do not
    // wait for the indicator's own expiry.
    typing: status === 'offline' ? stopTyping(state.typing, user_id) : state.typing,
  }),

  // The status I chose, from this session or another of mine.
  USER_SETTINGS_UPDATE: (state, presence) => ({ ...state, myPresence: presence }),

  // `seen_at` is the local receive time (set by sync), so expiry does not depend on clock skew.
  TYPING_START(state, { channel_id, user_id, seen_at }) {
    return { ...state, typing: { ...state.typing, [channel_id]: { ...state.typing[channel_id], [user_id]: seen_at } } };
  },

  // ---- local actions ----

  AFK: (state, afk) => ({ ...state, afk }),
};

/** `typing` without the user in any channel; the same object when they were typing nowhere. */
function stopTyping(typing, userId) {
  let next = typing;
  for (const [channelId, typists] of Object.entries(typing)) {
    if (typists[userId] !== undefined) next = { ...next, [channelId]: omit(typists, userId) };
  }
  return next;
}
