// The console page: wires the device, talk, transcript, playback, sessions and health panels together.
// Untrusted text (transcripts, ids, error messages) is only ever put in the page with textContent.
import { Api, ApiError, health } from './api.js';
import { readSessionEvents } from './sse.js';
import { WhipTalk } from './talk.js';

const STATS_INTERVAL_MS = 1000;
const HEALTH_INTERVAL_MS = 10_000;

const $ = (id) => document.getElementById(id);
const api = new Api();
const ui = {
  talk: null, // the WhipTalk while talking
  busy: false, // a start or stop is under way
  selected: null, // session id shown in transcript and playback
  statsTimer: null,
  events: null, // AbortController of the open event stream
  audioUrl: null,
};

function notify(message, kind = 'error') {
  const n = $('notice');
  n.textContent = message;
  n.dataset.kind = kind;
  n.hidden = !message;
}

function describe(e) {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  if (e?.name === 'NotAllowedError') return 'The browser was not allowed to use the microphone.';
  return e?.message || String(e);
}

async function guarded(action) {
  try {
    notify('');
    await action();
  } catch (e) {
    notify(describe(e));
    if (e instanceof ApiError && e.status === 401 && e.code !== 'not_registered') {
      // token_revoked, token_reused...: these credentials are of no more use.
      api.forget();
      renderDevice();
    }
  }
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

// ----- device -----

function renderDevice() {
  const d = api.device;
  $('register-form').hidden = !!d;
  $('device-info').hidden = !d;
  $('talk').disabled = !d;
  $('reload-sessions').disabled = !d;
  if (d) {
    $('device-name').textContent = d.deviceIdentifier;
    $('user-id').textContent = d.userId;
    $('token-expiry').textContent = d.expiresAt ? new Date(d.expiresAt).toLocaleString() : 'unknown';
    reloadSessions();
  } else {
    $('device-id').value ||= `browser-${crypto.randomUUID().slice(0, 8)}`;
    $('sessions-body').replaceChildren();
    $('sessions-empty').hidden = false;
  }
}

$('register-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = $('device-id').value.trim();
  if (!id) {
    notify('Give this browser a device identifier.');
    $('device-id').focus();
    return;
  }
  guarded(async () => {
    await api.register(id);
    renderDevice();
    notify(`Registered as ${id}.`, 'ok');
    $('talk').focus();
  });
});

$('forget').addEventListener('click', () => {
  api.forget();
  renderDevice();
  notify('This browser forgot its tokens (they stay valid on the server until they expire).', 'ok');
});

$('revoke').addEventListener('click', () => guarded(async () => {
  if (ui.talk) await stopTalking();
  await api.revoke();
  renderDevice();
  notify('Device revoked: its tokens no longer work.', 'ok');
}));

// ----- talk -----

function setConnection(state) {
  const pill = $('conn-state');
  pill.textContent = state;
  pill.dataset.state = state;
}

function showStats(session) {
  const s = session.stats || {};
  $('stat-status').textContent = session.status;
  $('stat-packets').textContent = String(s.packets ?? 0);
  $('stat-lost').textContent = String(s.packetsLost ?? 0);
  $('stat-jitter').textContent = ((s.jitter ?? 0) * 1000).toFixed(1);
  $('stat-audio').textContent = (s.audioSeconds ?? 0).toFixed(1);
  $('stat-chunks').textContent = String(s.dataChunks ?? 0);
  $('stats-updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  $('figures').dataset.sessionId = session.sessionId;
  $('figures').dataset.fetchedAt = String(Date.now());
}

function pollStats(sessionId) {
  clearInterval(ui.statsTimer);
  const poll = async () => {
    try {
      const session = await api.session(sessionId);
      markSession(sessionId, session.status);
      // Stats exist while the transport lives: keep the last figures once the session closed.
      if (session.status === 'ended' || session.status === 'expired') {
        $('stat-status').textContent = session.status;
        clearInterval(ui.statsTimer);
        return;
      }
      showStats(session);
    } catch (e) {
      notify(describe(e));
    }
  };
  poll();
  ui.statsTimer = setInterval(poll, STATS_INTERVAL_MS);
}

function setTalking(talking) {
  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.disabled = talking;
  const b = $('talk');
  b.classList.toggle('on', talking);
  $('talk-label').textContent = talking ? 'Stop' : 'Talk';
}

async function startTalking() {
  const talk = new WhipTalk(api, {
    mode: document.querySelector('input[name="mode"]:checked').value,
    onState: setConnection,
    onLevel: (v) => {
      const m = $('level');
      m.value = v;
      m.textContent = `${Math.round(v * 100)}%`;
    },
  });
  ui.talk = talk;
  setTalking(true);
  setConnection('new');
  try {
    const sessionId = await talk.start();
    $('talk-session').textContent = sessionId;
    select(sessionId);
    pollStats(sessionId);
    reloadSessions();
  } catch (e) {
    // Ends a session created for the data channel mode; releases the microphone either way.
    await talk.stop().catch(() => talk.release());
    ui.talk = null;
    setTalking(false);
    throw e;
  }
}

async function stopTalking() {
  const talk = ui.talk;
  ui.talk = null;
  setTalking(false);
  try {
    await talk.stop();
  } finally {
    if (talk.sessionId) {
      // One last read: the final status (the figures stay as last seen).
      pollStats(talk.sessionId);
    }
    reloadSessions();
  }
}

$('talk').addEventListener('click', () => {
  // One start or stop at a time: a second press while the first is under way is ignored.
  if (ui.busy) return;
  ui.busy = true;
  $('talk').setAttribute('aria-busy', 'true');
  guarded(() => (ui.talk ? stopTalking() : startTalking())).finally(() => {
    ui.busy = false;
    $('talk').removeAttribute('aria-busy');
  });
});

// ----- selected session: transcript and playback -----

function addTranscript(t) {
  const list = $('transcript');
  const item = document.createElement('li');
  item.className = t.isFinal ? 'final' : 'interim';
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = t.text;
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = [t.at ? new Date(t.at).toLocaleTimeString() : null,
    typeof t.confidence === 'number' ? `${Math.round(t.confidence * 100)}%` : null,
    t.isFinal ? null : 'interim'].filter(Boolean).join(' · ');
  item.append(text, meta);
  // An interim transcript is replaced by the next one.
  const last = list.lastElementChild;
  if (last?.classList.contains('interim')) last.replaceWith(item);
  else list.append(item);
  $('transcript-empty').hidden = true;
}

const REOPEN_MS = 2000;

/**
 * Follows the session's event stream. A stream that ends without the closing state (the instance shut down, the
 * network dropped) is reopened; its snapshot repeats the final transcripts, so the list starts over.
 */
function watch(sessionId) {
  ui.events?.abort();
  const ctl = new AbortController();
  ui.events = ctl;
  let closed = false;
  const open = () => {
    $('transcript').replaceChildren();
    readSessionEvents(api, sessionId, ({ event, data }) => {
      if (event === 'transcript') addTranscript(data);
      else if (event === 'state') {
        closed = data.status === 'ended' || data.status === 'expired';
        if ($('figures').dataset.sessionId === sessionId) $('stat-status').textContent = data.status;
        markSession(data.sessionId, data.status);
      }
    }, ctl.signal).then(() => {
      if (!closed && !ctl.signal.aborted) setTimeout(open, REOPEN_MS);
    }, (e) => {
      if (e.name !== 'AbortError') notify(`Event stream: ${describe(e)}`);
    });
  };
  open();
}

function select(sessionId) {
  if (ui.selected === sessionId) return;
  ui.selected = sessionId;
  $('transcript').replaceChildren();
  $('transcript-empty').hidden = false;
  $('playback-session').textContent = sessionId;
  $('load-audio').disabled = false;
  const player = $('player');
  player.removeAttribute('src');
  player.load();
  if (ui.audioUrl) URL.revokeObjectURL(ui.audioUrl);
  ui.audioUrl = null;
  watch(sessionId);
  for (const row of $('sessions-body').rows) row.classList.toggle('selected', row.dataset.id === sessionId);
}

$('load-audio').addEventListener('click', () => guarded(async () => {
  const id = ui.selected;
  try {
    const blob = await api.audio(id);
    if (ui.audioUrl) URL.revokeObjectURL(ui.audioUrl);
    ui.audioUrl = URL.createObjectURL(blob);
    $('player').src = ui.audioUrl;
    notify(`Loaded ${(blob.size / 1024).toFixed(0)} KiB of audio.`, 'ok');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      throw new ApiError(404, 'not_found', 'No audio stored for this session (none arrived yet, it went to an ASR gateway, or it passed retention)');
    }
    throw e;
  }
}));

// ----- sessions -----

function markSession(id, status) {
  for (const row of $('sessions-body').rows) {
    if (row.dataset.id === id) {
      const pill = row.querySelector('.pill');
      pill.textContent = status;
      pill.dataset.state = status;
      row.querySelector('button.end')?.toggleAttribute('disabled', status === 'ended' || status === 'expired');
    }
  }
}

function button(label, cls, onClick, accessibleName) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (cls) b.className = cls;
  if (accessibleName) b.setAttribute('aria-label', accessibleName);
  b.addEventListener('click', onClick);
  return b;
}

function sessionRow(s) {
  const tr = document.createElement('tr');
  tr.dataset.id = s.sessionId;
  tr.classList.toggle('selected', s.sessionId === ui.selected);
  const cell = (content, cls) => {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    if (typeof content === 'string') td.textContent = content;
    else td.append(content);
    tr.append(td);
  };
  cell(time(s.createdAt));
  cell(s.sessionId, 'mono');
  const pill = document.createElement('span');
  pill.className = 'pill';
  pill.dataset.state = s.status;
  pill.textContent = s.status;
  cell(pill);
  cell(s.endedAt ? `ended ${time(s.endedAt)}` : `${s.status === 'expired' ? 'expired' : 'expires'} ${time(s.expiresAt)}`,
    'num');
  const actions = document.createElement('span');
  actions.className = 'actions';
  const short = s.sessionId.slice(0, 8);
  actions.append(button('Open', '', () => select(s.sessionId), `Open session ${short}`));
  const end = button('End', 'end danger', () => guarded(async () => {
    if (ui.talk?.sessionId === s.sessionId) await stopTalking();
    else await api.endSession(s.sessionId);
    await reloadSessions();
  }), `End session ${short}`);
  end.disabled = s.status === 'ended' || s.status === 'expired';
  actions.append(end);
  cell(actions);
  return tr;
}

async function reloadSessions() {
  if (!api.registered) return;
  await guarded(async () => {
    const page = await api.sessions(20);
    $('sessions-body').replaceChildren(...page.sessions.map(sessionRow));
    $('sessions-body').dataset.loadedAt = String(Date.now());
    $('sessions-empty').hidden = page.sessions.length > 0;
  });
}

$('reload-sessions').addEventListener('click', reloadSessions);

// ----- health -----

async function refreshHealth() {
  try {
    const h = await health();
    $('health-status').textContent = h.status ?? `HTTP ${h.httpStatus}`;
    $('health-dot').dataset.state = h.status ?? 'unavailable';
    $('health-version').textContent = h.version ?? 'unknown';
    const parts = Object.entries(h.components ?? {}).map(([name, c]) => `${name} ${c.status}`);
    $('health-components').textContent = parts.join(', ') || '–';
  } catch {
    $('health-status').textContent = 'unreachable';
    $('health-dot').dataset.state = 'unavailable';
  }
}

window.addEventListener('pagehide', () => {
  // Leaving the page ends the session being talked into (best effort).
  if (ui.talk?.resource) {
    fetch(ui.talk.resource, { method: 'DELETE', keepalive: true,
      headers: { Authorization: `Bearer ${api.accessToken}` } }).catch(() => {});
  }
});

renderDevice();
refreshHealth();
setInterval(refreshHealth, HEALTH_INTERVAL_MS);
document.documentElement.dataset.ready = 'true';
