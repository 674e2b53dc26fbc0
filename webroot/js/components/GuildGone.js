// Told once a guild one was in is gone for a reason one did not choose (ui.modal kind 'guildGone',
// opened by the GUILD_DELETE reducer from the event's reason): kicked, banned, or deleted by its owner.
import { html } from '../html.js';
import Modal from './Modal.js';

const TITLES = {
  kicked: (name) => `You were kicked from ${name}`,
  banned: (name) => `You were banned from ${name}`,
  deleted: (name) => `${name} was deleted`,
};

const DETAILS = {
  kicked: 'A moderator removed you from this server. You can join again with a new invite.',
  banned: 'A moderator banned you from this server. You cannot join it again unless the ban is lifted.',
  deleted: 'Its owner deleted this server, with its channels and messages.',
};

export default function GuildGone({ name, reason, onClose }) {
  const title = (TITLES[reason] || TITLES.deleted)(name);
  return html`
    <${Modal} title=${title} onClose=${onClose} initial="[data-testid=guild-gone-ok]">
      <div class="guild-gone" data-testid="guild-gone" data-reason=${reason}>
        <p>${DETAILS[reason] || DETAILS.deleted}</p>
        <div class="form-actions">
          <button class="btn primary" data-testid="guild-gone-ok" onClick=${onClose}>OK</button>
        </div>
      </div>
    <//>`;
}
