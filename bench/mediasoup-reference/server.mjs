#!/usr/bin/env node
// A timing reference, not a product: the REST calls e2e/run-browser.mjs makes (see e2e/src/session.js), with the
// spec's JSON shapes (shared/spec/ingress-service.md), served by mediasoup 3.8.4 — one Worker, one Router (Opus), one
// WebRtcTransport per session on 127.0.0.1 — so that bench/chromium-connect-vs-mediasoup.sh can time the same
// Chromium page against mediasoup and against the service in one run.
//
// What it leaves out, on purpose (say so next to any figure it produces):
// - Auth is FAKE: register hands out a random token, and a call is accepted when its Bearer token is one this
//   process handed out (a Map lookup). No JWT, no database, no Redis, no rate limit, no revocation check.
// - Sessions live in a Map; there is no PostgreSQL or cache round trip on any call.
// - transport/create returns no iceServers (no STUN/TURN), as the service run by the bench script does not either
//   (STUN_PORT=0, no TURN configured).
// So its server-side time per call is mediasoup's (Node HTTP + the worker's channel round trip), nothing else.
//
// Usage: MEDIASOUP_DIR=/tmp/msref node server.mjs   (a directory with node_modules/mediasoup 3.8.4 built)
// Env: PORT (4120), LISTEN_IP (127.0.0.1), RTC_MIN_PORT (4150), RTC_MAX_PORT (4199), LOG_LEVEL (info: one JSON access
// line per request with durationMs, as the service's access log; warn: none), MEDIASOUP_LOG_LEVEL (warn).
import http from 'node:http';
import crypto from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';

// mediasoup is resolved from MEDIASOUP_DIR when set (its C++ worker is compiled once, outside the repository),
// else from this directory's own node_modules (npm install here).
const require = createRequire(
  process.env.MEDIASOUP_DIR ? path.join(path.resolve(process.env.MEDIASOUP_DIR), 'noop.js') : import.meta.url,
);
const mediasoup = require('mediasoup');

const PORT = Number(process.env.PORT ?? 4120);
const LISTEN_IP = process.env.LISTEN_IP ?? '127.0.0.1';
const ACCESS_LOG = (process.env.LOG_LEVEL ?? 'info') === 'info';

// Opus only, as the service's router (media-behaviour.md: one audio codec, in-band FEC).
const mediaCodecs = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } },
];

const worker = await mediasoup.createWorker({
  logLevel: process.env.MEDIASOUP_LOG_LEVEL ?? 'warn',
  rtcMinPort: Number(process.env.RTC_MIN_PORT ?? 4150),
  rtcMaxPort: Number(process.env.RTC_MAX_PORT ?? 4199),
});
worker.on('died', () => {
  process.stderr.write('mediasoup worker died\n');
  process.exit(1);
});
const router = await worker.createRouter({ mediaCodecs });

/** token -> userId (fake auth, see above). */
const tokens = new Map();
/** sessionId -> { userId, transport, producer } */
const sessions = new Map();

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function caller(req) {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const userId = m && tokens.get(m[1]);
  if (!userId) throw new HttpError(401, 'unauthorized');
  return userId;
}

function ownSession(userId, sessionId) {
  const s = sessions.get(sessionId);
  if (!s || s.userId !== userId) throw new HttpError(404, 'session not found');
  return s;
}

function transportOf(s) {
  if (!s.transport) throw new HttpError(409, 'no transport for this session');
  return s.transport;
}

const routes = {
  'POST /api/auth/register': async (req, body) => {
    if (!body?.deviceIdentifier) throw new HttpError(400, 'deviceIdentifier is required');
    const userId = crypto.randomUUID();
    const accessToken = crypto.randomBytes(24).toString('hex');
    tokens.set(accessToken, userId);
    return [200, { userId, deviceToken: crypto.randomBytes(32).toString('hex'), accessToken,
      refreshToken: crypto.randomBytes(24).toString('hex'), expiresIn: '7d' }];
  },
  'POST /api/session/create': async (req) => {
    const userId = caller(req);
    const sessionId = crypto.randomUUID();
    sessions.set(sessionId, { userId, transport: null, producer: null });
    return [201, { sessionId, status: 'pending', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }];
  },
  'GET /api/webrtc/capabilities': async (req) => {
    caller(req);
    return [200, { capabilities: router.rtpCapabilities }];
  },
  'POST /api/webrtc/transport/create': async (req, body) => {
    const s = ownSession(caller(req), body?.sessionId);
    s.transport?.close();
    // UDP and TCP candidates, SCTP on: the same offer as the service's transport/create.
    const t = await router.createWebRtcTransport({
      listenIps: [{ ip: LISTEN_IP }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      enableSctp: true,
      numSctpStreams: { OS: 1024, MIS: 1024 },
      maxSctpMessageSize: 262144,
    });
    s.transport = t;
    return [200, {
      transportOptions: { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates,
        dtlsParameters: t.dtlsParameters, sctpParameters: t.sctpParameters },
      iceServers: [],
    }];
  },
  'POST /api/webrtc/transport/connect': async (req, body) => {
    const s = ownSession(caller(req), body?.sessionId);
    await transportOf(s).connect({ dtlsParameters: body.dtlsParameters });
    return [200, { success: true }];
  },
  'POST /api/webrtc/producer/create': async (req, body) => {
    const s = ownSession(caller(req), body?.sessionId);
    const producer = await transportOf(s).produce({ kind: body.kind, rtpParameters: body.rtpParameters });
    s.producer = producer;
    return [200, { producerId: producer.id }];
  },
};

async function endSession(req, sessionId) {
  const s = ownSession(caller(req), sessionId);
  s.transport?.close();
  sessions.delete(sessionId);
  return [200, { success: true, message: 'Session ended successfully' }];
}

async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

const server = http.createServer(async (req, res) => {
  const started = process.hrtime.bigint();
  const url = req.url.split('?')[0];
  let status = 500;
  let json;
  try {
    const body = await readJson(req);
    const route = routes[`${req.method} ${url}`];
    const m = /^\/api\/session\/([^/]+)$/.exec(url);
    if (route) [status, json] = await route(req, body);
    else if (req.method === 'DELETE' && m) [status, json] = await endSession(req, decodeURIComponent(m[1]));
    else if (req.method === 'GET' && url === '/health') [status, json] = [200, { status: 'ok' }];
    else throw new HttpError(404, 'not found');
  } catch (e) {
    status = e instanceof HttpError ? e.status : 500;
    json = { error: e.message };
  }
  const text = JSON.stringify(json);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  if (ACCESS_LOG) {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`${JSON.stringify({ method: req.method, path: url, status, durationMs: Math.round(durationMs * 100) / 100 })}\n`);
  }
});
server.listen(PORT, '127.0.0.1', () => {
  process.stderr.write(`mediasoup ${mediasoup.version} reference on http://127.0.0.1:${PORT} (worker pid ${worker.pid})\n`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    worker.close();
    process.exit(0);
  });
}
