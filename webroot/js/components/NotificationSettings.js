// What notifies you in a server or one of its channels (Discord's notification settings): all
// messages, only @mentions or nothing (a channel may follow the server's), and mute for a while or
// until turned back on. Each choice is saved at once; your other tabs follow (USER_GUILD_SETTINGS_UPDATE).
import { html } from '../html.js';
import { useApp } from '../context.js';
import { saveGuildSettings } from '../actions/notifications.js';
import Modal from './Modal.js';
import useForm from './useForm.js';
import DesktopNotifications from './DesktopNotifications.js';
import { settingsOf, overrideOf, muteActive, muteBody, ALL_MESSAGES, ONLY_MENTIONS, NOTHING } from '../notificationSettings.js';

const LEVELS = [[ALL_MESSAGES, 'All messages'], [ONLY_MENTIONS, 'Only @mentions'], [NOTHING, 'Nothing']];
const MUTES = [[15, 'For 15 minutes', '15m'], [60, 'For 1 hour', '1h'], [8 * 60, 'For 8 hours', '8h'], [24 * 60, 'For 24 hours', '24h'],
  [null, 'Until I turn it back on', 'forever']];
const INHERIT = 'inherit';

const until = (thing) => {
  const end = thing.mute_config && thing.mute_config.end_time;
  return end ? `Muted until ${new Date(end).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}` : 'Muted until you turn it back on';
};

export default function NotificationSettings({ guildId, channelId, onClose }) {
  const { state, dispatch } = useApp();
  const { busy, error, run } = useForm();
  const guild = state.guilds[guildId];
  const channel = channelId && state.channels[channelId];
  const settings = settingsOf(state, guildId);
  const own = channel ? overrideOf(settings, channel.id) || { channel_id: channel.id, message_notifications: null, muted: false } : settings;
  const muted = muteActive(own, Date.now());
  const level = channel ? own.message_notifications ?? INHERIT : settings.message_notifications;
  const serverLevel = LEVELS.find(([v]) => v === settings.message_notifications)?.[1] || '';

  // One change: of the guild, or of this channel's override.
  async function save(change) {
    const body = channel ? { channel_overrides: [{ channel_id: channel.id, ...change }] } : change;
    await run(() => saveGuildSettings(dispatch, guildId, body));
  }

  const title = channel ? `Notifications: #${channel.name}` : `Notifications: ${guild ? guild.name : 'server'}`;
  const what = channel ? (channel.type === 4 ? 'category' : 'channel') : 'server';
  return html`
    <${Modal} title=${title} onClose=${onClose}>
      <div class="form notification-settings" data-testid="notification-settings">
        <fieldset class="notify-levels" disabled=${busy}>
          <legend>Notify me of</legend>
          ${channel && html`
            <label class="check">
              <input type="radio" name="notify-level" data-testid="notify-level-inherit" checked=${level === INHERIT}
                onChange=${() => save({ message_notifications: null })} /> Follow the server (${serverLevel})
            </label>`}
          ${LEVELS.map(([value, label]) => html`
            <label key=${value} class="check">
              <input type="radio" name="notify-level" data-testid=${`notify-level-${value}`} checked=${level === value}
                onChange=${() => save({ message_notifications: value })} /> ${label}
            </label>`)}
        </fieldset>
        <fieldset class="notify-mute" disabled=${busy}>
          <legend>Mute this ${what}</legend>
          ${muted
            ? html`<p class="mute-state" data-testid="mute-state">${until(own)}</p>
                <button type="button" class="btn" data-testid="unmute" onClick=${() => save(muteBody(false))}>Unmute</button>`
            : html`<div class="mute-choices">${MUTES.map(([minutes, label, id]) => html`
                <button key=${id} type="button" class="btn" data-testid=${`mute-${id}`}
                  onClick=${() => save(muteBody(true, minutes))}>${label}</button>`)}</div>`}
        </fieldset>
        ${error && html`<p class="form-error" role="alert">${error}</p>`}
        <${DesktopNotifications} />
        <div class="form-actions"><button type="button" class="btn primary" data-testid="notification-settings-done" onClick=${onClose}>Done</button></div>
      </div>
    <//>`;
}
