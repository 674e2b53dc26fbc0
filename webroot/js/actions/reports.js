// Message reports: file one; the moderation queue lists and settles them.
import { get, post, patch } from '../api.js';

export const reportMessage = (message, body) =>
  post(`/channels/${message.channel_id}/messages/${message.id}/reports`, body).then(() => true);

export async function loadReports(dispatch, guildId, status, limit) {
  const reports = await get(`/guilds/${guildId}/reports?status=${status}${limit ? `&limit=${limit}` : ''}`);
  dispatch('REPORTS_LOADED', status === 'open' && limit
    ? { guild_id: guildId, reports, open_count: reports.length }
    : { guild_id: guildId, reports });
  return reports;
}

export async function updateReport(dispatch, guildId, reportId, body) {
  const report = await patch(`/guilds/${guildId}/reports/${reportId}`, body);
  dispatch('REPORT_UPDATE', report);
  return report;
}
