// One message row, as Discord draws it: the first of a run shows avatar, name and time, the rest only
// their text (the time shows on hover); a reply has its quote above. Actions are in a toolbar on
// hover, or in a sheet on a long press on a touch screen. Content is interpolated as text (htm
// escapes it), never as HTML. Confirmed messages carry data-message-id; optimistic ones are wrapped
// in a pending/failed marker.
//
// The row is memoized and takes everything it shows as props (the list works them out once per
// render, and the channel's permission flags once per channel), so a typing or presence event
// renders no row again, and an edit renders only its own.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp, useStore } from '../context.js';
import { editMessage } from '../actions/messages.js';
import { retryMessage } from '../outbox.js';
import { memo } from '../memo.js';
import { memberName } from '../names.js';
import Avatar from './Avatar.js';
import { myChannelPerms, has } from '../permissions.js';
import { memberColor } from '../roles.js';
import { ReactionChips } from './Reactions.js';
import BlockedMessage from './BlockedMessage.js';
import { isBlocked } from '../dms.js';
import ThreadChip from './ThreadChip.js';
import MessageToolbar from './MessageToolbar.js';
import MessageMenu from './MessageMenu.js';
import DeleteConfirm from './DeleteConfirm.js';
import ReplyQuote from './ReplyQuote.js';
import { messageActions, deleteMessage } from './messageActions.js';
import Markdown from './Markdown.js';
import { openProfile } from '../profile.js';

const LONG_PRESS_MS = 500;
const PRESS_SLOP_PX = 10; // a finger that moves this far is scrolling, not pressing

export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return `Today at ${time}`;
  return `${d.toLocaleDateString()} ${time}`;
}

const shortTime = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
};

// What I may do with the messages of a channel (or thread): worked out once per channel.
export function channelFlags(state, channelId) {
  const perms = myChannelPerms(state, channelId);
  const channel = state.channels[channelId];
  const thread = state.threads && state.threads[channelId];
  return {
    guildId: (channel && channel.guild_id) || (thread && thread.guild_id) || null,
    inGuild: !!(channel && channel.guild_id), // reports are for guild channels
    canManage: has(perms, 'MANAGE_MESSAGES'),
    canReact: has(perms, 'ADD_REACTIONS'),
    canSend: has(perms, 'SEND_MESSAGES'),
    // Threads start from messages of a channel (not of a thread).
    canThread: !!channel && has(perms, 'CREATE_PUBLIC_THREADS'),
  };
}

// The same flags object for as long as they are the same, so that rows can compare it by identity.
export function useChannelFlags(state, channelId) {
  const flags = channelFlags(state, channelId);
  const key = Object.values(flags).join('|');
  return useMemo(() => flags, [key]);
}

// The per-message props a row shows, from the state (names and colours follow nickname and role
// changes). `people` (user id -> { name, color }) saves working a member out again for each of their
// messages; `byId` (the loaded messages) lets a quote show its original as it is now, edits included.
export function rowInfo(state, guildId, m, people = new Map(), byId = null) {
  const person = (user) => {
    if (!user) return { name: memberName(state, guildId, user), color: null };
    let p = people.get(user.id);
    if (!p) {
      p = { name: memberName(state, guildId, user), color: guildId ? memberColor(state, guildId, user.id) : null };
      people.set(user.id, p);
    }
    return p;
  };
  const ref = m.message_reference;
  const quote = ref ? (byId && byId.get(ref.message_id)) || m.referenced_message : null;
  const author = person(m.author);
  const quoted = quote && person(quote.author);
  return {
    name: author.name,
    color: author.color,
    mine: !!(state.me && m.author && m.author.id === state.me.id),
    thread: (state.threads && state.threads[m.id]) || m.thread || null,
    blocked: !!guildId && isBlocked(state, m.author && m.author.id),
    quote,
    quoteName: quoted ? quoted.name : null,
    quoteColor: quoted ? quoted.color : null,
    quoteDeleted: !!ref && (!quote || !!state.deleted[ref.message_id]),
  };
}

function EditBox({ message, onDone }) {
  const [text, setText] = useState(message.content);
  const [error, setError] = useState(null);
  const { dispatch } = useStore();
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    const content = text.trim();
    if (!content || content === message.content) return onDone();
    try {
      await editMessage(dispatch, message, content);
      onDone();
    } catch (e) {
      setError(e.message);
    }
  }

  function onKeyDown(e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      onDone();
    }
  }

  return html`
    <div class="edit-box">
      <textarea ref=${ref} data-testid="message-edit-input" rows="2" value=${text}
        onInput=${(e) => setText(e.currentTarget.value)} onKeyDown=${onKeyDown} />
      <div class="edit-hint">escape to <button class="link" data-testid="message-edit-cancel" onClick=${onDone}>cancel</button> • enter to
        <button class="link" data-testid="message-edit-save" onClick=${save}>save</button></div>
      ${error && html`<div class="form-error">${error}</div>`}
    </div>`;
}

// Touches inside a dialog or sheet that the row holds are not presses on the row.
const inPopup = (e) => e.target && e.target.closest && e.target.closest('.modal-backdrop, .sheet-backdrop');

function MessageRow(props) {
  const { message, pending, head, name, color, mine, flags, thread, blocked, editing, highlighted,
    quote: quoted, quoteName, quoteColor, quoteDeleted, actions } = props;
  const store = useStore();
  const [error, setError] = useState(null);
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [menu, setMenu] = useState(false);
  const press = useRef(null);
  const m = message || pending;

  if (message && !revealed && blocked) {
    return html`<${BlockedMessage} onShow=${() => setRevealed(true)} />`;
  }

  const remove = () => deleteMessage(store, m);
  const row = {
    ...props, message: m, store,
    startEdit: () => actions.edit(m.id),
    // Shift-click deletes at once, as in Discord.
    askDelete: (e) => (e && e.shiftKey ? remove().catch((x) => setError(x.message)) : setConfirming(true)),
  };

  const cancelPress = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };
  const touch = !pending && !editing && {
    onTouchStart(e) {
      if (inPopup(e) || e.touches.length !== 1) return cancelPress();
      const t = e.touches[0];
      const p = { x: t.clientX, y: t.clientY, fired: false };
      p.timer = setTimeout(() => {
        p.fired = true;
        setMenu(true);
      }, LONG_PRESS_MS);
      press.current = p;
    },
    onTouchMove(e) {
      const p = press.current;
      const t = e.touches[0];
      if (p && t && Math.hypot(t.clientX - p.x, t.clientY - p.y) > PRESS_SLOP_PX) cancelPress();
    },
    onTouchEnd(e) {
      const p = press.current;
      cancelPress();
      if (p && p.fired) e.preventDefault(); // no click under the finger once the menu is open
    },
    onTouchCancel: cancelPress,
    // A long press would also open the browser's own menu.
    onContextMenu: (e) => press.current && press.current.fired && e.preventDefault(),
  };

  // The author's name and avatar open their profile card.
  const profile = (e) => m.author && openProfile(store.dispatch, e, { userId: m.author.id, guildId: flags && flags.guildId, user: m.author });
  const gutter = head
    ? html`<button type="button" class="avatar-button" data-testid="message-avatar" tabindex="-1"
        aria-label=${`Profile of ${name}`} onClick=${profile}><${Avatar} user=${m.author} /></button>`
    : html`<time class="message-gutter-time" datetime=${m.timestamp} title=${formatTime(m.timestamp)}>${shortTime(m.timestamp)}</time>`;
  const body = html`
    ${head && html`<div class="message-meta">
      <button type="button" class="message-author" data-testid="message-author" style=${color ? `color:${color}` : undefined}
        onClick=${profile}>${name}</button>
      <time class="message-time" datetime=${m.timestamp}>${formatTime(m.timestamp)}</time>
    </div>`}
    ${editing
      ? html`<${EditBox} message=${m} onDone=${() => actions.edit(null)} />`
      : html`<div class="message-text">
          <span class="message-content" data-testid="message-content"><${Markdown} message=${m} /></span>
          ${m.edited_timestamp && html` <span class="edited" title=${formatTime(m.edited_timestamp)}>(edited)</span>`}
        </div>`}`;
  const quote = m.message_reference && html`<${ReplyQuote} quote=${quoted} name=${quoteName}
    color=${quoteColor} deleted=${quoteDeleted} onJump=${actions.jump} />`;
  const cls = `message ${head ? 'head' : 'cont'}`;

  if (pending) {
    const failed = pending.status === 'failed';
    return html`
      <div class="${cls} ${failed ? 'failed' : 'pending'}" data-testid="message">
        ${quote}
        <div class="message-main">
          ${gutter}
          <div class="message-body">
            ${failed
              ? html`<div data-testid="message-failed">${body}</div>
                  <div class="send-error">
                    <span>${pending.resend ? 'Not sent yet: it goes again once the connection is back' : `Not sent${pending.error ? `: ${pending.error}` : ''}`}</span>
                    <button class="link" data-testid="message-retry" onClick=${() => retryMessage(store, pending)}>Retry</button>
                    <button class="link" data-testid="message-discard" onClick=${() => store.dispatch('MESSAGE_DISCARD', pending)}>Discard</button>
                  </div>`
              : html`<div data-testid="message-pending">${body}</div>
                  ${pending.status === 'waiting' &&
                  html`<div class="send-waiting" data-testid="message-waiting">Sending too fast: this one goes out in a moment</div>`}`}
          </div>
        </div>
      </div>`;
  }

  const { primary, more } = messageActions(row);
  return html`
    <div class="${cls}${highlighted ? ' highlighted' : ''}${menu ? ' menu-open' : ''}" data-testid="message" data-message-id=${m.id}
      data-head=${head ? 'true' : 'false'} data-highlighted=${highlighted ? 'true' : undefined} ...${touch}>
      ${quote}
      <div class="message-main">
        ${gutter}
        <div class="message-body">
          ${body}
          <${ReactionChips} message=${m} canReact=${flags.canReact} onError=${setError} />
          <${ThreadChip} message=${m} thread=${thread} />
          ${error && html`<div class="form-error">${error}</div>`}
        </div>
      </div>
      ${!editing && html`<${MessageToolbar} message=${m} canReact=${flags.canReact} primary=${primary} more=${more} onError=${setError} />`}
      ${menu && html`<${MessageMenu} store=${store} message=${m} canReact=${flags.canReact} items=${[...primary, ...more]}
        onClose=${() => setMenu(false)} onError=${setError} />`}
      ${confirming && html`<${DeleteConfirm} message=${m} name=${name} color=${color} onConfirm=${remove}
        onClose=${() => setConfirming(false)} />`}
    </div>`;
}

export const MemoMessageRow = memo(MessageRow);

// A message where there is no list to work its props out (the thread pane): each one reads the
// state itself, and still renders its row only when what the row shows has changed.
export default function Message({ message, pending }) {
  const { state } = useApp();
  const [editing, setEditing] = useState(false);
  const actions = useMemo(() => ({ edit: (id) => setEditing(id != null) }), []);
  const m = message || pending;
  const flags = useChannelFlags(state, m.channel_id);
  return html`<${MemoMessageRow} message=${message} pending=${pending} head=${true} flags=${flags} actions=${actions}
    editing=${editing} highlighted=${false} ...${rowInfo(state, flags.guildId, m)} />`;
}
