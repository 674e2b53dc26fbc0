// What this tab shows, in the client store: the open guild and channel, the drawer and dialog on
// screen, in-app notices, and the connection's state. Local actions only, never an event.
import { HOME } from '../dms.js';

export const uiReducers = {
  // The profile card of a user, opened from a name or avatar at (x, y) in the viewport; null closes it.
  PROFILE: (state, profile) => ({ ...state, ui: { ...state.ui, profile } }),

  NOTICE: (state, notice) => ({ ...state, notices: [...state.notices.filter((n) => n.id !== notice.id), notice].slice(-3) }),

  NOTICE_DISMISS: (state, id) => ({ ...state, notices: state.notices.filter((n) => n.id !== id) }),

  CONNECTION: (state, connection) => ({ ...state, connection }),

  SELECT_GUILD(state, guildId) {
    // Home opens on its list of DMs, not on the last one read (which would mark what came in as read).
    return { ...state, ui: { ...state.ui, guildId, channelId: guildId === HOME ? null : state.ui.lastChannel[guildId] || null } };
  },

  SELECT_CHANNEL(state, { guildId, channelId }) {
    return {
      ...state,
      ui: { ...state.ui, guildId, channelId, drawer: null, lastChannel: { ...state.ui.lastChannel, [guildId]: channelId } },
    };
  },

  DRAWER: (state, drawer) => ({ ...state, ui: { ...state.ui, drawer } }),

  MODAL: (state, modal) => ({ ...state, ui: { ...state.ui, modal } }),
};
