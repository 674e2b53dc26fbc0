// The composer's keys that belong to the message list rather than to the text: Up in an empty
// composer edits my last message, Escape cancels a reply. Returns a keydown handler that answers
// true when it used the key.
import { usePane } from './paneContext.js';

export default function useComposerKeys() {
  const pane = usePane();
  return (e) => {
    if (!pane || e.isComposing || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return false;
    if (e.key === 'ArrowUp' && e.currentTarget.value === '' && pane.editLast()) {
      e.preventDefault();
      return true;
    }
    if (e.key === 'Escape' && pane.reply) {
      e.preventDefault();
      pane.setReply(null);
      return true;
    }
    return false;
  };
}
