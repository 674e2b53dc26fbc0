// The chat column: channel header, scrollable history (older pages on scroll-up), composer.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { get } from '../api.js';
import { MenuIcon, MembersIcon } from '../icons.js';
import Message from './Message.js';
import Composer from './Composer.js';
import TypingIndicator from './TypingIndicator.js';
import DmHeader from './DmHeader.js';
import { HOME, dmName, isPrivate } from '../dms.js';
import { useRovingFocus } from '../a11y/rovingFocus.js';

const PAGE = 50;
const NEAR_BOTTOM = 48; // px: "at the bottom" tolerance so sub-pixel scrolls still count
const NEAR_TOP = 80;

export default function MessagePane({ guildId, channelId }) {
  const { state, dispatch } = useApp();
  const channel = channelId && state.channels[channelId];
  const messages = (channelId && state.messages[channelId]) || [];
  const pending = (channelId && state.pending[channelId]) || [];
  const loaded = channelId && state.loaded[channelId];
  const hasMore = channelId && state.hasMore[channelId];

  const listRef = useRef(null);
  // Arrow Up/Down move between messages once the list has focus (Tab reaches it as one stop).
  useRovingFocus(listRef, { items: '[data-testid=message]', self: true });
  const atBottom = useRef(true);
  const restore = useRef(null); // distance from the bottom to keep while older messages are prepended
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [loadError, setLoadError] = useState(null);

  // First page of a channel (again after a resync cleared the cache).
  useEffect(() => {
    if (!channelId || loaded) return;
    let cancelled = false;
    setLoadError(null);
    get(`/channels/${channelId}/messages?limit=${PAGE}`)
      .then((page) => !cancelled && dispatch('MESSAGES_LOADED', { channel_id: channelId, messages: page, limit: PAGE, latest: true }))
      .catch((e) => !cancelled && setLoadError(e.message));
    return () => {
      cancelled = true;
    };
  }, [channelId, loaded]);

  // A newly opened channel starts at its newest message.
  useLayoutEffect(() => {
    atBottom.current = true;
  }, [channelId]);

  async function loadOlder() {
    const el = listRef.current;
    if (!el || loadingOlder || !hasMore || messages.length === 0) return;
    setLoadingOlder(true);
    const cid = channelId;
    try {
      const page = await get(`/channels/${cid}/messages?before=${messages[0].id}&limit=${PAGE}`);
      restore.current = el.scrollHeight - el.scrollTop;
      dispatch('MESSAGES_LOADED', { channel_id: cid, messages: page, limit: PAGE, latest: false });
    } catch (e) {
      setLoadError(e.message);
    } finally {
      setLoadingOlder(false);
    }
  }

  // After every render: keep the reader's place when history grew above them, otherwise
  // follow new messages if they were already at the bottom.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    if (restore.current != null) {
      el.scrollTop = el.scrollHeight - restore.current;
      restore.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    // A short first page may not fill the pane, and then no scroll event would ever ask for more.
    if (loaded && hasMore && !loadingOlder && el.scrollHeight <= el.clientHeight + 1) loadOlder();
  });

  function onScroll() {
    const el = listRef.current;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    if (el.scrollTop < NEAR_TOP) loadOlder();
  }

  const stickToBottom = () => {
    atBottom.current = true;
  };

  return html`
    <main class="message-pane">
      <header class="pane-header">
        <button class="icon-btn mobile-only" data-testid="open-channels-drawer" aria-label="Open channels"
          onClick=${() => dispatch('DRAWER', state.ui.drawer === 'channels' ? null : 'channels')}><${MenuIcon} /></button>
        <div class="channel-header" data-testid="channel-header">
          ${isPrivate(channel) ? html`<${DmHeader} channel=${channel} />` : channel
            ? html`<h2 class="channel-name">${channel.name}</h2>
                ${channel.topic && html`<span class="channel-topic" title=${channel.topic}>${channel.topic}</span>`}`
            : html`<h2 class="channel-name none">${guildId === HOME ? 'Direct Messages' : guildId ? 'No channel' : 'Guildhall'}</h2>`}
        </div>
        ${channel && html`<button class="icon-btn threads-btn" data-testid="open-threads" aria-label="Threads" title="Threads"
          onClick=${() => dispatch('THREAD_PANE', state.ui.threadPane && state.ui.threadPane.channelId === channelId ? null : { channelId })}>Threads</button>`}
        <button class="icon-btn mobile-only" data-testid="open-members-drawer" aria-label="Open member list"
          onClick=${() => dispatch('DRAWER', state.ui.drawer === 'members' ? null : 'members')}><${MembersIcon} /></button>
      </header>
      <div class="message-list" data-testid="message-list" ref=${listRef} onScroll=${onScroll}
        tabindex="0" role="log" aria-label="Messages">
        ${channel && loaded && !hasMore && html`
          <div class="channel-start">
            <h3>${isPrivate(channel) ? dmName(channel) : html`Welcome to #${channel.name}!`}</h3>
            <p class="muted">This is the start of the channel.</p>
          </div>`}
        ${(loadingOlder || (channel && !loaded && !loadError)) && html`<div class="list-status">Loading messages…</div>`}
        ${loadError && html`<div class="list-status error">${loadError}</div>`}
        ${!channel && html`<div class="list-status">${guildId === HOME ? 'Pick a conversation, or start one with Message on a member.' : guildId ? 'Pick or create a text channel.' : 'You are not in any server yet.'}</div>`}
        ${messages.map((m) => html`<${Message} key=${m.id} message=${m} />`)}
        ${pending.map((p) => html`<${Message} key=${'n' + p.nonce} pending=${p} />`)}
      </div>
      ${channel && html`
        <${Composer} key=${channelId} channel=${channel} onSend=${stickToBottom} />
        <${TypingIndicator} channelId=${channelId} />`}
    </main>`;
}
