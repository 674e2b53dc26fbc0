// The chat column: channel header, scrollable history (older pages on scroll-up), composer.
// The list is laid out here once per render (runs by author, date dividers, names and colours, the
// channel's permission flags) and each row gets only its own props, so rows render again only when
// they change. The pane also holds what spans rows: the reply being written, the message being
// edited, the jump to a quoted message, and the "jump to present" bar.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useSelector, useStore, shallowEqual } from '../context.js';
import { loadLatest, loadBefore, PAGE } from '../actions/messages.js';
import { cmpId } from '../ids.js';
import { MenuIcon, MembersIcon, BellIcon } from '../icons.js';
import { layoutMessages } from '../messageList.js';
import { MemoMessageRow, rowInfo, useChannelFlags } from './Message.js';
import { PaneContext } from './paneContext.js';
import JumpToPresent from './JumpToPresent.js';
import Composer from './Composer.js';
import TypingIndicator from './TypingIndicator.js';
import DmHeader from './DmHeader.js';
import NewMessagesLine from './NewMessagesLine.js';
import { firstUnreadId } from '../readstates.js';
import { HOME, dmName, isPrivate } from '../dms.js';
import { useRovingFocus } from '../a11y/rovingFocus.js';

const NEAR_BOTTOM = 48; // px: "at the bottom" tolerance so sub-pixel scrolls still count
const NEAR_TOP = 80;
const JUMP_PAGE = 100; // older pages fetched while looking for a quoted message
const HIGHLIGHT_MS = 3000;

const focusComposer = () => setTimeout(() => {
  const el = document.querySelector('.message-pane [data-testid="composer"]');
  if (el) el.focus();
}, 0);

export default function MessagePane({ guildId, channelId }) {
  // Rendered again only when something it draws changes: a typing or presence event changes none of
  // these, so the list (and its 5,000 rows' comparisons) is left alone. The render reads the state itself.
  const store = useStore();
  const { dispatch } = store;
  useSelector((s) => ({
    channels: s.channels, threads: s.threads, guilds: s.guilds, members: s.members, roles: s.roles,
    me: s.me, blocked: s.blocked, deleted: s.deleted, readMarkers: s.readMarkers, readState: s.readStates[channelId],
    messages: s.messages[channelId], pending: s.pending[channelId], loaded: s.loaded[channelId], hasMore: s.hasMore[channelId],
    drawer: s.ui.drawer, threadPane: s.ui.threadPane,
  }), shallowEqual);
  const state = store.getState();
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
  const [reply, setReply] = useState(null); // { message, name, color }
  const [editingId, setEditingId] = useState(null);
  const [highlight, setHighlight] = useState(null); // { id, at }
  const [away, setAway] = useState(false); // scrolled up from the newest message
  const seenId = useRef(null); // the newest message when the reader scrolled away
  const reveal = useRef(null); // a message to scroll to once it is rendered
  const jumping = useRef(false);
  const flags = useChannelFlags(state, channelId);
  const current = useRef({});
  current.current = { channelId, messages };

  // Replies and edits belong to the channel they were started in.
  useEffect(() => {
    setReply(null);
    setEditingId(null);
    setHighlight(null);
    setAway(false);
  }, [channelId]);

  useEffect(() => {
    if (!highlight) return undefined;
    const t = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [highlight]);

  function scrollToMessage(id) {
    const el = listRef.current && listRef.current.querySelector(`[data-message-id="${id}"]`);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    atBottom.current = false;
    return true;
  }

  // A click on a quote: the original is found in what is loaded, or by loading older pages until
  // it shows up (or the history runs out before it, and it was deleted).
  async function jumpTo(id) {
    const cid = channelId;
    if (jumping.current) return;
    jumping.current = true;
    try {
      for (;;) {
        const s = store.getState();
        const list = s.messages[cid] || [];
        if (list.some((x) => x.id === id)) {
          if (!scrollToMessage(id)) reveal.current = id;
          setHighlight({ id, at: Date.now() });
          return;
        }
        if (!s.hasMore[cid] || list.length === 0 || cmpId(list[0].id, id) < 0 || current.current.channelId !== cid) return;
        await loadBefore(dispatch, cid, list[0].id, JUMP_PAGE, () => {
          const el = listRef.current;
          if (el) restore.current = el.scrollHeight - el.scrollTop;
        });
      }
    } catch (e) {
      setLoadError(e.message);
    } finally {
      jumping.current = false;
    }
  }
  const jumpRef = useRef(jumpTo);
  jumpRef.current = jumpTo;

  // One object for every row, for as long as the pane lives: rows compare props by identity.
  const actions = useMemo(() => ({
    reply(message, name, color) {
      setEditingId(null);
      setReply({ message, name, color });
      focusComposer();
    },
    edit(id) {
      setEditingId(id);
      if (id == null) focusComposer();
    },
    jump: (id) => jumpRef.current(id),
  }), []);

  const pane = useMemo(() => ({
    reply,
    setReply,
    // Up in an empty composer: edit my newest message, if there is one in view of the list.
    editLast() {
      const me = store.getState().me;
      const list = current.current.messages;
      for (let i = list.length - 1; i >= 0; i--) {
        if (me && list[i].author && list[i].author.id === me.id) {
          setReply(null);
          setEditingId(list[i].id);
          return true;
        }
      }
      return false;
    },
  }), [reply]);

  // First page of a channel (again after a resync cleared the cache).
  useEffect(() => {
    if (!channelId || loaded) return;
    let cancelled = false;
    setLoadError(null);
    loadLatest(dispatch, channelId, PAGE)
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
    if (!el || loadingOlder || jumping.current || !hasMore || messages.length === 0) return;
    setLoadingOlder(true);
    const cid = channelId;
    try {
      await loadBefore(dispatch, cid, messages[0].id, PAGE, () => {
        restore.current = el.scrollHeight - el.scrollTop;
      });
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
    if (reveal.current && scrollToMessage(reveal.current)) reveal.current = null;
    // A short first page may not fill the pane, and then no scroll event would ever ask for more.
    if (loaded && hasMore && !loadingOlder && el.scrollHeight <= el.clientHeight + 1) loadOlder();
  });

  function onScroll() {
    const el = listRef.current;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    if (!atBottom.current && !away) seenId.current = messages.length ? messages[messages.length - 1].id : null;
    if (away === atBottom.current) setAway(!atBottom.current);
    if (el.scrollTop < NEAR_TOP) loadOlder();
  }

  const stickToBottom = () => {
    atBottom.current = true;
    setAway(false);
  };

  function jumpToPresent() {
    const el = listRef.current;
    stickToBottom();
    if (el) el.scrollTop = el.scrollHeight;
  }

  // Messages that came in while the reader was scrolled up.
  const unseen = away && seenId.current ? messages.filter((m) => cmpId(m.id, seenId.current) > 0).length : 0;

  // New messages from others are read out once each, by one polite live region (not by every row).
  const [announcement, setAnnouncement] = useState('');
  const lastSeen = useRef({ channelId: null, id: null });
  const newest = messages.length ? messages[messages.length - 1] : null;
  useEffect(() => {
    const prev = lastSeen.current;
    lastSeen.current = { channelId, id: newest && newest.id };
    if (!newest || prev.channelId !== channelId || !prev.id || cmpId(newest.id, prev.id) <= 0) return;
    if (state.me && newest.author && newest.author.id === state.me.id) return;
    setAnnouncement(`${rowInfo(state, flags.guildId, newest).name}: ${newest.content}`);
  }, [channelId, newest && newest.id]);

  // One flat, keyed list (dividers and rows), so that a page prepended above keeps every row mounted.
  const people = new Map();
  const byId = new Map(messages.map((m) => [m.id, m]));
  const firstUnread = firstUnreadId(state, channelId, messages); // where the "new messages" line goes
  const rows = layoutMessages([...messages, ...pending]).flatMap(({ m, head, day }) => {
    const isPending = !m.id || pending.includes(m);
    const key = isPending ? 'n' + m.nonce : m.id;
    const row = html`<${MemoMessageRow} key=${key} message=${isPending ? undefined : m} pending=${isPending ? m : undefined}
      head=${head} flags=${flags} actions=${actions} editing=${!isPending && editingId === m.id}
      highlighted=${!!highlight && highlight.id === m.id} ...${rowInfo(state, flags.guildId, m, people, byId)} />`;
    const out = [];
    if (day) out.push(html`<div key=${'d' + key} class="date-divider" role="separator" data-testid="date-separator"><span>${day}</span></div>`);
    if (!isPending && m.id === firstUnread) out.push(html`<${NewMessagesLine} key="new-messages-line" />`);
    out.push(row);
    return out;
  });


  // The list is focusable for the arrow keys; new messages are read out by the polite announcer below,
  // once each, rather than by the whole list as a live region (which would read every row's controls).
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
        ${channel && channel.guild_id && html`<button class="icon-btn" data-testid="channel-notifications-button" aria-label="Notification settings"
          title="Notification settings" onClick=${() => dispatch('MODAL', { kind: 'notificationSettings', guildId: channel.guild_id, channelId })}><${BellIcon} /></button>`}
        ${channel && html`<button class="icon-btn threads-btn" data-testid="open-threads" aria-label="Threads" title="Threads"
          onClick=${() => dispatch('THREAD_PANE', state.ui.threadPane && state.ui.threadPane.channelId === channelId ? null : { channelId })}>Threads</button>`}
        <button class="icon-btn mobile-only" data-testid="open-members-drawer" aria-label="Open member list"
          onClick=${() => dispatch('DRAWER', state.ui.drawer === 'members' ? null : 'members')}><${MembersIcon} /></button>
      </header>
      <div class="message-list-wrap">
      <div class="message-list" data-testid="message-list" ref=${listRef} onScroll=${onScroll}
        tabindex="0" role="region" aria-label="Messages">
        ${channel && loaded && !hasMore && html`
          <div class="channel-start">
            <h3>${isPrivate(channel) ? dmName(channel) : html`Welcome to #${channel.name}!`}</h3>
            <p class="muted">This is the start of the channel.</p>
          </div>`}
        ${(loadingOlder || (channel && !loaded && !loadError)) && html`<div class="list-status">Loading messages…</div>`}
        ${loadError && html`<div class="list-status error">${loadError}</div>`}
        ${!channel && html`<div class="list-status">${guildId === HOME ? 'Pick a conversation, or start one with Message on a member.' : guildId ? 'Pick or create a text channel.' : 'You are not in any server yet.'}</div>`}
        ${rows}
      </div>
      ${away && channel && html`<${JumpToPresent} count=${unseen} onJump=${jumpToPresent} />`}
      </div>
      <div class="sr-only" aria-live="polite" data-testid="message-announcer">${announcement}</div>
      ${channel && html`
        <${PaneContext.Provider} value=${pane}>
          <${Composer} key=${channelId} channel=${channel} onSend=${stickToBottom} />
        <//>
        <${TypingIndicator} channelId=${channelId} />`}
    </main>`;
}
