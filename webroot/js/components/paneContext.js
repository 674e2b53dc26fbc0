// What the message pane shares with its composer: the message being replied to, and the pane's
// answers to the composer's keys (Up edits my last message, Escape cancels a reply). Null outside a
// message pane (the thread pane's composer has neither).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const PaneContext = createContext(null);

export const usePane = () => useContext(PaneContext);
