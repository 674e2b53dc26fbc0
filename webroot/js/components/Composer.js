// Message input: Enter sends, Shift+Enter adds a line; on a touch screen Enter adds a line and the
// Send button sends. A counter shows near the 2,000-character limit, and a longer message is stopped
// here with plain words rather than by the server. Each channel keeps its draft (for this tab).
// Typing pings go out at most every 5 s. Completions (@mentions, :emoji:) and their keys are in
// useSuggestions; the emoji button opens the picker that reactions share.
// Without SEND_MESSAGES, or while timed out, a reason shows instead (until the timeout ends). A
// thread's pane uses it too, with its own rule for who may write (`blockedReason`) and test ids.
import { useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { startTyping } from '../actions/messages.js';
import { sendMessage } from '../outbox.js';
import { guildContext, myChannelPerms, has, timedOutUntil, computeBase } from '../permissions.js';
import { dmName, isPrivate } from '../dms.js';
import { formatUntil } from './MemberManage.js';
import useWakeAt from './useWakeAt.js';
import useSuggestions, { expandShortcodes } from './useSuggestions.js';
import Autocomplete from './Autocomplete.js';
import { EmojiButton } from './EmojiPicker.js';
import ReplyBar, { useReply } from './ReplyBar.js';
import useComposerKeys from './useComposerKeys.js';

const TYPING_EVERY = 5000;
export const MAX_LENGTH = 2000; // Discord's limit, and the contract's
const COUNTER_FROM = MAX_LENGTH - 200;

const draftKey = (channelId) => `guildhall.draft.${channelId}`;
const loadDraft = (channelId) => sessionStorage.getItem(draftKey(channelId)) || '';
function saveDraft(channelId, text) {
  if (text) sessionStorage.setItem(draftKey(channelId), text);
  else sessionStorage.removeItem(draftKey(channelId));
}
// A touch screen has no Shift key to hand: Enter writes a new line there, as in Discord's app.
const touchScreen = () => window.matchMedia('(pointer: coarse)').matches;
const tooLong = (n) => `Messages can be at most ${MAX_LENGTH.toLocaleString('en')} characters; this one has ${n.toLocaleString('en')}.`;

export default function Composer({ channel, onSend = () => {}, afterSend, blockedReason, placeholder, testId = 'composer' }) {
  const { store, state } = useApp();
  const [text, setText] = useState(() => loadDraft(channel.id));
  const [error, setError] = useState(null);
  const lastTyping = useRef(0);
  const field = useRef(null);
  const suggest = useSuggestions({
    state, channel, textarea: field, text,
    setText: (value) => {
      setText(value);
      saveDraft(channel.id, value);
    },
  });
  const reply = useReply();
  const paneKeys = useComposerKeys();
  const ctx = guildContext(state, channel.guild_id);
  // Owners and admins are never held back by a timeout.
  const until = ctx && !ctx.legacy && !has(computeBase(ctx.guild, ctx.roles, { ...ctx.me, communication_disabled_until: null }), 'ADMINISTRATOR')
    ? timedOutUntil(ctx.me) : null;
  useWakeAt(until);

  function onInput(e) {
    const el = e.currentTarget;
    setText(el.value);
    saveDraft(channel.id, el.value);
    if (error && el.value.trim().length <= MAX_LENGTH) setError(null);
    // Grow with the text up to the CSS max-height.
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
    const now = Date.now();
    if (el.value && now - lastTyping.current > TYPING_EVERY) {
      lastTyping.current = now;
      startTyping(channel.id);
    }
    suggest.onInput(el);
  }

  async function send() {
    const content = await expandShortcodes(text.trim());
    if (!content) return;
    if (content.length > MAX_LENGTH) {
      setError(tooLong(content.length));
      return;
    }
    setText('');
    saveDraft(channel.id, '');
    setError(null);
    lastTyping.current = 0;
    onSend();
    const err = await sendMessage(store, channel.id, content, undefined, reply.take());
    // Validation errors are worth showing where the user is looking; network ones show on the message.
    if (err && err.status === 400) setError(err.message);
    if (afterSend) afterSend(err);
  }

  function onKeyDown(e) {
    if (suggest.onKeyDown(e)) return;
    if (paneKeys(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !touchScreen()) {
      e.preventDefault();
      send();
      e.currentTarget.style.height = 'auto';
    }
  }

  const blocked = until ? `You are timed out until ${formatUntil(until)}.`
    : blockedReason !== undefined ? blockedReason
      : !has(myChannelPerms(state, channel.id), 'SEND_MESSAGES') && 'You do not have permission to send messages in this channel.';
  if (blocked) {
    return html`
      <div class="composer-wrap">
        <div class="composer composer-disabled" data-testid=${`${testId}-disabled-reason`} role="status">${blocked}</div>
      </div>`;
  }
  const label = `Message ${isPrivate(channel) ? dmName(channel) : channel.type === 11 ? channel.name : `#${channel.name}`}`;

  const remaining = MAX_LENGTH - text.trim().length;
  return html`
    <div class="composer-wrap">
      ${suggest.popup && html`<${Autocomplete} ...${suggest.popup} />`}
      ${error && html`<div class="composer-error" role="alert" data-testid=${`${testId}-error`}>${error}</div>`}
      <${ReplyBar} />
      <div class="composer-row">
        <textarea class="composer" data-testid=${testId} rows="1" value=${text}
          placeholder=${placeholder || label} aria-label=${label}
          ref=${field} ...${suggest.inputProps} onInput=${onInput} onKeyDown=${onKeyDown} />
        ${remaining < MAX_LENGTH - COUNTER_FROM && html`<span class="composer-counter ${remaining < 0 ? 'over' : ''}" data-testid=${`${testId}-counter`}
          aria-live="polite" title="Characters left">${remaining}</span>`}
        <${EmojiButton} className="composer-emoji" testId=${`${testId}-emoji`} label="Pick an emoji" onPick=${suggest.insert}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm-3.5-9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm7 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zM12 17.5c2.3 0 4.2-1.5 5-3.5H7c.8 2 2.7 3.5 5 3.5z" /></svg>
        <//>
        <button class="composer-send" type="button" data-testid=${`${testId}-send`} aria-label="Send" title="Send"
          disabled=${!text.trim()} onMouseDown=${(e) => e.preventDefault()} onClick=${send}>
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M2.01 21 23 12 2.01 3 2 10l15 2-15 2z" /></svg>
        </button>
      </div>
    </div>`;
}
