// "alice is typing…" from TYPING_START events, each lasting 8 s unless renewed.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { displayName } from '../store.js';

const TTL = 8000;

function findUser(state, guildId, userId) {
  const m = guildId && state.members[guildId] && state.members[guildId][userId];
  return m ? m.nick || displayName(m.user) : 'Someone';
}

export default function TypingIndicator({ channelId }) {
  const { state } = useApp();
  const [now, setNow] = useState(Date.now());
  const entries = Object.entries(state.typing[channelId] || {}).filter(
    ([uid, at]) => now - at < TTL && !(state.me && uid === state.me.id),
  );
  const active = entries.length > 0;

  // Tick only while someone is typing, so expiry re-renders without a permanent timer.
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  // A fresh TYPING_START must be judged against the current time, not the last tick.
  useEffect(() => setNow(Date.now()), [state.typing[channelId]]);

  const guildId = state.channels[channelId] && state.channels[channelId].guild_id;
  const names = entries.map(([uid]) => findUser(state, guildId, uid));
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing…`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
  else if (names.length > 2) text = 'Several people are typing…';
  return html`<div class="typing-indicator" data-testid="typing-indicator" aria-live="polite">${text}</div>`;
}
