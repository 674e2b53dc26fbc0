// The actions on a message, one list for both ways in: the hover toolbar (with a mouse) and the
// long-press menu (on a touch screen). Each has the data-testid the browser tests use.
export { deleteMessage } from '../actions/messages.js';

const copy = (text) => navigator.clipboard && navigator.clipboard.writeText(text).catch(() => {});

// row: the row's props plus its handlers { startEdit, askDelete(e), onError }.
// Returns { primary, more }: the toolbar shows `primary` as buttons and `more` in its menu.
export function messageActions(row) {
  const { message: m, mine, flags, thread, actions, store } = row;
  const canDelete = mine || flags.canManage;
  const canThread = flags.canThread && !thread && !m.thread;
  const primary = [];
  if (actions.reply && flags.canSend) {
    primary.push({ id: 'reply', label: 'Reply', testid: 'message-reply', run: () => actions.reply(m, row.name, row.color) });
  }
  if (canThread) {
    primary.push({ id: 'thread', label: 'Create Thread', testid: 'message-create-thread',
      run: () => store.dispatch('THREAD_PANE', { channelId: m.channel_id, fromMessage: m.id }) });
  }
  if (mine) primary.push({ id: 'edit', label: 'Edit', testid: 'message-edit', run: row.startEdit });
  if (canDelete) primary.push({ id: 'delete', label: 'Delete', testid: 'message-delete', danger: true, run: row.askDelete });
  const more = [];
  if (!mine && flags.inGuild) {
    more.push({ id: 'report', label: 'Report Message', testid: 'message-report', danger: true,
      run: () => store.dispatch('MODAL', { kind: 'report', message: m }) });
  }
  more.push({ id: 'copy-text', label: 'Copy Text', testid: 'message-copy-text', run: () => copy(m.content) });
  more.push({ id: 'copy-id', label: 'Copy Message ID', testid: 'message-copy-id', run: () => copy(m.id) });
  return { primary, more };
}
