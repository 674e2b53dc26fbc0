// Parsed messages, by id and content, so that a re-render of a long channel parses nothing again.
// It holds no parser itself: parse.js (and with it markdown-it, ~75 modules) registers one when it
// loads, which Markdown.js starts at once but without holding up the first screen.
const cache = new Map();
const CACHE_MAX = 10_000; // entries; a little more than two channels' worth of loaded history
let parser = null;

export const setParser = (parse) => {
  parser = parse;
};
export const parserReady = () => parser !== null;

// The message's tokens, or null while the parser is still loading.
export function parseMessage(message) {
  if (!parser) return null;
  const content = (message && message.content) || '';
  const key = `${message && (message.id || message.nonce)}\u0000${content}`;
  let tokens = cache.get(key);
  if (!tokens) {
    tokens = parser(content);
    tokens.hasMentions = /<[@#]|@(everyone|here)/.test(content); // whether names or colours can change its look
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value); // the oldest entry
    cache.set(key, tokens);
  }
  return tokens;
}
