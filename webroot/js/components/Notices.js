// In-app notifications (see notifications.js): top right, each dismissed after a few seconds, or
// opened with a click.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';

const SHOW_MS = 6000;

function Notice({ notice }) {
  const { dispatch } = useApp();
  useEffect(() => {
    const t = setTimeout(() => dispatch('NOTICE_DISMISS', notice.id), SHOW_MS);
    return () => clearTimeout(t);
  }, [notice.id]);
  const open = () => {
    dispatch('NOTICE_DISMISS', notice.id);
    if (notice.guildId) dispatch('SELECT_CHANNEL', { guildId: notice.guildId, channelId: notice.channelId });
  };
  return html`
    <button class="notice" data-testid="notice" onClick=${open}>
      <strong>${notice.title}</strong>
      <span>${notice.body}</span>
    </button>`;
}

export default function Notices() {
  const { state } = useApp();
  if (!state.notices.length) return null;
  return html`<div class="notices" role="status" aria-live="polite">
    ${state.notices.map((n) => html`<${Notice} key=${n.id} notice=${n} />`)}
  </div>`;
}
