// One client session against the Jarvis Ingress service, the way a real app does it:
// register -> create session -> router capabilities -> send transport -> produce audio -> stream -> stats.
// Shared by the browser page (bundled by esbuild) and the Node runner (@roamhq/wrtc).
import { Device } from 'mediasoup-client';

/** Calls the service's REST API; throws an Error that carries the status and response body. */
async function api(baseUrl, path, { method = 'GET', token, body } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(baseUrl.replace(/\/$/, '') + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${method} ${path} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new Error(`${method} ${path} -> not JSON: ${text.slice(0, 300)}`);
  }
}

function need(obj, field, what) {
  if (obj == null || obj[field] == null) {
    throw new Error(`${what}: response has no "${field}": ${JSON.stringify(obj).slice(0, 300)}`);
  }
  return obj[field];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sums the sender's outbound-rtp stats and picks the transport/ICE state out of an RTCStatsReport. */
function summariseStats(report) {
  const out = { packetsSent: 0, bytesSent: 0, dtlsState: null, iceState: null, selectedCandidatePair: null };
  report.forEach((s) => {
    if (s.type === 'outbound-rtp') {
      out.packetsSent += s.packetsSent ?? 0;
      out.bytesSent += s.bytesSent ?? 0;
    } else if (s.type === 'transport') {
      out.dtlsState = s.dtlsState ?? out.dtlsState;
      out.iceState = s.iceState ?? out.iceState;
    } else if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') {
      out.selectedCandidatePair = { currentRoundTripTime: s.currentRoundTripTime ?? null };
    }
  });
  return out;
}

/**
 * The producer's sender stats; @roamhq/wrtc has no RTCRtpSender.getStats(), so fall back to the whole
 * peer connection's report (one producer per transport here, so its outbound-rtp is ours).
 */
async function senderStats(producer, transport) {
  try {
    return await producer.getStats();
  } catch {
    return transport.getStats();
  }
}

/**
 * Runs one session. Never throws: failures land in `errors`, and `stages` says how far the flow got.
 *
 * @param {object} o
 * @param {string} o.baseUrl            service base URL, e.g. http://127.0.0.1:3000
 * @param {number} [o.durationMs]       how long to stream after the producer exists
 * @param {() => Promise<MediaStreamTrack>} o.getTrack  audio track to send
 * @param {string} [o.handlerName]      mediasoup-client handler; detected when omitted (browser)
 * @param {string} [o.deviceIdentifier] defaults to a random one
 * @param {boolean} [o.endSession]      DELETE the session at the end (default true)
 */
export async function runSession(o) {
  const durationMs = o.durationMs ?? 5000;
  const result = {
    sessionId: null,
    accessToken: null,
    packetsSent: 0,
    bytesSent: 0,
    connectionState: null,
    errors: [],
    stages: [],
    transportId: null,
    producerId: null,
    handlerName: null,
    dtlsState: null,
    iceState: null,
    rtpParameters: null,
  };
  const stage = (name) => result.stages.push(name);
  let transport;
  let producer;
  let track;
  try {
    const deviceIdentifier = o.deviceIdentifier ?? `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    const reg = await api(o.baseUrl, '/api/auth/register', { method: 'POST', body: { deviceIdentifier } });
    const token = need(reg, 'accessToken', 'register');
    result.accessToken = token;
    stage('registered');

    const session = await api(o.baseUrl, '/api/session/create', {
      method: 'POST',
      token,
      body: {
        audioConfig: { sampleRate: 16000, channels: 1, bitDepth: 16, codec: 'opus' },
        metadata: { clientVersion: 'e2e' },
      },
    });
    const sessionId = need(session, 'sessionId', 'session/create');
    result.sessionId = sessionId;
    stage('session');

    const caps = await api(o.baseUrl, '/api/webrtc/capabilities', { token });
    const device = o.handlerName ? new Device({ handlerName: o.handlerName }) : new Device();
    result.handlerName = device.handlerName;
    await device.load({ routerRtpCapabilities: need(caps, 'capabilities', 'webrtc/capabilities') });
    if (!device.canProduce('audio')) throw new Error('device cannot produce audio with these router capabilities');
    stage('device-loaded');

    const created = await api(o.baseUrl, '/api/webrtc/transport/create', { method: 'POST', token, body: { sessionId } });
    transport = device.createSendTransport(need(created, 'transportOptions', 'transport/create'));
    result.transportId = transport.id;
    result.connectionState = transport.connectionState;
    transport.on('connectionstatechange', (state) => {
      result.connectionState = state;
    });
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      api(o.baseUrl, '/api/webrtc/transport/connect', { method: 'POST', token, body: { sessionId, dtlsParameters } })
        .then(() => {
          stage('transport-connect-sent');
          callback();
        })
        .catch(errback);
    });
    transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      result.rtpParameters = rtpParameters;
      api(o.baseUrl, '/api/webrtc/producer/create', { method: 'POST', token, body: { sessionId, kind, rtpParameters } })
        .then((r) => callback({ id: need(r, 'producerId', 'producer/create') }))
        .catch(errback);
    });
    stage('transport-created');

    track = await o.getTrack();
    producer = await transport.produce({ track });
    result.producerId = producer.id;
    stage('producing');

    await sleep(durationMs);

    Object.assign(result, summariseStats(await senderStats(producer, transport)));
    result.connectionState = transport.connectionState;
    stage('stats');
    if (result.connectionState !== 'connected') {
      result.errors.push(`transport connectionState is ${result.connectionState} after ${durationMs} ms`);
    }
    if (result.packetsSent === 0) result.errors.push('no RTP packets sent');
  } catch (e) {
    result.errors.push(String(e && e.message ? e.message : e));
  } finally {
    try {
      producer?.close();
      transport?.close();
      track?.stop();
    } catch (e) {
      result.errors.push(`close: ${e.message}`);
    }
    if (result.sessionId && result.accessToken && o.endSession !== false) {
      try {
        await api(o.baseUrl, `/api/session/${encodeURIComponent(result.sessionId)}`, {
          method: 'DELETE',
          token: result.accessToken,
        });
        stage('session-ended');
      } catch (e) {
        result.errors.push(e.message);
      }
    }
  }
  result.ok = result.errors.length === 0;
  return result;
}
