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

/** The fields of a local-candidate / remote-candidate stats entry that say how media travelled. */
function candidateSummary(c) {
  if (!c) return null;
  return { candidateType: c.candidateType ?? null, address: c.address ?? c.ip ?? null, port: c.port ?? null,
    protocol: c.protocol ?? null, relayProtocol: c.relayProtocol ?? null };
}

/**
 * Sums the sender's outbound-rtp stats and picks the transport/ICE state and the selected candidate pair (with its
 * local and remote candidates: `relay` when the media went through TURN) out of an RTCStatsReport.
 */
function summariseStats(report) {
  const out = { packetsSent: 0, bytesSent: 0, dtlsState: null, iceState: null, selectedCandidatePair: null };
  const byId = new Map();
  report.forEach((s) => byId.set(s.id, s));
  report.forEach((s) => {
    if (s.type === 'outbound-rtp') {
      out.packetsSent += s.packetsSent ?? 0;
      out.bytesSent += s.bytesSent ?? 0;
    } else if (s.type === 'transport') {
      out.dtlsState = s.dtlsState ?? out.dtlsState;
      out.iceState = s.iceState ?? out.iceState;
    } else if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') {
      out.selectedCandidatePair = {
        currentRoundTripTime: s.currentRoundTripTime ?? null,
        local: candidateSummary(byId.get(s.localCandidateId)),
        remote: candidateSummary(byId.get(s.remoteCandidateId)),
      };
    }
  });
  return out;
}

/** The transport's whole report: the sender's own stats carry no candidate pair in every browser. */
async function transportSummary(transport) {
  try {
    return summariseStats(await transport.getStats());
  } catch {
    return null;
  }
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
 * @param {RTCIceServer[]} [o.iceServers] ICE servers for the transport; default: the `iceServers` transport/create
 *                                      returned (the service's STUN server and TURN credentials), as a real client does
 * @param {string} [o.iceTransportPolicy] 'all' (default) or 'relay' (only TURN relay candidates)
 * @param {number} [o.restartIceAtMs]   ICE restart this long after producing started: transport/restart-ice, then
 *                                      mediasoup-client's transport.restartIce; streaming goes on for durationMs in all
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

    // The microphone first, so connect timings are signalling, ICE and DTLS only.
    track = await o.getTrack();
    // Connect timings (ms from the transport/create request): each signalling call's round trip, when the
    // producer/create answer came (the client then applies the answer and starts ICE), and when the transport
    // reached 'connected' (ICE + DTLS done), for bench/chromium-connect.sh.
    const t0 = performance.now();
    const since = () => Math.round((performance.now() - t0) * 10) / 10;
    result.timings = {};
    const created = await api(o.baseUrl, '/api/webrtc/transport/create', { method: 'POST', token, body: { sessionId } });
    result.timings.transportCreateMs = since();
    const iceServers = o.iceServers ?? created.iceServers ?? [];
    result.iceServers = iceServers;
    const transportOptions = need(created, 'transportOptions', 'transport/create');
    transport = device.createSendTransport({
      ...transportOptions,
      iceServers,
      ...(o.iceTransportPolicy ? { iceTransportPolicy: o.iceTransportPolicy } : {}),
    });
    result.transportId = transport.id;
    result.connectionState = transport.connectionState;
    result.iceParameters = { usernameFragment: transportOptions.iceParameters?.usernameFragment ?? null };
    transport.on('connectionstatechange', (state) => {
      result.connectionState = state;
      if (state === 'connected' && result.timings.connectedMs == null) result.timings.connectedMs = since();
    });
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      const sent = performance.now();
      api(o.baseUrl, '/api/webrtc/transport/connect', { method: 'POST', token, body: { sessionId, dtlsParameters } })
        .then(() => {
          result.timings.transportConnectMs = Math.round((performance.now() - sent) * 10) / 10;
          stage('transport-connect-sent');
          callback();
        })
        .catch(errback);
    });
    transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      result.rtpParameters = rtpParameters;
      const sent = performance.now();
      api(o.baseUrl, '/api/webrtc/producer/create', { method: 'POST', token, body: { sessionId, kind, rtpParameters } })
        .then((r) => {
          result.timings.producerCreateMs = Math.round((performance.now() - sent) * 10) / 10;
          result.timings.producerAnsweredMs = since();
          callback({ id: need(r, 'producerId', 'producer/create') });
        })
        .catch(errback);
    });
    stage('transport-created');

    producer = await transport.produce({ track });
    result.producerId = producer.id;
    stage('producing');

    if (o.restartIceAtMs != null && o.restartIceAtMs < durationMs) {
      await sleep(o.restartIceAtMs);
      const before = summariseStats(await senderStats(producer, transport));
      const r = await api(o.baseUrl, '/api/webrtc/transport/restart-ice', { method: 'POST', token, body: { sessionId } });
      const iceParameters = need(r, 'iceParameters', 'transport/restart-ice');
      await transport.restartIce({ iceParameters });
      result.iceRestart = { usernameFragment: iceParameters.usernameFragment, packetsSentBefore: before.packetsSent,
        atMs: o.restartIceAtMs, connectionStateAfter: transport.connectionState };
      stage('ice-restarted');
      await sleep(durationMs - o.restartIceAtMs);
    } else {
      await sleep(durationMs);
    }

    Object.assign(result, summariseStats(await senderStats(producer, transport)));
    const whole = await transportSummary(transport);
    if (whole?.selectedCandidatePair) result.selectedCandidatePair = whole.selectedCandidatePair;
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

// ---------------------------------------------------------------------------------------------------------------
// Data channel mode: audio chunks and control messages over SCTP instead of (or next to) RTP.

/**
 * The bytes of test message `seq` of `size` bytes: a 4-byte big-endian counter, then a pseudo-random tail seeded
 * by (seq, size) that the server-side test regenerates to check the content (DataChannelBrowserIT.pattern).
 */
export function patternMessage(seq, size) {
  const b = new Uint8Array(size);
  let state = (Math.imul(seq, 0x9e3779b1) + size) >>> 0;
  for (let i = 0; i < size; i++) {
    if (i < 4) {
      b[i] = (seq >>> (24 - 8 * i)) & 0xff;
    } else {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      b[i] = state >>> 24;
    }
  }
  return b;
}

/** Chunk `k` of a 440 Hz tone as 16-bit little-endian PCM, `samples` sample frames per chunk. */
export function pcmToneChunk(k, samples, sampleRate, channels, hz = 440, amplitude = 8000) {
  const b = new Uint8Array(samples * channels * 2);
  const v = new DataView(b.buffer);
  for (let i = 0; i < samples; i++) {
    const n = k * samples + i;
    const s = Math.round(amplitude * Math.sin((2 * Math.PI * hz * n) / sampleRate));
    for (let c = 0; c < channels; c++) v.setInt16((i * channels + c) * 2, s, true);
  }
  return b;
}

/** 20 ms Opus packets of a 440 Hz tone, encoded by the browser's WebCodecs AudioEncoder (48 kHz mono). */
async function opusTonePackets(count) {
  if (typeof AudioEncoder === 'undefined') throw new Error('WebCodecs AudioEncoder is not available');
  const packets = [];
  let failure = null;
  const encoder = new AudioEncoder({
    output: (chunk) => {
      const b = new Uint8Array(chunk.byteLength);
      chunk.copyTo(b);
      packets.push(b);
    },
    error: (e) => {
      failure = e;
    },
  });
  encoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 1, bitrate: 32000, opus: { frameDuration: 20000 } });
  const frame = 960;
  for (let k = 0; k < count; k++) {
    const data = new Float32Array(frame);
    for (let i = 0; i < frame; i++) data[i] = 0.25 * Math.sin((2 * Math.PI * 440 * (k * frame + i)) / 48000);
    encoder.encode(new AudioData({ format: 'f32', sampleRate: 48000, numberOfFrames: frame, numberOfChannels: 1, timestamp: k * 20000, data }));
  }
  await encoder.flush();
  encoder.close();
  if (failure) throw failure;
  return packets;
}

function waitOpen(dc, timeoutMs = 15000) {
  if (dc.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`data channel ${dc.label} did not open (${dc.readyState})`)), timeoutMs);
    dc.addEventListener('open', () => { clearTimeout(t); resolve(); }, { once: true });
    dc.addEventListener('close', () => { clearTimeout(t); reject(new Error(`data channel ${dc.label} closed before opening`)); }, { once: true });
  });
}

function waitClosed(dc, timeoutMs = 15000) {
  if (dc.readyState === 'closed') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`data channel ${dc.label} did not close (${dc.readyState})`)), timeoutMs);
    dc.addEventListener('close', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

/** Waits until the channel handed everything to SCTP (bufferedAmount 0), or it closed. */
async function drained(dc, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  while (dc.readyState === 'open' && dc.bufferedAmount > 0 && Date.now() < until) await sleep(10);
}

/**
 * Runs one data channel session. `o.channels` lists the channels, each
 * `{name, how: 'produce'|'dcep'|'negotiated', id?, ordered?, maxRetransmits?, maxPacketLifeTime?, label?, protocol?,
 *   payload: 'pattern'|'pcm'|'opus', garbageFirst?, sizes?: [bytes...], stream?: {count, size?, intervalMs},
 *   strings?: [text...], seqStart?, reopen?: {count, seqStart}}`:
 * 'produce' goes through mediasoup-client's produceData (pre-negotiated, id chosen by mediasoup-client),
 * 'negotiated' creates a pre-negotiated channel with the given id on the transport's RTCPeerConnection and signals
 * it with data-producer/create, 'dcep' opens a plain channel (DCEP) on that RTCPeerConnection.
 * Pattern messages are `sizes` first, then `stream.count` messages of `stream.size` paced at `stream.intervalMs`;
 * pcm/opus payloads stream a 440 Hz tone, one 20 ms chunk per message. Never throws.
 */
export async function runDataSession(o) {
  const result = { sessionId: null, accessToken: null, transportId: null, handlerName: null, connectionState: null,
    channels: [], errors: [], stages: [] };
  const stage = (name) => result.stages.push(name);
  const audio = o.audioConfig ?? { sampleRate: 16000, channels: 1, bitDepth: 16, codec: 'pcm' };
  let transport;
  let token;
  let sessionId;
  const createDataProducer = (body) =>
    api(o.baseUrl, '/api/webrtc/data-producer/create', { method: 'POST', token, body: { sessionId, ...body } });
  try {
    const deviceIdentifier = o.deviceIdentifier ?? `e2e-dc-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    token = need(await api(o.baseUrl, '/api/auth/register', { method: 'POST', body: { deviceIdentifier } }), 'accessToken', 'register');
    result.accessToken = token;
    const session = await api(o.baseUrl, '/api/session/create', { method: 'POST', token, body: { audioConfig: audio, metadata: { clientVersion: 'e2e-data' } } });
    sessionId = need(session, 'sessionId', 'session/create');
    result.sessionId = sessionId;
    stage('session');

    const caps = await api(o.baseUrl, '/api/webrtc/capabilities', { token });
    const device = o.handlerName ? new Device({ handlerName: o.handlerName }) : new Device();
    result.handlerName = device.handlerName;
    await device.load({ routerRtpCapabilities: need(caps, 'capabilities', 'webrtc/capabilities') });
    const created = await api(o.baseUrl, '/api/webrtc/transport/create', { method: 'POST', token, body: { sessionId } });
    transport = device.createSendTransport(need(created, 'transportOptions', 'transport/create'));
    result.transportId = transport.id;
    transport.on('connectionstatechange', (state) => { result.connectionState = state; });
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      api(o.baseUrl, '/api/webrtc/transport/connect', { method: 'POST', token, body: { sessionId, dtlsParameters } })
        .then(() => callback()).catch(errback);
    });
    transport.on('producedata', ({ sctpStreamParameters, label, protocol }, callback, errback) => {
      createDataProducer({ sctpStreamParameters, label, protocol })
        .then((r) => callback({ id: need(r, 'dataProducerId', 'data-producer/create') }))
        .catch(errback);
    });
    stage('transport-created');

    // Open every channel first (produceData ones before the others, so ids never collide), then send on all.
    const opened = [];
    for (const spec of o.channels) {
      const label = spec.label ?? spec.name ?? '';
      const protocol = spec.protocol ?? '';
      const limits = {};
      if (spec.maxRetransmits != null) limits.maxRetransmits = spec.maxRetransmits;
      if (spec.maxPacketLifeTime != null) limits.maxPacketLifeTime = spec.maxPacketLifeTime;
      let dc;
      let dataProducerId = null;
      if (spec.how === 'produce') {
        const dp = await transport.produceData({ ordered: spec.ordered ?? true, ...limits, label, protocol });
        dataProducerId = dp.id;
        dc = dp._dataChannel;
        await new Promise((resolve, reject) => {
          if (dp.readyState === 'open') return resolve();
          dp.on('open', resolve);
          dp.on('error', reject);
          setTimeout(() => reject(new Error(`data producer ${label} did not open (${dp.readyState})`)), 15000);
        });
      } else {
        const pc = transport.handler?._pc;
        if (!pc) throw new Error('transport.handler._pc is not available');
        if (spec.how === 'dcep') {
          dc = pc.createDataChannel(label, { ordered: spec.ordered ?? true, ...limits, protocol });
        } else {
          dc = pc.createDataChannel(label, { negotiated: true, id: spec.id, ordered: spec.ordered ?? true, ...limits, protocol });
          const r = await createDataProducer({ sctpStreamParameters: { streamId: spec.id, ordered: spec.ordered ?? true, ...limits }, label, protocol });
          dataProducerId = r.dataProducerId;
        }
        await waitOpen(dc);
      }
      dc.binaryType = 'arraybuffer';
      opened.push({ spec, dc, report: { name: spec.name, how: spec.how, label, streamId: dc.id, dataProducerId, sent: 0, bytesSent: 0 } });
    }
    stage('channels-open');

    const opusCount = Math.max(0, ...o.channels.filter((c) => c.payload === 'opus').map((c) => c.stream?.count ?? 0));
    const opus = opusCount > 0 ? await opusTonePackets(opusCount) : [];

    await Promise.all(opened.map(async ({ spec, dc, report }) => {
      const send = async (bytes) => {
        while (dc.bufferedAmount > 4 * 1024 * 1024) await sleep(5);
        dc.send(bytes);
        report.sent += 1;
        report.bytesSent += bytes.byteLength ?? bytes.length;
      };
      const seqStart = spec.seqStart ?? 0;
      let seq = seqStart;
      if (spec.garbageFirst) await send(new Uint8Array([0xfb, 0x00]));
      for (const size of spec.sizes ?? []) await send(patternMessage(seq++, size));
      if (spec.stream) {
        const started = performance.now();
        for (let k = 0; k < spec.stream.count; k++) {
          const due = started + k * (spec.stream.intervalMs ?? 20) - performance.now();
          if (due > 0) await sleep(due);
          let bytes;
          if (spec.payload === 'pcm') {
            bytes = pcmToneChunk(k, (audio.sampleRate / 50) | 0, audio.sampleRate, audio.channels);
          } else if (spec.payload === 'opus') {
            bytes = opus[k];
          } else {
            bytes = patternMessage(seq++, spec.stream.size ?? 640);
          }
          await send(bytes);
        }
      }
      for (const text of spec.strings ?? []) {
        dc.send(text);
        report.sent += 1;
      }
      await drained(dc);
      if (spec.reopen) {
        await sleep(300);
        dc.close();
        await waitClosed(dc);
        const pc = transport.handler._pc;
        const again = pc.createDataChannel(report.label, { negotiated: true, id: spec.id, ordered: spec.ordered ?? true });
        // The server frees the id when both sides reset the stream; retry briefly if it has not yet.
        let r;
        for (let attempt = 0; ; attempt++) {
          try {
            r = await createDataProducer({ sctpStreamParameters: { streamId: spec.id, ordered: spec.ordered ?? true }, label: report.label, protocol: '' });
            break;
          } catch (e) {
            if (attempt > 50 || !String(e.message).includes('409')) throw e;
            await sleep(100);
          }
        }
        report.reopenedDataProducerId = r.dataProducerId;
        await waitOpen(again);
        let s = spec.reopen.seqStart;
        for (let k = 0; k < spec.reopen.count; k++) {
          const bytes = patternMessage(s++, spec.stream?.size ?? 640);
          again.send(bytes);
          report.sent += 1;
          report.bytesSent += bytes.length;
        }
        await drained(again);
      }
    }));
    stage('sent');
    // bufferedAmount 0 means handed to SCTP, not acknowledged: give the last packets time before closing.
    await sleep(o.settleMs ?? 1500);
    result.connectionState = transport.connectionState;
    if (result.connectionState !== 'connected') result.errors.push(`transport connectionState is ${result.connectionState}`);
    result.channels = opened.map((c) => c.report);
  } catch (e) {
    result.errors.push(String(e && e.message ? e.message : e));
  } finally {
    try {
      transport?.close();
    } catch (e) {
      result.errors.push(`close: ${e.message}`);
    }
    if (result.sessionId && result.accessToken && o.endSession !== false) {
      try {
        await api(o.baseUrl, `/api/session/${encodeURIComponent(result.sessionId)}`, { method: 'DELETE', token: result.accessToken });
        stage('session-ended');
      } catch (e) {
        result.errors.push(e.message);
      }
    }
  }
  result.ok = result.errors.length === 0;
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// ICE gathering only: which candidates a browser gathers with the given ICE servers (no service involved).

/**
 * Gathers ICE candidates on a fresh RTCPeerConnection (one data channel, so there is something to gather for) and
 * returns them with the gathering outcome and any `icecandidateerror`s (e.g. 401 from a TURN server refusing a
 * credential). Never throws.
 *
 * @param {object} o
 * @param {RTCIceServer[]} o.iceServers
 * @param {string} [o.iceTransportPolicy] 'all' (default) or 'relay'
 * @param {number} [o.timeoutMs]          give up waiting for gathering to complete (default 15 s)
 */
export async function gatherCandidates(o) {
  const result = { candidates: [], candidateErrors: [], gatheringComplete: false, errors: [] };
  let pc;
  try {
    pc = new RTCPeerConnection({ iceServers: o.iceServers, iceTransportPolicy: o.iceTransportPolicy ?? 'all' });
    pc.createDataChannel('gather');
    const done = new Promise((resolve) => {
      pc.onicecandidate = (e) => {
        if (!e.candidate) {
          result.gatheringComplete = true;
          resolve();
          return;
        }
        const c = e.candidate;
        result.candidates.push({ type: c.type, protocol: c.protocol, address: c.address, port: c.port,
          relatedAddress: c.relatedAddress, relatedPort: c.relatedPort, url: c.url ?? null });
      };
      pc.onicecandidateerror = (e) => {
        result.candidateErrors.push({ url: e.url, errorCode: e.errorCode, errorText: e.errorText });
      };
    });
    await pc.setLocalDescription(await pc.createOffer());
    await Promise.race([done, sleep(o.timeoutMs ?? 15000)]);
  } catch (e) {
    result.errors.push(String(e && e.message ? e.message : e));
  } finally {
    pc?.close();
  }
  result.ok = result.errors.length === 0;
  return result;
}
