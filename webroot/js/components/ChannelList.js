// Sidebar: guild header (opens settings), channels grouped under categories, and the user panel.
// The channels are one Tab stop: Arrow Up/Down move between them, Enter opens (a11y/rovingFocus.js).
import { useRef } from 'preact/hooks';
import { html } from '../html.js';
import { useRovingFocus } from '../a11y/rovingFocus.js';
import { useApp } from '../context.js';
import { channelTree } from '../store.js';
import { GearIcon, PlusIcon, BellIcon, BellOffIcon } from '../icons.js';
import UserPanel from './UserPanel.js';
import { myPerms, myChannelPerms, has } from '../permissions.js';
import ReportBadge from './ReportBadge.js';
import { channelSettings, nextMuteEnd, settingsOf } from '../notificationSettings.js';
import useWakeAt from './useWakeAt.js';
import MentionBadge from './MentionBadge.js';
import { isUnread, mentionCount } from '../readstates.js';

// The gear opens channel settings: its fields need MANAGE_CHANNELS, its permissions section MANAGE_ROLES.
function canEditChannel(state, channelId) {
  const p = myChannelPerms(state, channelId);
  return has(p, 'MANAGE_CHANNELS') || has(p, 'MANAGE_ROLES');
}

function ChannelRow({ channel, active, guildId }) {
  const { state, dispatch } = useApp();
  const muted = channelSettings(state, channel).channelMuted; // muted channels are dimmed, as in Discord
  useWakeAt(nextMuteEnd(settingsOf(state, channel.guild_id))); // and lit again when a timed mute ends
  const unread = !active && isUnread(state, channel.id);
  // The gear and the badge sit beside the item, not inside it, so the item's text is exactly the channel name.
  // A right click (on most phones, a long press) opens its notification settings, as Discord's context menu does.
  return html`
    <li class="channel-row ${active ? 'active' : ''} ${muted ? 'muted' : ''} ${unread ? 'unread' : ''}" data-muted=${muted ? 'true' : 'false'}>
      <button class="channel-item" data-testid="channel-item" data-channel-id=${channel.id} data-unread=${unread ? 'true' : 'false'}
        aria-current=${active ? 'page' : undefined}
        onContextMenu=${(e) => { e.preventDefault(); dispatch('MODAL', { kind: 'notificationSettings', guildId, channelId: channel.id }); }}
        onClick=${() => dispatch('SELECT_CHANNEL', { guildId, channelId: channel.id })}>${channel.name}</button>
      ${muted && html`<span class="muted-icon" data-testid="channel-muted-icon" title="Muted" aria-label="Muted"><${BellOffIcon} /></span>`}
      <${MentionBadge} count=${active ? 0 : mentionCount(state, channel.id)} />
      ${canEditChannel(state, channel.id) && html`
        <button class="icon-btn row-action" title="Edit channel" aria-label=${`Edit channel ${channel.name}`}
          onClick=${() => dispatch('MODAL', { kind: 'channelSettings', channelId: channel.id })}><${GearIcon} /></button>`}
    </li>`;
}

export default function ChannelList({ guildId, channelId }) {
  const { state, dispatch } = useApp();
  const guild = guildId && state.guilds[guildId];
  const tree = guild ? channelTree(state, guildId) : { top: [], categories: [] };
  const canCreate = guild && has(myPerms(state, guildId), 'MANAGE_CHANNELS');
  const row = (c) => html`<${ChannelRow} key=${c.id} channel=${c} guildId=${guildId} active=${c.id === channelId} />`;
  const list = useRef(null);
  useRovingFocus(list, { items: '.channel-item', current: '.channel-item[aria-current]' });

  return html`
    <aside class="sidebar">
      <header class="sidebar-header">
        <span class="guild-title" title=${guild ? guild.name : ''}>${guild ? guild.name : 'No server'}</span>
        ${guild && html`<${ReportBadge} guildId=${guildId} />`}
        ${guild && html`
          <button class="icon-btn" data-testid="guild-notifications-button" title="Notification settings" aria-label="Notification settings"
            onClick=${() => dispatch('MODAL', { kind: 'notificationSettings', guildId })}><${BellIcon} /></button>`}
        ${guild && html`
          <button class="icon-btn" data-testid="guild-settings-button" title="Server settings" aria-label="Server settings"
            onClick=${() => dispatch('MODAL', { kind: 'guildSettings', guildId })}><${GearIcon} /></button>`}
      </header>
      <div class="channel-scroll">
        ${guild
          ? html`
            ${canCreate && html`
              <button class="create-channel" data-testid="create-channel-button"
                onClick=${() => dispatch('MODAL', { kind: 'createChannel', guildId })}><${PlusIcon} /> Create channel</button>`}
            <ul class="channel-list" data-testid="channel-list" aria-label="Channels" ref=${list}>
              ${tree.top.map(row)}
              ${tree.categories.map(({ category, channels }) => html`
                <li key=${category.id} class="category">
                  <div class="category-header">
                    <span class="category-name">${category.name}</span>
                    ${canCreate && html`
                      <button class="icon-btn row-action" title="Create channel in category" aria-label=${`Create channel in ${category.name}`}
                        onClick=${() => dispatch('MODAL', { kind: 'createChannel', guildId, parentId: category.id })}><${PlusIcon} /></button>`}
                    ${canEditChannel(state, category.id) && html`
                      <button class="icon-btn row-action" title="Edit category" aria-label=${`Edit category ${category.name}`}
                        onClick=${() => dispatch('MODAL', { kind: 'channelSettings', channelId: category.id })}><${GearIcon} /></button>`}
                  </div>
                  <ul>${channels.map(row)}</ul>
                </li>`)}
            </ul>`
          : html`<p class="empty-hint">Create a server with <b>+</b> or join one from the rail.</p>`}
      </div>
      <${UserPanel} />
    </aside>`;
}
