// A message's text, formatted as Discord formats it (js/markdown/). The parse is cached per message
// id and content (parseMessage), and the nodes are rebuilt only when the text changes or, for a
// message with mentions, when the names and colours they show may have.
import { useMemo } from 'preact/hooks';
import { html } from '../html.js';
import { useApp } from '../context.js';
import { parseMessage } from '../markdown/parse.js';
import { renderTokens } from '../markdown/render.js';
import { guildOf, mentionsMe } from '../markdown/mentions.js';
import { HOME } from '../dms.js';

const UNWATCHED = [null, null, null, null, null, null]; // same length, so the hook compares like with like

export default function Markdown({ message }) {
  const { state, dispatch } = useApp();
  const guildId = guildOf(state, message);
  const tokens = parseMessage(message);
  const mentionsIn = !!tokens.hasMentions; // without mentions, only the text decides the nodes
  const nodes = useMemo(() => renderTokens(tokens, {
    state,
    guildId,
    message,
    openChannel(channel) {
      if (channel.type === 11 && channel.parent_id) { // a thread opens in its channel's side pane
        const parent = state.channels[channel.parent_id];
        dispatch('SELECT_CHANNEL', { guildId: (parent && parent.guild_id) || guildId, channelId: channel.parent_id });
        dispatch('THREAD_PANE', { channelId: channel.parent_id, threadId: channel.id });
      } else {
        dispatch('SELECT_CHANNEL', { guildId: channel.guild_id || HOME, channelId: channel.id });
      }
    },
  }, message.content || ''), [tokens, ...(mentionsIn ? [message, state.me, state.members[guildId], state.roles[guildId], state.channels, state.threads] : UNWATCHED)]);
  // The row (.message) is highlighted from css/markdown.css through :has(), so Message keeps one spot.
  return html`<span class="md" data-mentions-me=${mentionsMe(state, message) ? 'true' : undefined}>${nodes}</span>`;
}
