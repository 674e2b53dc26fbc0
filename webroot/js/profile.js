// Opening a profile card (components/ProfileCard.js) from a name or avatar: the card is placed beside
// the element that was clicked (or activated with the keyboard), so it carries that element's box.
export function openProfile(dispatch, event, { userId, guildId = null, user = null }) {
  const el = event && event.currentTarget;
  const r = el && el.getBoundingClientRect ? el.getBoundingClientRect() : { left: 0, right: 0, top: 0 };
  if (event && event.stopPropagation) event.stopPropagation();
  dispatch('PROFILE', { userId, guildId, user, x: Math.round(r.right), y: Math.round(r.top), left: Math.round(r.left) });
}
