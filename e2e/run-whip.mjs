#!/usr/bin/env node
// A WHIP client (RFC 9725) in headless Debian Chromium with nothing but the browser's own RTCPeerConnection
// (no mediasoup-client): the fake microphone plays the tone WAV, a data channel sends a few audio chunks, the
// offer is POSTed to /api/whip, the answer applied, audio streams for --duration ms, then the resource is
// DELETEd unless --keep. Prints one JSON line:
//   {ok, status, location, sessionId, etag, iceState, packetsSent, chunksSent, deleteStatus, error?}
// Usage: node run-whip.mjs BASE_URL --token=ACCESS_TOKEN [--duration=ms] [--wav=path] [--keep]
//        [--chunks=path.opus-json] [--restart] [--print-offer]
// --restart: halfway through, an ICE restart through PATCH (If-Match: *), then streaming goes on.
// --chunks: a JSON array of base64 Opus packets sent one per 20 ms on a data channel "audio".
// --print-offer prints the offer Chromium makes and exits (how the test resource was captured).
// The page is served from its own origin and /api/* is proxied to BASE_URL (as run-browser.mjs does with
// E2E_PROXY=1), unless --cors: then the page calls BASE_URL directly and the service's CORS must allow it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInChromium } from './chromium-harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const flags = Object.fromEntries(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? [a.slice(2), ''] : [a.slice(2, i), a.slice(i + 1)];
  }),
);
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const baseUrl = positional[0] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const durationMs = Number(flags.duration ?? 5000);
const wav = path.resolve(flags.wav ?? path.join(here, 'tone.wav'));
const chunks = flags.chunks ? JSON.parse(fs.readFileSync(flags.chunks, 'utf8')) : [];
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const cors = 'cors' in flags;

const pageScript = `
// ICE restart as RFC 9725 section 4.3.2 describes it: a new offer's credentials in a PATCH with If-Match: *, the
// server's new credentials from the 200 fragment put into the answer we had.
async function restartIce(pc, resource, headers, etag, answer) {
  const before = (await pc.getStats());
  let packetsBefore = 0;
  before.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'audio') packetsBefore = s.packetsSent; });
  pc.restartIce();
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const mid = /a=mid:(\\S+)/.exec(offer.sdp)[1];
  const frag = 'a=ice-ufrag:' + /a=ice-ufrag:(\\S+)/.exec(offer.sdp)[1] + '\\r\\n'
    + 'a=ice-pwd:' + /a=ice-pwd:(\\S+)/.exec(offer.sdp)[1] + '\\r\\n'
    + 'm=audio 9 UDP/TLS/RTP/SAVPF 0\\r\\na=mid:' + mid + '\\r\\n';
  const r = await fetch(resource, { method: 'PATCH', headers: { ...headers, 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': '*' }, body: frag });
  const out = { restartStatus: r.status, restartEtag: r.headers.get('ETag'), packetsBeforeRestart: packetsBefore };
  const text = await r.text();
  if (r.status !== 200) { out.restartError = text; return out; }
  const ufrag = /a=ice-ufrag:(\\S+)/.exec(text)[1];
  const pwd = /a=ice-pwd:(\\S+)/.exec(text)[1];
  const sdp = answer.replace(/a=ice-ufrag:\\S+/g, 'a=ice-ufrag:' + ufrag).replace(/a=ice-pwd:\\S+/g, 'a=ice-pwd:' + pwd);
  await pc.setRemoteDescription({ type: 'answer', sdp });
  const t0 = Date.now();
  while (pc.iceConnectionState !== 'connected' && pc.iceConnectionState !== 'completed' && Date.now() - t0 < 10000) {
    await new Promise((res) => setTimeout(res, 50));
  }
  out.iceStateAfterRestart = pc.iceConnectionState;
  return out;
}

window.runWhip = async ({ endpoint, token, durationMs, keep, chunks, printOffer, restart }) => {
  const out = { ok: false, packetsSent: 0, chunksSent: 0 };
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
    const channel = pc.createDataChannel('audio', { ordered: true });
    // Listen from the start: on loopback ICE, DTLS and SCTP can finish while the PATCH below is still in flight,
    // and an 'open' event fired before a handler is set is lost (the cause of a rare 'did not open in 20 s').
    const opened = new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }));
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (printOffer) return { offer: pc.localDescription.sdp };
    const headers = { 'Content-Type': 'application/sdp' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const r = await fetch(endpoint, { method: 'POST', headers, body: pc.localDescription.sdp });
    out.status = r.status;
    out.location = r.headers.get('Location');
    out.sessionId = r.headers.get('X-Session-Id');
    out.etag = r.headers.get('ETag');
    out.link = r.headers.get('Link');
    const body = await r.text();
    if (r.status !== 201) { out.error = body; return out; }
    await pc.setRemoteDescription({ type: 'answer', sdp: body });
    const resource = new URL(out.location, new URL(endpoint, location.href)).href;
    // Trickle ICE: the server is ICE-lite and learns our address from our checks; a PATCH is still accepted.
    const frag = 'a=ice-ufrag:' + /a=ice-ufrag:(\\S+)/.exec(offer.sdp)[1] + '\\r\\n'
      + 'a=ice-pwd:' + /a=ice-pwd:(\\S+)/.exec(offer.sdp)[1] + '\\r\\n'
      + 'm=audio 9 UDP/TLS/RTP/SAVPF 0\\r\\na=mid:0\\r\\n'
      + 'a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\\r\\na=end-of-candidates\\r\\n';
    const p = await fetch(resource, { method: 'PATCH', headers: { ...headers, 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': out.etag }, body: frag });
    out.patchStatus = p.status;
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('data channel did not open in 20 s; ice ' + pc.iceConnectionState)), 20000);
      opened.then(() => { clearTimeout(t); resolve(); });
    });
    const started = Date.now();
    let i = 0;
    let restarted = !restart;
    while (Date.now() - started < durationMs) {
      if (!restarted && Date.now() - started >= durationMs / 2) {
        restarted = true;
        Object.assign(out, await restartIce(pc, resource, headers, out.etag, body));
      }
      if (i < chunks.length) {
        channel.send(Uint8Array.from(atob(chunks[i]), (c) => c.charCodeAt(0)));
        out.chunksSent++;
        i++;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    const stats = await pc.getStats();
    stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'audio') out.packetsSent = s.packetsSent; });
    out.iceState = pc.iceConnectionState;
    if (!keep) {
      out.deleteStatus = (await fetch(resource, { method: 'DELETE', headers: { Authorization: 'Bearer ' + token } })).status;
    }
    out.ok = out.packetsSent > 0;
    return out;
  } catch (e) {
    out.error = String(e && e.stack || e);
    return out;
  } finally {
    pc.close();
  }
};
window.e2eReady = true;
`;
const html = `<!doctype html><meta charset="utf-8"><title>jarvis whip e2e</title><script>${pageScript}</script>`;

await runInChromium({
  name: 'run-whip',
  baseUrl,
  proxy: !cors,
  routes: { '/': { type: 'text/html', body: html } },
  wav,
  executablePath,
  timeoutMs: durationMs + 90_000,
  work: async (page, pageUrl) => {
    const endpoint = (cors ? baseUrl : pageUrl.slice(0, -1)) + '/api/whip' + (flags.query ? '?' + flags.query : '');
    const result = await page.evaluate((opts) => window.runWhip(opts), {
      endpoint, token: flags.token ?? '', durationMs, keep: 'keep' in flags, chunks, printOffer: 'print-offer' in flags,
      restart: 'restart' in flags,
    });
    if (result.offer) {
      process.stdout.write(result.offer);
      return 0;
    }
    process.stdout.write(JSON.stringify(result) + '\n');
    return result.ok ? 0 : 1;
  },
});
