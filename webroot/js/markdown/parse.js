// Message text -> markdown-it tokens, for Discord's Markdown subset: bold, italic, underline (__x__),
// strikethrough, inline code, fenced code, quotes (> and >>>), spoilers (||x||), # to ### headings,
// lists, links, and mentions. What Discord does not render (tables, images, rules, setext headings,
// indented code, reference links, HTML, entities) is switched off, so it stays text.
// The tokens are rendered to Preact nodes by render.js: no HTML string is ever made.
import MarkdownIt from 'markdown-it';
import { setParser, parseMessage } from './cache.js';

// Only these become links; anything else (javascript:, data:, relative paths) stays text.
const isSpace = (code) => code === 0x20 || code === 0x09;

const SAFE_URL = /^(https?:\/\/|mailto:)/i;
export const isSafeUrl = (url) => typeof url === 'string' && SAFE_URL.test(url.trim());

// markdown-it's own list of characters that may start markup, plus '|' for spoilers.
const TERMINATORS = new Set('\n!#$%&*+-:<=>@[\\]^_`{}~|'.split('').map((c) => c.charCodeAt(0)));

function text(state, silent) {
  let pos = state.pos;
  while (pos < state.posMax && !TERMINATORS.has(state.src.charCodeAt(pos))) pos++;
  if (pos === state.pos) return false;
  if (!silent) state.pending += state.src.slice(state.pos, pos);
  state.pos = pos;
  return true;
}

// ||hidden|| : the inside is parsed on its own (so a link in it cannot run past the closing bars) and
// its tokens go between spoiler_open and spoiler_close.
function spoiler(state, silent) {
  const start = state.pos;
  const src = state.src;
  if (src.charCodeAt(start) !== 0x7C || src.charCodeAt(start + 1) !== 0x7C) return false;
  const end = src.indexOf('||', start + 2);
  if (end < 0 || end === start + 2 || end + 2 > state.posMax) return false;
  if (!silent) {
    const inside = [];
    state.md.inline.parse(src.slice(start + 2, end), state.md, state.env, inside);
    state.push('spoiler_open', 'span', 1).markup = '||';
    for (const token of inside) {
      state.tokens.push(token);
      state.tokens_meta.push(null); // kept parallel to tokens, as state.push keeps it
    }
    state.push('spoiler_close', 'span', -1).markup = '||';
  }
  state.pos = end + 2;
  return true;
}

// <@id> and <@!id> (a user), <@&id> (a role), <#id> (a channel); ids are snowflakes.
const TAG_MENTION = /^<(@!?|@&|#)(\d{1,20})>/;
const KIND = { '@': 'user', '@!': 'user', '@&': 'role', '#': 'channel' };

function mention(state, silent) {
  const src = state.src;
  const ch = src.charCodeAt(state.pos);
  let kind, id, length;
  if (ch === 0x3C /* < */) {
    const m = TAG_MENTION.exec(src.slice(state.pos, state.posMax));
    if (!m) return false;
    [kind, id, length] = [KIND[m[1]], m[2], m[0].length];
  } else if (ch === 0x40 /* @ */) {
    // @everyone / @here, not inside a word (so a@here.example stays an address).
    const m = /^@(everyone|here)(?![\w-])/.exec(src.slice(state.pos, state.posMax));
    if (!m || (state.pos > 0 && /[\w.]/.test(src[state.pos - 1]))) return false;
    [kind, id, length] = [m[1], null, m[0].length];
  } else {
    return false;
  }
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.meta = { kind, id };
    token.content = src.slice(state.pos, state.pos + length);
  }
  state.pos += length;
  return true;
}

// Discord's headings: #, ## or ### at the very start of a line, then a space, then some text.
function heading(state, startLine, endLine, silent) {
  if (state.sCount[startLine] !== state.blkIndent) return false;
  let pos = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  let level = 0;
  while (pos < max && state.src.charCodeAt(pos) === 0x23 && level < 4) {
    level++;
    pos++;
  }
  if (level < 1 || level > 3 || pos >= max || state.src.charCodeAt(pos) !== 0x20) return false;
  const content = state.src.slice(pos, max).trim();
  if (!content) return false;
  if (silent) return true;
  state.line = startLine + 1;
  const open = state.push('heading_open', `h${level}`, 1);
  open.markup = '#'.repeat(level);
  open.map = [startLine, state.line];
  const inline = state.push('inline', '', 0);
  inline.content = content;
  inline.map = [startLine, state.line];
  inline.children = [];
  state.push('heading_close', `h${level}`, -1).markup = open.markup;
  return true;
}

// Discord's quotes: "> " quotes its line (following "> " lines join it), ">>> " quotes the rest of the
// message. Unlike CommonMark there is no nesting and no lazy continuation, and ">x" is text.
// The marker's length on this line: ">>> " (first line only), "> ", or a bare ">" (an empty quoted line).
function quotePrefix(state, line, first) {
  if (state.sCount[line] !== state.blkIndent) return 0;
  const pos = state.bMarks[line] + state.tShift[line];
  const src = state.src;
  if (first && src.startsWith('>>> ', pos)) return 4;
  if (src.startsWith('> ', pos)) return 2;
  if (!first && src.charCodeAt(pos) === 0x3E && pos + 1 === state.eMarks[line]) return 1;
  return 0;
}

function quote(state, startLine, endLine, silent) {
  if (state.parentType === 'blockquote') return false;
  const first = quotePrefix(state, startLine, true);
  if (!first) return false;
  if (silent) return true;
  const rest = first === 4;
  let last = startLine + 1;
  if (rest) last = endLine;
  else while (last < endLine && quotePrefix(state, last, false)) last++;

  // Move each quoted line's start past its marker; restored below (as markdown-it's own rule does).
  const saved = [];
  for (let line = startLine; line < last; line++) {
    saved.push([state.bMarks[line], state.tShift[line], state.sCount[line], state.bsCount[line]]);
    if (line > startLine && rest) continue;
    const marker = line === startLine ? first : quotePrefix(state, line, false);
    let pos = state.bMarks[line] + state.tShift[line] + marker;
    state.bMarks[line] = pos;
    while (pos < state.eMarks[line] && isSpace(state.src.charCodeAt(pos))) pos++;
    state.tShift[line] = pos - state.bMarks[line];
    state.sCount[line] = state.tShift[line];
    state.bsCount[line] = 0;
  }
  const oldLineMax = state.lineMax;
  const oldParent = state.parentType;
  const oldIndent = state.blkIndent;
  state.lineMax = last;
  state.parentType = 'blockquote';
  state.blkIndent = 0;

  const open = state.push('blockquote_open', 'blockquote', 1);
  open.markup = rest ? '>>>' : '>';
  open.map = [startLine, last];
  state.md.block.tokenize(state, startLine, last);
  state.push('blockquote_close', 'blockquote', -1).markup = open.markup;

  state.lineMax = oldLineMax;
  state.parentType = oldParent;
  state.blkIndent = oldIndent;
  saved.forEach(([b, t, s, bs], i) => {
    state.bMarks[startLine + i] = b;
    state.tShift[startLine + i] = t;
    state.sCount[startLine + i] = s;
    state.bsCount[startLine + i] = bs;
  });
  state.line = last;
  return true;
}

function discordMarkdown() {
  const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
  md.disable(['table', 'code', 'hr', 'lheading', 'reference', 'html_block', 'html_inline', 'image', 'entity']);
  md.block.ruler.at('heading', heading, { alt: ['paragraph', 'blockquote'] });
  md.block.ruler.at('blockquote', quote, { alt: ['paragraph', 'list'] });
  md.inline.ruler.at('text', text);
  md.inline.ruler.before('emphasis', 'spoiler', spoiler);
  md.inline.ruler.before('link', 'mention', mention);
  // Links only where a scheme is written (Discord does not link bare "example.com" or addresses).
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.linkify.add('ftp:', null).add('//', null);
  md.validateLink = isSafeUrl;
  return md;
}

const md = discordMarkdown();

export function parse(content) {
  return md.parse(typeof content === 'string' ? content : '', {});
}

setParser(parse);
export { parseMessage };
