// Keeps the store in step with the server: one snapshot, then the SSE stream.
// Each stream is opened with a single-use ticket, so the browser's own reconnect cannot be used: on an
// error we rebuild it ourselves (from the last id applied, as ?after=), with back-off and jitter.
import { get, post } from './api.js';
import { cmpId } from './ids.js';
import { EVENT_TYPES, EPHEMERAL, STREAM_CONTROL } from './events.js';
import { refreshPresences, resendMemberList, shownMemberList } from './memberLists.js';

const backoff = (attempt) => Math.min(30000, 1000 * 2 ** attempt) * (0.5 + Math.random() * 0.5);

export function startSync(store) {
  let es = null;
  let lastId = null; // highest event id applied
  let buffer = null; // non-null while a RESYNC snapshot is in flight
  let stopped = false;
  let timer = null;
  let attempt = 0;
  let seenId = null; // the stream's lastEventId as of the previous event

  function apply(type, data, id) {
    if (!EPHEMERAL.has(type) && id) {
      if (lastId && cmpId(id, lastId) <= 0) return; // replayed twice: already applied
      lastId = id;
    }
    if (type === 'TYPING_START') data = { ...data, seen_at: Date.now() };
    store.dispatch(type, data);
  }

  function onEvent(ev) {
    let data;
    try {
      data = ev.data ? JSON.parse(ev.data) : {};
    } catch {
      return;
    }
    // An event sent without an id (e.g. CHANNEL_CREATE/DELETE when a permission change shows or
    // hides a channel) leaves lastEventId unchanged; it must not be taken for a replay of the last one.
    const raw = ev.lastEventId || null;
    const fresh = raw !== seenId;
    seenId = raw;
    const id = EPHEMERAL.has(ev.type) || !fresh ? null : raw;
    if (buffer) buffer.push([ev.type, data, id]);
    else apply(ev.type, data, id);
  }

  async function loadSnapshot() {
    for (;;) {
      try {
        const snap = await get('/snapshot');
        if (stopped) return null;
        store.dispatch('SNAPSHOT', snap);
        // The new snapshot's presences cover only the first page of the list shown: read its pages again.
        const shown = shownMemberList();
        if (shown) refreshPresences(store, shown);
        lastId = snap.cursor || null;
        attempt = 0;
        return snap;
      } catch (e) {
        if (stopped || e.status === 401) return null; // 401 already sent us to login
        store.dispatch('CONNECTION', 'down');
        await new Promise((r) => (timer = setTimeout(r, backoff(attempt++))));
        if (stopped) return null;
      }
    }
  }

  // The gap is older than the server's log: keep the stream, hold its events, reload state.
  async function resync() {
    if (buffer) return;
    buffer = [];
    await loadSnapshot();
    const held = buffer || [];
    buffer = null;
    for (const [type, data, id] of held) {
      if (id && lastId && cmpId(id, lastId) <= 0) continue; // already in the snapshot
      apply(type, data, id);
    }
  }

  // Each (re)connect opens the stream with a fresh single-use ticket, never the token in the URL. The
  // browser's own retry would reuse the spent ticket, so on any error we close it and reconnect here.
  async function connect() {
    if (stopped) return;
    let ticket;
    try {
      ({ ticket } = await post('/auth/stream-ticket'));
    } catch (e) {
      if (stopped || e.status === 401) return; // 401 already sent us to login
      store.dispatch('CONNECTION', 'down');
      timer = setTimeout(connect, backoff(attempt++));
      return;
    }
    if (stopped) return;
    const params = new URLSearchParams({ ticket });
    if (lastId) params.set('after', lastId);
    es = new EventSource(`/api/v1/updates?${params}`);
    seenId = null;
    es.onopen = () => {
      attempt = 0;
      store.dispatch('CONNECTION', 'open');
      // The server forgets the list a user shows when their last stream closes (and a restarted one knows
      // none): say it again on every (re)connect, then read its pages' presence, whose changes were missed.
      resendMemberList().then((id) => id && refreshPresences(store, id));
    };
    es.onerror = () => {
      store.dispatch('CONNECTION', 'down');
      es.close();
      // A revoked session is told 401 by the ticket request, which returns to login.
      timer = setTimeout(connect, backoff(attempt++));
    };
    for (const t of EVENT_TYPES) if (!STREAM_CONTROL.has(t)) es.addEventListener(t, onEvent);
    es.addEventListener('RESYNC', () => resync());
    // The replay of what was missed is over: the stream is live again.
    es.addEventListener('RESUMED', () => store.dispatch('CONNECTION', 'open'));
  }

  (async () => {
    if (await loadSnapshot()) connect();
  })();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (es) es.close();
    },
  };
}
