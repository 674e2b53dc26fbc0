// A message's text, formatted as Discord formats it (js/markdown/). The parse is cached per message
// id and content (markdown/cache.js), and the nodes are rebuilt only when the text changes or, for a
// message with mentions, when the names and colours they show may have (each read with useSelector).
// The renderer and markdown-it load as soon as this module does, but apart from the first screen's
// module graph, so the login screen does not wait for them; until they are in, text shows as text.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useSelector, useDispatch, shallowEqual } from '../context.js';
import { parseMessage } from '../markdown/cache.js';
import { guildOf, mentionsMe } from '../markdown/mentions.js';
import { HOME } from '../dms.js';

let renderTokens = null;
const loading = import('../markdown/render.js').then((m) => {
  renderTokens = m.renderTokens;
});

const UNWATCHED = [null, null, null, null, null, null]; // same length, so the hook compares like with like

// What a message's look depends on besides its text: only a message that can mention anyone watches
// the members, roles and channels (of its guild), so the others re-render for nothing but their text.
const NOTHING = { me: null, members: {}, roles: {}, channels: {}, threads: {} };
const canMention = (m) => /<[@#]|@(everyone|here)/.test(m.content || '') || (m.mentions || []).length > 0
  || (m.mention_roles || []).length > 0 || !!m.mention_everyone;

export default function Markdown({ message }) {
  const dispatch = useDispatch();
  const [, setLoaded] = useState(!!renderTokens);
  useEffect(() => {
    if (!renderTokens) loading.then(() => setLoaded(true));
  }, []);
  const watches = canMention(message);
  const guildId = useSelector((s) => (watches ? guildOf(s, message) : null));
  const seen = useSelector((s) => (watches ? {
    me: s.me,
    members: s.members[guildId],
    roles: s.roles[guildId],
    channels: s.channels,
    threads: s.threads,
  } : NOTHING), shallowEqual);
  const state = watches
    ? { ...seen, members: { [guildId]: seen.members || {} }, roles: { [guildId]: seen.roles || {} } }
    : NOTHING;
  const tokens = renderTokens ? parseMessage(message) : null;
  const nodes = useMemo(() => (tokens ? renderTokens(tokens, {
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
  }, message.content || '') : message.content),
  [tokens, message.content, ...(watches ? [message, seen.me, seen.members, seen.roles, seen.channels, seen.threads] : UNWATCHED)]);
  // The row (.message) is highlighted from css/markdown.css through :has(), so Message keeps one spot.
  return html`<span class="md" data-mentions-me=${watches && mentionsMe(state, message) ? 'true' : undefined}>${nodes}</span>`;
}
