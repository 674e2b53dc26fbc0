// Creates an invite and shows its code and link, with a copy button.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { createInvite } from '../actions/guilds.js';
import useForm from './useForm.js';

export const inviteLink = (code) => `${location.origin}/#/invite/${code}`;

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a selected textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export default function InvitePanel({ guildId }) {
  const [invite, setInvite] = useState(null);
  const [copied, setCopied] = useState(false);
  const { busy, error, run } = useForm();

  async function create() {
    setCopied(false);
    const inv = await run(() => createInvite(guildId));
    if (inv) setInvite(inv);
  }

  return html`
    <section class="section">
      <h3>Invite people</h3>
      <p class="muted small">Invites last 24 hours.</p>
      ${invite && html`
        <div class="invite-box">
          <code class="invite-code" data-testid="invite-code">${invite.code}</code>
          <button class="btn" data-testid="copy-invite" onClick=${async () => setCopied(await copy(invite.code))}>
            ${copied ? 'Copied' : 'Copy'}</button>
        </div>
        <p class="muted small">Link: <span class="invite-link">${inviteLink(invite.code)}</span></p>`}
      ${error && html`<p class="form-error" role="alert">${error}</p>`}
      <button class="btn primary" data-testid="create-invite-button" disabled=${busy} onClick=${create}>
        ${invite ? 'Create another invite' : 'Create invite'}</button>
    </section>`;
}
