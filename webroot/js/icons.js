// Inline SVG icons, so nothing depends on emoji fonts being installed.
import { html } from './html.js';

const svg = (d, size = 20) => html`
  <svg width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path fill="currentColor" d=${d} />
  </svg>`;

export const MenuIcon = () => svg('M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z');
export const MembersIcon = () => svg('M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm-8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0 2c-2.7 0-8 1.3-8 4v3h16v-3c0-2.7-5.3-4-8-4zm8 0c-.3 0-.7 0-1.1.1 1.2.9 2.1 2.1 2.1 3.9v3h7v-3c0-2.7-5.3-4-8-4z');
export const GearIcon = () => svg('M19.4 13a7.7 7.7 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7 7 0 0 0-1.7-1L15 3h-4l-.4 2.7a7 7 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.7 7.7 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7 7 0 0 0 1.7 1L11 21h4l.4-2.7a7 7 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z', 16);
export const CompassIcon = () => svg('M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm2.2 12.2L7 17l2.8-7.2L17 7z');
export const PlusIcon = () => svg('M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z');
export const ChevronIcon = () => svg('M7 10l5 5 5-5z', 16);
export const BellIcon = () => svg('M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.8V3h-3v1.2A7 7 0 0 0 5 11v5l-2 2v1h18v-1z', 16);
export const BellOffIcon = () => svg('M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.8V3h-3v1.2c-.9.2-1.7.6-2.4 1.1L19 16.2zM3.3 2.3 2 3.6l3.3 3.3A7 7 0 0 0 5 11v5l-2 2v1h14.4l3 3 1.3-1.3z', 16);
