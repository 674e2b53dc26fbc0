// Message input: Enter sends, Shift+Enter adds a line. Typing pings go out at most every 5 s.
// Without SEND_MESSAGES, or while timed out, a reason shows instead (until the timeout ends).
import { useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { post } from '../api.js';
import { sendMessage } from '../outbox.js';
import { guildContext, myChannelPerms, has, timedOutUntil, computeBase } from '../permissions.js';
import { dmName, isPrivate } from '../dms.js';
import { formatUntil, useWakeAt } from './MemberManage.js';

const TYPING_EVERY = 5000;

export default function Composer({ channel, onSend }) {
  const { store, state } = useApp();
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const lastTyping = useRef(0);
  const ctx = guildContext(state, channel.guild_id);
  // Owners and admins are never held back by a timeout.
  const until = ctx && !ctx.legacy && !has(computeBase(ctx.guild, ctx.roles, { ...ctx.me, communication_disabled_until: null }), 'ADMINISTRATOR')
    ? timedOutUntil(ctx.me) : null;
  useWakeAt(until);

  function onInput(e) {
    const el = e.currentTarget;
    setText(el.value);
    // Grow with the text up to the CSS max-height.
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
    const now = Date.now();
    if (el.value && now - lastTyping.current > TYPING_EVERY) {
      lastTyping.current = now;
      post(`/channels/${channel.id}/typing`).catch(() => {});
    }
  }

  async function send() {
    const content = text.trim();
    if (!content) return;
    setText('');
    setError(null);
    lastTyping.current = 0;
    onSend();
    const err = await sendMessage(store, channel.id, content);
    // Validation errors are worth showing where the user is looking; network ones show on the message.
    if (err && err.status === 400) setError(err.message);
  }

  function onKeyDown(e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
      e.currentTarget.style.height = 'auto';
    }
  }

  const blocked = until
    ? `You are timed out until ${formatUntil(until)}.`
    : !has(myChannelPerms(state, channel.id), 'SEND_MESSAGES') && 'You do not have permission to send messages in this channel.';
  if (blocked) {
    return html`
      <div class="composer-wrap">
        <div class="composer composer-disabled" data-testid="composer-disabled-reason" role="status">${blocked}</div>
      </div>`;
  }

  return html`
    <div class="composer-wrap">
      ${error && html`<div class="composer-error" role="alert">${error}</div>`}
      <textarea class="composer" data-testid="composer" rows="1" value=${text}
        placeholder=${`Message ${isPrivate(channel) ? dmName(channel) : `#${channel.name}`}`} aria-label=${`Message ${isPrivate(channel) ? dmName(channel) : `#${channel.name}`}`}
        onInput=${onInput} onKeyDown=${onKeyDown} />
    </div>`;
}
