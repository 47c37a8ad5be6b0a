#!/usr/bin/env node
// Runs N concurrent mediasoup-client sessions from Node (libwebrtc via @roamhq/wrtc), each sending a 440 Hz
// sine, and prints one JSON line per session.
// Usage: node run-node.mjs [N] [BASE_URL] [--duration=ms] [--keep-session] [--ramp=ms]
// Env: BASE_URL, DURATION_MS, SESSIONS. Exit code 0 only if every session passed.
// --keep-session leaves the sessions open so the caller can inspect them on the server afterwards.
// --ramp spreads the session starts over that many ms (default 0: all at once).
// Data channel mode (--mode=data [--chunks=200] [--interval=20] [--keep-session]): each session opens a data
// producer on a 'pcm' session (16 kHz mono) and sends --chunks 20 ms PCM chunks (640 bytes) of a 440 Hz tone,
// one every --interval ms, instead of RTP.
import wrtc from '@roamhq/wrtc';
import { runSession, runDataSession } from './src/session.js';
import { exitWhenFlushed } from './flush-exit.mjs';

// mediasoup-client's Chrome111 handler uses the browser globals; wrtc provides the same classes.
for (const name of [
  'RTCPeerConnection',
  'RTCSessionDescription',
  'RTCIceCandidate',
  'MediaStream',
  'MediaStreamTrack',
  'RTCRtpSender',
  'RTCRtpReceiver',
  'RTCRtpTransceiver',
  'RTCDataChannel',
]) {
  if (wrtc[name]) globalThis[name] = wrtc[name];
}

const flags = Object.fromEntries(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')),
);
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sessions = Number(positional[0] ?? process.env.SESSIONS ?? 1);
const baseUrl = positional[1] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const durationMs = Number(flags.duration ?? process.env.DURATION_MS ?? 5000);
const endSession = !('keep-session' in flags);
const rampMs = Number(flags.ramp ?? 0);
const dataMode = flags.mode === 'data';
const chunks = Number(flags.chunks ?? 200);
const intervalMs = Number(flags.interval ?? 20);

const SAMPLE_RATE = 48000;
const FRAME = SAMPLE_RATE / 100; // RTCAudioSource takes exactly 10 ms per onData call

/** A 440 Hz sine track, fed in 10 ms frames on a drift-free schedule. */
function sineTrack(hz = 440, amplitude = 8000) {
  const source = new wrtc.nonstandard.RTCAudioSource();
  const track = source.createTrack();
  const samples = new Int16Array(FRAME);
  let n = 0;
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor((Date.now() - started) / 10);
    for (; sent < due; sent++) {
      for (let i = 0; i < FRAME; i++, n++) {
        samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * n) / SAMPLE_RATE));
      }
      source.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: FRAME });
    }
  }, 10);
  return { track, stopFeeding: () => clearInterval(timer) };
}

async function oneData(index) {
  const r = await runDataSession({
    baseUrl,
    endSession,
    handlerName: 'Chrome111',
    deviceIdentifier: `e2e-node-dc-${process.pid}-${index}-${Date.now()}`,
    audioConfig: { sampleRate: 16000, channels: 1, bitDepth: 16, codec: 'pcm' },
    channels: [{ name: 'audio', how: 'produce', ordered: true, payload: 'pcm', stream: { count: chunks, intervalMs } }],
  });
  return { index, ...r };
}

async function one(index) {
  if (dataMode) return oneData(index);
  let sine;
  if (rampMs > 0 && sessions > 1) await new Promise((r) => setTimeout(r, (rampMs * index) / (sessions - 1)));
  try {
    const r = await runSession({
      baseUrl,
      durationMs,
      endSession,
      handlerName: 'Chrome111',
      deviceIdentifier: `e2e-node-${process.pid}-${index}-${Date.now()}`,
      getTrack: async () => {
        sine = sineTrack();
        return sine.track;
      },
    });
    return { index, ...r };
  } finally {
    sine?.stopFeeding();
  }
}

const results = await Promise.all(Array.from({ length: sessions }, (_, i) => one(i)));
for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
const failed = results.filter((r) => !r.ok).length;
process.stderr.write(`run-node: ${sessions - failed}/${sessions} sessions ok\n`);
// wrtc keeps native threads alive; leave explicitly.
exitWhenFlushed(failed === 0 ? 0 : 1);
