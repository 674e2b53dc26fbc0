// The small icons of the message toolbar (Discord's shapes, drawn as plain paths).
import { html } from '../html.js';

const PATHS = {
  reply: 'M10 8.26V4L3 11l7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-10.74z',
  thread: 'M5.43 21 6.1 17H2.1l.35-2h4l1.06-6h-4l.35-2h4l.71-4h2l-.7 4h6l.7-4h2l-.7 4h4l-.36 2h-4l-.4 2.2a7 7 0 0 0-2.08.9L15.8 9h-6l-1.06 6h2.7c-.2.64-.31 1.3-.34 2H8.4l-.7 4zM17 12.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9z',
  edit: 'M19.29 9.84 14.16 4.7l1.98-1.98a2.5 2.5 0 0 1 3.54 0l1.6 1.6a2.5 2.5 0 0 1 0 3.54zM12.75 6.12l5.13 5.13L7.4 21.73 2 22l.27-5.4z',
  delete: 'M15 3.999V2H9v1.999H3V6h18V3.999zM5 7v13a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V7zm4 12H7V9h2zm4 0h-2V9h2zm4 0h-2V9h2z',
  more: 'M7 12a2 2 0 1 1-4 0 2 2 0 0 1 4 0zm7 0a2 2 0 1 1-4 0 2 2 0 0 1 4 0zm7 0a2 2 0 1 1-4 0 2 2 0 0 1 4 0z',
};

export default function ActionIcon({ name }) {
  return html`<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d=${PATHS[name]} /></svg>`;
}
