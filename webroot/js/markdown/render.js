// markdown-it tokens -> Preact nodes. Every piece of user text ends up as a text node, so no HTML
// string is ever built or inserted; only the tags below can appear, and links only to http(s)/mailto.
import { h } from 'preact';
import { parse, isSafeUrl } from './parse.js';
import { userMentionName, roleOf, channelOf, rolePillStyle } from './mentions.js';
import Spoiler from '../components/Spoiler.js';

// ctx: { state, guildId, message, openChannel(channel) }; all optional, so the renderer also runs alone.
const EMPTY_STATE = { channels: {}, members: {}, roles: {}, threads: {}, me: null };

function codeBlock(code, lang, key) {
  return h('div', { class: 'md-codeblock', key }, [
    lang ? h('div', { class: 'md-code-lang', 'aria-hidden': 'true' }, lang) : null,
    // Focusable, so a keyboard can scroll a long line sideways.
    h('pre', { tabIndex: 0, 'aria-label': lang ? `${lang} code` : 'code' }, h('code', null, code)),
  ]);
}

function mentionPill(meta, source, ctx, key) {
  const state = ctx.state || EMPTY_STATE;
  const base = { key, 'data-testid': 'mention', 'data-mention': meta.kind };
  switch (meta.kind) {
    case 'user':
      return h('span', { ...base, class: 'mention' }, userMentionName(state, ctx.guildId, meta.id, ctx.message));
    case 'role': {
      const role = roleOf(state, ctx.guildId, meta.id);
      return h('span', { ...base, class: 'mention', style: rolePillStyle(role) }, role ? `@${role.name}` : '@deleted-role');
    }
    case 'channel': {
      const channel = channelOf(state, meta.id);
      if (!channel || !ctx.openChannel) {
        return h('span', { ...base, class: 'mention' }, channel ? `#${channel.name}` : '#unknown-channel');
      }
      return h('button', { ...base, type: 'button', class: 'mention mention-channel', onClick: () => ctx.openChannel(channel) },
        `#${channel.name}`);
    }
    default: // everyone, here
      return h('span', { ...base, class: 'mention' }, source);
  }
}

const INLINE_TAGS = { strong_open: 'strong', em_open: 'em', s_open: 's' };

// An inline token stream (an `inline` token's children) -> nodes.
export function renderInline(tokens, ctx = {}) {
  const stack = [{ children: [] }];
  const top = () => stack[stack.length - 1];
  tokens.forEach((t, key) => {
    if (t.nesting === 1) {
      stack.push({ open: t, children: [] });
      return;
    }
    if (t.nesting === -1) {
      const { open, children } = stack.length > 1 ? stack.pop() : { children: [] };
      top().children.push(closeInline(open, children, key));
      return;
    }
    top().children.push(inlineLeaf(t, ctx, key));
  });
  // Unbalanced opens (should not happen) keep their text.
  while (stack.length > 1) {
    const { children } = stack.pop();
    top().children.push(...children);
  }
  return stack[0].children;
}

function closeInline(open, children, key) {
  if (!open) return children;
  switch (open.type) {
    case 'strong_open':
      return h(open.markup === '__' ? 'u' : 'strong', { key }, children); // Discord: __x__ underlines
    case 'em_open':
    case 's_open':
      return h(INLINE_TAGS[open.type], { key }, children);
    case 'link_open': {
      const href = open.attrGet('href');
      if (!isSafeUrl(href)) return h('span', { key }, children);
      return h('a', { key, href, target: '_blank', rel: 'noopener noreferrer' }, children);
    }
    case 'spoiler_open':
      return h(Spoiler, { key }, children);
    default:
      return h('span', { key }, children);
  }
}

function inlineLeaf(t, ctx, key) {
  switch (t.type) {
    case 'text':
      return t.content;
    case 'softbreak':
    case 'hardbreak':
      return h('br', { key });
    case 'code_inline':
      // Discord makes ```x``` written on one line a code block.
      return t.markup.length >= 3 ? codeBlock(t.content, null, key) : h('code', { key, class: 'md-code' }, t.content);
    case 'mention':
      return mentionPill(t.meta, t.content, ctx, key);
    default:
      return t.content || null;
  }
}

// ---- blocks ----

const BLOCK_TAGS = { heading_open: null, blockquote_open: 'blockquote', bullet_list_open: 'ul', ordered_list_open: 'ol', list_item_open: 'li' };

// Blank source lines right above `line`, down to (not including) `floor`. Discord shows them, where
// CommonMark would fold any number of them into one paragraph break. A quoted ">" counts as blank.
function blankLinesAbove(lines, line, floor) {
  let n = 0;
  for (let i = line - 1; i > floor && /^[\s>]*$/.test(lines[i] || ''); i--) n++;
  return n;
}

// Joins a container's blocks. Paragraphs are not boxes (as in Discord, so "(edited)" follows the last
// line): a line break ends a paragraph's last line, and one more per blank line in the source.
function joinBlocks(items, lines) {
  const out = [];
  items.forEach((item, i) => {
    if (i > 0) {
      const prev = items[i - 1];
      const breaks = blankLinesAbove(lines, item.line, prev.line) + (prev.flow ? 1 : 0);
      for (let b = 0; b < breaks; b++) out.push(h('br', { key: `br${item.key}.${b}` }));
    }
    out.push(item.node);
  });
  return out;
}

// A block token stream (markdown-it's parse output) -> nodes.
export function renderTokens(tokens, ctx = {}, source = '') {
  const lines = source.split('\n');
  const stack = [{ items: [] }];
  const top = () => stack[stack.length - 1];
  const add = (node, token, flow, key) => top().items.push({ node, line: token.map ? token.map[0] : 0, flow, key });
  tokens.forEach((t, key) => {
    if (t.nesting === 1 && t.type !== 'paragraph_open') {
      stack.push({ open: t, items: [] });
    } else if (t.nesting === -1 && t.type !== 'paragraph_close') {
      const { open, items } = stack.length > 1 ? stack.pop() : { open: null, items: [] };
      if (!open) return;
      add(closeBlock(open, items, lines, key), open, false, key);
    } else if (t.type === 'inline') {
      const inline = renderInline(t.children || [], ctx);
      const inHeading = top().open && top().open.type === 'heading_open';
      const tightItem = key > 0 && tokens[key - 1].hidden; // a tight list item's paragraph has no box
      add(inHeading || tightItem ? inline : h('span', { key, class: 'md-p' }, inline), t, !inHeading, key);
    } else if (t.type === 'fence') {
      add(codeBlock(t.content.replace(/\n$/, ''), t.info.trim().split(/\s+/)[0], key), t, false, key);
    }
  });
  return joinBlocks(stack[0].items, lines);
}

function closeBlock(open, items, lines, key) {
  if (open.type === 'heading_open') {
    return h(open.tag, { key, class: 'md-heading' }, items.map((i) => i.node));
  }
  const tag = BLOCK_TAGS[open.type] || 'div';
  if (tag === 'ul' || tag === 'ol') {
    const start = tag === 'ol' ? Number(open.attrGet('start')) || undefined : undefined;
    return h(tag, { key, class: 'md-list', start }, items.map((i) => i.node));
  }
  if (tag === 'blockquote') return h('blockquote', { key, class: 'md-quote' }, joinBlocks(items, lines));
  return h(tag, { key }, joinBlocks(items, lines));
}

// Message text -> nodes.
export function renderMarkdown(content, ctx = {}) {
  const source = typeof content === 'string' ? content : '';
  return renderTokens(parse(source), ctx, source);
}
