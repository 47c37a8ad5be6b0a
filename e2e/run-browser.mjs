#!/usr/bin/env node
// Runs one mediasoup-client session in headless Debian Chromium against a running service and prints the
// result as one JSON line. Usage: node run-browser.mjs [BASE_URL] [--duration=ms] [--wav=path]
// Env: BASE_URL, DURATION_MS, TONE_WAV, CHROMIUM (default /usr/bin/chromium), E2E_PROXY=1 (see README).
// Data channel mode: --mode=data --plan=plan.json runs the plan's sessions ({sessions: [...]}, see
// runDataSession in src/session.js) and prints one JSON line per session.
// --ice-transport-policy=relay sends through the TURN server of the service's iceServers only;
// --ice-servers=file.json replaces those iceServers (a JSON array of RTCIceServer).
// Gather mode: --mode=gather --plan=plan.json ({iceServers, iceTransportPolicy?}) only gathers ICE candidates and
// prints them (gatherCandidates in src/session.js); no service is called.
// --restart-ice-at=ms restarts ICE mid-stream (transport/restart-ice + transport.restartIce).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInChromium } from './chromium-harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const flags = Object.fromEntries(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? [a.slice(2), undefined] : [a.slice(2, i), a.slice(i + 1)];
  }),
);
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const baseUrl = positional[0] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const durationMs = Number(flags.duration ?? process.env.DURATION_MS ?? 5000);
const wav = path.resolve(flags.wav ?? process.env.TONE_WAV ?? path.join(here, 'tone.wav'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const proxy = process.env.E2E_PROXY === '1';
// --keep-session leaves the session open so the caller can inspect it on the server afterwards.
const endSession = !('keep-session' in flags);
const dataMode = flags.mode === 'data';
const gatherMode = flags.mode === 'gather';
const plan = dataMode || gatherMode
  ? JSON.parse(fs.readFileSync(flags.plan ?? fail(`--mode=${flags.mode} needs --plan=file`), 'utf8'))
  : null;
const iceServers = flags['ice-servers'] ? JSON.parse(fs.readFileSync(flags['ice-servers'], 'utf8')) : undefined;
const iceTransportPolicy = flags['ice-transport-policy'];
const restartIceAtMs = flags['restart-ice-at'] == null ? undefined : Number(flags['restart-ice-at']);

function fail(message) {
  process.stderr.write(`run-browser: ${message}\n`);
  process.exit(2);
}

const bundle = path.join(here, 'dist', 'page.js');
if (!fs.existsSync(bundle)) fail(`${bundle} missing: run "npm run build"`);
if (!fs.existsSync(wav)) fail(`${wav} missing: run "sh make-tone.sh"`);

const html = '<!doctype html><meta charset="utf-8"><title>jarvis e2e</title><script src="/page.js"></script>';

// Serves the page; with E2E_PROXY=1 also forwards /api/* to the service so the page calls its own origin
// (useful until the service answers CORS preflights).
await runInChromium({
  name: 'run-browser',
  baseUrl,
  proxy,
  routes: { '/': { type: 'text/html', body: html }, '/page.js': { type: 'text/javascript', file: bundle } },
  wav,
  executablePath,
  timeoutMs: durationMs + (dataMode ? 240_000 : 90_000),
  work: async (page, pageUrl) => {
    const target = proxy ? pageUrl : baseUrl;
    if (gatherMode) {
      const result = await page.evaluate((opts) => window.gatherCandidates(opts), plan);
      process.stdout.write(JSON.stringify(result) + '\n');
      return result.ok ? 0 : 1;
    }
    if (dataMode) {
      const results = await page.evaluate((opts) => window.runDataSessions(opts), { baseUrl: target, endSession, sessions: plan.sessions });
      for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
      return results.every((r) => r.ok) ? 0 : 1;
    }
    const result = await page.evaluate((opts) => window.runSession(opts), {
      baseUrl: target, durationMs, endSession, restartIceAtMs, iceServers, iceTransportPolicy,
    });
    process.stdout.write(JSON.stringify(result) + '\n');
    return result.ok ? 0 : 1;
  },
});
