// "Report message": a reason and optional details, sent to the guild's moderators. The author is never
// told who reported them; the reporter sees only that it was sent.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { reportMessage } from '../actions/reports.js';
import { displayName } from '../store.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import { REASONS } from '../reports.js';

export default function ReportDialog({ message, onClose }) {
  const [reason, setReason] = useState('');
  const [details, setDetails] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useForm();

  async function submit(e) {
    e.preventDefault();
    if (!reason) return;
    const body = { reason, details: details.trim() || null };
    const ok = await run(() => reportMessage(message, body));
    if (ok) setSent(true);
  }

  return html`
    <${Modal} title="Report message" onClose=${onClose}>
      ${sent
        ? html`<div class="report-sent" data-testid="report-sent">
            <p>Thanks. The server's moderators will look at it.</p>
            <div class="form-actions"><button class="btn primary" onClick=${onClose}>Close</button></div>
          </div>`
        : html`<form class="form report-form" onSubmit=${submit}>
            <blockquote class="report-quote"><strong>${displayName(message.author)}</strong> ${message.content}</blockquote>
            <fieldset class="report-reasons">
              <legend>Why are you reporting it?</legend>
              ${REASONS.map(([id, label]) => html`
                <label key=${id} class="check">
                  <input type="radio" name="report-reason" value=${id} data-testid=${`report-reason-${id}`}
                    checked=${reason === id} onChange=${() => setReason(id)} /> ${label}
                </label>`)}
            </fieldset>
            <label>Details (optional)
              <textarea data-testid="report-details" maxlength="1000" rows="3" value=${details}
                onInput=${(e) => setDetails(e.currentTarget.value)} />
            </label>
            ${error && html`<p class="form-error" role="alert">${error}</p>`}
            <div class="form-actions">
              <button type="button" class="btn" onClick=${onClose}>Cancel</button>
              <button type="submit" class="btn danger" data-testid="report-submit" disabled=${busy || !reason}>Report</button>
            </div>
          </form>`}
    <//>`;
}
