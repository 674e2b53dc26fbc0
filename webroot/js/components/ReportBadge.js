// The moderation queue's badge on the server header: the open reports, for MANAGE_MESSAGES holders only.
// The count comes with the snapshot; a member who becomes a moderator after it fetches it once.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { loadReports } from '../actions/reports.js';
import { myPerms, has } from '../permissions.js';
import { openReportCount } from '../reports.js';

export default function ReportBadge({ guildId }) {
  const { state, dispatch } = useApp();
  const guild = state.guilds[guildId];
  const holder = !!guild && has(myPerms(state, guildId), 'MANAGE_MESSAGES');
  const unknown = holder && guild.open_report_count === undefined;
  useEffect(() => {
    if (!unknown) return;
    loadReports(dispatch, guildId, 'open', 100).catch(() => {});
  }, [guildId, unknown]);
  const count = openReportCount(state, guildId);
  if (!holder || count === 0) return null;
  return html`
    <button class="report-badge" data-testid="report-badge" title="Open reports" aria-label=${`${count} open reports`}
      onClick=${() => dispatch('MODAL', { kind: 'guildSettings', guildId, tab: 'reports' })}>${count}</button>`;
}
