// Reports and the moderation queue, for the store's reducers. Only moderators (MANAGE_MESSAGES) ever
// hold any of this: the server sends REPORT_* and the snapshot's open_report_count to them alone.
// state.reports: guild id -> { report id -> report }, once the queue has been fetched or an event came.
// The badge's count is the guild's own open_report_count (from the snapshot), moved by the events.

export const REASONS = [
  ['spam', 'Spam'],
  ['harassment', 'Harassment'],
  ['hate', 'Hate speech'],
  ['nsfw', 'NSFW content'],
  ['other', 'Something else'],
];

export const ACTIONS = [
  ['none', 'No action'],
  ['delete_message', 'Delete message'],
  ['timeout', 'Time out author (60 min)'],
  ['kick', 'Kick author'],
  ['ban', 'Ban author'],
];

export const reasonLabel = (r) => (REASONS.find(([id]) => id === r) || [r, r])[1];

// A page of the queue; with open_count (a fetch of the open ones), the badge's count is set from it too.
export function reportsLoaded(state, { guild_id, reports, open_count }) {
  const known = { ...(state.reports[guild_id] || {}) };
  for (const r of reports) known[r.id] = r;
  const next = { ...state, reports: { ...state.reports, [guild_id]: known } };
  const guild = state.guilds[guild_id];
  if (open_count === undefined || !guild) return next;
  return { ...next, guilds: { ...next.guilds, [guild_id]: { ...guild, open_report_count: open_count } } };
}

// A report made (or closed): kept in the queue, and the guild's open count follows, once per change.
export function reportChanged(state, report) {
  const guildId = report.guild_id;
  const before = (state.reports[guildId] || {})[report.id];
  const guild = state.guilds[guildId];
  let next = reportsLoaded(state, { guild_id: guildId, reports: [report] });
  const wasOpen = before ? before.status === 'open' : false;
  const isOpen = report.status === 'open';
  const delta = before ? (wasOpen === isOpen ? 0 : isOpen ? 1 : -1) : isOpen ? 1 : -1;
  if (guild && delta !== 0) {
    const count = Math.max(0, (guild.open_report_count || 0) + delta);
    next = { ...next, guilds: { ...next.guilds, [guildId]: { ...guild, open_report_count: count } } };
  }
  return next;
}

export const openReportCount = (state, guildId) => (state.guilds[guildId] && state.guilds[guildId].open_report_count) || 0;
