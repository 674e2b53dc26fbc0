// How the message list is laid out, as Discord draws it: a run of messages by one author, each within
// 7 minutes of the one before, shows one header (avatar, name, time) and then only text; a reply, or a
// new day, starts a new run; a divider with the date goes above the first message of each day.
export const GROUP_MS = 7 * 60 * 1000;

const dayKey = (d) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

export const formatDay = (d) => d.toLocaleDateString([], { year: 'numeric', month: 'long', day: 'numeric' });

// messages: oldest first (confirmed, then pending). Returns [{ m, head, day }] where `day` is the
// divider's label when a new day starts there, else null.
export function layoutMessages(messages) {
  const out = [];
  let prev = null;
  let prevTime = null;
  for (const m of messages) {
    const time = new Date(m.timestamp);
    const valid = !Number.isNaN(time.getTime());
    const newDay = valid && (!prevTime || dayKey(time) !== dayKey(prevTime));
    const head = !prev || newDay || !valid || !prevTime
      || !m.author || !prev.author || m.author.id !== prev.author.id
      || time - prevTime > GROUP_MS
      || !!m.message_reference;
    out.push({ m, head, day: newDay ? formatDay(time) : null });
    prev = m;
    if (valid) prevTime = time;
  }
  return out;
}
