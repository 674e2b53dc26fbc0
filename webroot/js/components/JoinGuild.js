// Joining: by invite (a bare code or a whole invite link) or from the public directory.
// Both sections are on one screen so neither is hidden behind an extra click.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { listPublicGuilds, joinByInvite, joinPublicGuild } from '../actions/guilds.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import { adoptGuild } from '../guilds.js';

// Accepts "AbC123", "https://host/#/invite/AbC123", "https://host/invite/AbC123?x=y", "https://host/AbC123".
export function parseInvite(input) {
  const s = (input || '').trim();
  const m =
    /invite\/([A-Za-z0-9]{4,32})(?![A-Za-z0-9])/.exec(s) ||
    /^([A-Za-z0-9]{4,32})$/.exec(s) ||
    /\/([A-Za-z0-9]{4,32})\/?(?:\?.*)?$/.exec(s);
  return m ? m[1] : null;
}

export default function JoinGuild({ onClose, code: initialCode }) {
  const { state, dispatch, store } = useApp();
  const [tab, setTab] = useState('invite');
  const [code, setCode] = useState(initialCode || '');
  const [directory, setDirectory] = useState(null);
  const [dirError, setDirError] = useState(null);
  const { busy, error, setError, run } = useForm();

  useEffect(() => {
    listPublicGuilds().then(setDirectory, (e) => setDirError(e.message));
  }, []);

  function joined(g) {
    onClose();
    adoptGuild(store, g);
  }

  async function joinInvite(e) {
    e.preventDefault();
    const c = parseInvite(code);
    if (!c) return setError('That does not look like an invite code or link.');
    const g = await run(() => joinByInvite(c));
    if (g) joined(g);
  }

  async function joinPublic(id) {
    if (state.guilds[id]) {
      dispatch('SELECT_GUILD', id);
      return onClose();
    }
    const g = await run(() => joinPublicGuild(id));
    if (g) joined(g);
  }

  return html`
    <${Modal} title="Join a server" onClose=${onClose} wide>
      <div class="tabs" role="tablist">
        <button role="tab" class="tab ${tab === 'invite' ? 'active' : ''}" aria-selected=${tab === 'invite'}
          onClick=${() => { setTab('invite'); document.getElementById('join-invite')?.scrollIntoView({ block: 'nearest' }); }}>Invite code</button>
        <button role="tab" class="tab ${tab === 'directory' ? 'active' : ''}" aria-selected=${tab === 'directory'}
          onClick=${() => { setTab('directory'); document.getElementById('join-directory')?.scrollIntoView({ block: 'nearest' }); }}>Public servers</button>
      </div>
      <form id="join-invite" class="form section ${tab === 'invite' ? 'focus' : ''}" onSubmit=${joinInvite}>
        <label>Invite link or code
          <input data-testid="join-invite-code" placeholder="https://…/#/invite/AbC123 or AbC123" value=${code}
            onInput=${(e) => setCode(e.currentTarget.value)} onFocus=${() => setTab('invite')} />
        </label>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <div class="form-actions">
          <button type="submit" class="btn primary" data-testid="join-invite-submit" disabled=${busy}>Join with invite</button>
        </div>
      </form>
      <section id="join-directory" class="section ${tab === 'directory' ? 'focus' : ''}">
        <h3>Public servers</h3>
        ${dirError && html`<p class="form-error">${dirError}</p>`}
        ${!directory && !dirError && html`<p class="muted">Loading…</p>`}
        <ul class="directory-list" data-testid="directory-list">
          ${directory && directory.length === 0 && html`<li class="muted">No public servers yet.</li>`}
          ${(directory || []).map((g) => html`
            <li key=${g.id} class="directory-row" data-guild-id=${g.id}>
              <div class="directory-info">
                <div class="directory-name">${g.name}</div>
                ${g.description && html`<div class="muted small">${g.description}</div>`}
                <div class="muted small">${g.member_count ?? 0} member${g.member_count === 1 ? '' : 's'}</div>
              </div>
              <button class="btn primary" data-testid="directory-join" data-guild-id=${g.id} disabled=${busy}
                onClick=${() => joinPublic(g.id)}>${state.guilds[g.id] ? 'Open' : 'Join'}</button>
            </li>`)}
        </ul>
      </section>
    <//>`;
}
