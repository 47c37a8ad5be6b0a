#!/usr/bin/env node
// Warms a server's signalling path the way a long-running server is warm: the REST sequence the e2e page makes
// (register, session create, capabilities, transport/create, transport/connect, producer/create, session DELETE),
// one call at a time over one keep-alive connection, with no media (no ICE/DTLS follows; the session's end closes
// the transport). Used by bench/lib-chromium-connect.sh for the service and the mediasoup reference alike: after
// the load generator's 300 sessions the service's JIT was still compiling this path (its CPU per capabilities
// call fell from 2.0 to 0.4 ms over the next 25 000 calls).
//
//   node bench/warm-signalling.mjs BASE_URL [sequences=3000]
// Prints one line: sequences done, failed calls, wall time.
import http from 'node:http';
import crypto from 'node:crypto';

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:3000');
const sequences = Number(process.argv[3] ?? 3000);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, path, token, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (data) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(data);
    }
    const req = http.request({ host: base.hostname, port: base.port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, json: text ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const hex = (n) => [...crypto.randomBytes(n)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
// What mediasoup-client sends for a Chromium send transport (media-behaviour.md), with a made-up fingerprint and
// SSRC: the server records them; no DTLS or RTP follows here.
const dtlsParameters = () => ({ role: 'client', fingerprints: [{ algorithm: 'sha-256', value: hex(32) }] });
const rtpParameters = () => ({
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2,
    parameters: { minptime: 10, useinbandfec: 1 }, rtcpFeedback: [{ type: 'transport-cc', parameter: '' }] }],
  headerExtensions: [
    { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1, encrypt: false, parameters: {} },
    { uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: 10, encrypt: false, parameters: {} },
  ],
  encodings: [{ ssrc: crypto.randomInt(1, 2 ** 31), dtx: false }],
  rtcp: { cname: crypto.randomBytes(8).toString('hex'), reducedSize: true },
});

let failed = 0;
const ok = (r) => {
  if (r.status >= 300) failed++;
  return r.json;
};
const started = Date.now();
for (let i = 0; i < sequences; i++) {
  const { accessToken: token } = ok(await call('POST', '/api/auth/register', null, { deviceIdentifier: `warm-${process.pid}-${i}` }));
  const { sessionId } = ok(await call('POST', '/api/session/create', token, {
    audioConfig: { sampleRate: 16000, channels: 1, bitDepth: 16, codec: 'opus' }, metadata: { clientVersion: 'warm-up' } }));
  ok(await call('GET', '/api/webrtc/capabilities', token));
  ok(await call('POST', '/api/webrtc/transport/create', token, { sessionId }));
  ok(await call('POST', '/api/webrtc/transport/connect', token, { sessionId, dtlsParameters: dtlsParameters() }));
  ok(await call('POST', '/api/webrtc/producer/create', token, { sessionId, kind: 'audio', rtpParameters: rtpParameters() }));
  ok(await call('DELETE', `/api/session/${sessionId}`, token));
}
agent.destroy();
process.stdout.write(`warm-signalling ${base.host}: ${sequences} sequences, ${failed} failed calls, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
