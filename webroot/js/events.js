// The server's event catalogue (verticles/guildhall/EventType.java), by the same names:
// EventCatalogueTest fails when the two differ. Every type but the stream-control ones has a reducer
// in store.js.
export const EVENT_TYPES = [
  'MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE', 'MESSAGE_REACTION_ADD', 'MESSAGE_REACTION_REMOVE', 'MESSAGE_ACK',
  'CHANNEL_CREATE', 'CHANNEL_UPDATE', 'CHANNEL_DELETE', 'CHANNEL_RECIPIENT_ADD', 'CHANNEL_RECIPIENT_REMOVE',
  'THREAD_CREATE', 'THREAD_UPDATE', 'THREAD_DELETE',
  'GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE',
  'GUILD_MEMBER_ADD', 'GUILD_MEMBER_UPDATE', 'GUILD_MEMBER_REMOVE',
  'GUILD_ROLE_CREATE', 'GUILD_ROLE_UPDATE', 'GUILD_ROLE_DELETE',
  'GUILD_BAN_ADD', 'GUILD_BAN_REMOVE',
  'RELATIONSHIP_ADD', 'RELATIONSHIP_REMOVE',
  'REPORT_CREATE', 'REPORT_UPDATE',
  'USER_UPDATE', 'USER_SETTINGS_UPDATE', 'USER_GUILD_SETTINGS_UPDATE', 'PRESENCE_UPDATE', 'TYPING_START',
  'RESYNC', 'RESUMED',
];

// Stream control: handled by sync.js itself, never by a reducer.
export const STREAM_CONTROL = new Set(['RESYNC', 'RESUMED']);

// These carry no id; the browser's lastEventId would still show the previous event's id.
export const EPHEMERAL = new Set(['PRESENCE_UPDATE', 'TYPING_START']);
