// Server settings → Reports: the moderation queue (MANAGE_MESSAGES). Each report shows the message as
// it was reported, its author, the reporter, the reason and details; an open one can be dismissed, or
// resolved with an action (delete the message, time out, kick or ban its author) and a note. The list
// follows REPORT_CREATE / REPORT_UPDATE live through the store.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { loadReports, updateReport } from '../actions/reports.js';
import { displayName } from '../store.js';
import { cmpId } from '../ids.js';
import Avatar from './Avatar.js';
import useForm from './useForm.js';
import { ACTIONS, reasonLabel } from '../reports.js';

const STATUSES = [['open', 'Open'], ['resolved', 'Resolved'], ['dismissed', 'Dismissed']];

function ReportItem({ guildId, report }) {
  const { state, dispatch } = useApp();
  const [action, setAction] = useState('none');
  const [note, setNote] = useState('');
  const { busy, error, run } = useForm();
  const reporter = (state.members[guildId] || {})[report.reporter_id];
  const channel = state.channels[report.channel_id];

  async function close(status) {
    const body = { status, note: note.trim() || null };
    if (status === 'resolved') body.action = action;
    await run(() => updateReport(dispatch, guildId, report.id, body));
  }

  return html`
    <li class="report-item" data-testid="report-item" data-report-id=${report.id} data-status=${report.status}>
      <div class="report-head">
        <span class="report-reason" data-testid="report-reason">${reasonLabel(report.reason)}</span>
        <span class="muted small">${channel ? `#${channel.name}` : 'deleted channel'} · ${new Date(report.created_at).toLocaleString()}</span>
      </div>
      <div class="report-message">
        <${Avatar} user=${report.author} />
        <div>
          <div class="report-author" data-testid="report-author">${displayName(report.author)}</div>
          <div class="report-content" data-testid="report-content">${report.content}</div>
        </div>
      </div>
      <div class="small">Reported by <span data-testid="report-reporter">${reporter ? displayName(reporter.user) : 'a former member'}</span></div>
      ${report.details && html`<div class="report-details small" data-testid="report-details-text">${report.details}</div>`}
      ${report.status === 'open'
        ? html`<div class="report-actions">
            <select data-testid="report-action" aria-label="Action" value=${action} onChange=${(e) => setAction(e.currentTarget.value)}>
              ${ACTIONS.map(([id, label]) => html`<option key=${id} value=${id}>${label}</option>`)}
            </select>
            <input data-testid="report-note" aria-label="Note" placeholder="Note (optional)" maxlength="1000" value=${note}
              onInput=${(e) => setNote(e.currentTarget.value)} />
            <button class="btn primary" data-testid="report-resolve" disabled=${busy} onClick=${() => close('resolved')}>Resolve</button>
            <button class="btn" data-testid="report-dismiss" disabled=${busy} onClick=${() => close('dismissed')}>Dismiss</button>
          </div>`
        : html`<div class="small muted" data-testid="report-outcome">${report.status === 'resolved' ? 'Resolved' : 'Dismissed'}
            ${report.action && report.action !== 'none' ? ` · ${(ACTIONS.find(([id]) => id === report.action) || [, report.action])[1]}` : ''}
            ${report.note ? ` · “${report.note}”` : ''}</div>`}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
    </li>`;
}

export default function ReportsTab({ guildId }) {
  const { state, dispatch } = useApp();
  const [status, setStatus] = useState('open');
  const { error, run } = useForm();
  const [loaded, setLoaded] = useState({});

  useEffect(() => {
    run(() => loadReports(dispatch, guildId, status)).then((list) => {
      if (!list) return;
      setLoaded((l) => ({ ...l, [status]: true }));
    });
  }, [guildId, status]);

  const reports = Object.values(state.reports[guildId] || {})
    .filter((r) => r.status === status)
    .sort((a, b) => cmpId(b.id, a.id));

  return html`
    <div class="reports-tab">
      <div class="tabs report-filter" role="tablist" aria-label="Report status">
        ${STATUSES.map(([id, label]) => html`
          <button key=${id} role="tab" class="tab ${status === id ? 'active' : ''}" aria-selected=${status === id}
            data-testid=${`reports-filter-${id}`} onClick=${() => setStatus(id)}>${label}</button>`)}
      </div>
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      ${!loaded[status] && !error && html`<p class="muted">Loading reports…</p>`}
      ${loaded[status] && reports.length === 0 && html`<p class="muted" data-testid="reports-empty">No ${status} reports.</p>`}
      <ul class="report-list">
        ${reports.map((r) => html`<${ReportItem} key=${r.id} guildId=${guildId} report=${r} />`)}
      </ul>
    </div>`;
}
