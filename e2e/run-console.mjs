#!/usr/bin/env node
// Drives the service's own console page (served at BASE_URL/) in headless Debian Chromium with a fake microphone
// playing a WAV: register, talk, read the figures the page shows next to GET /api/session/:id, wait for a
// transcript, stop, load the recording; checks labels, keyboard focus and colour contrast; saves full-page
// screenshots. Prints JSON lines: {"step":"talking",...} once the session is connected (the caller may then
// publish a transcript into it), and a final result line {"ok":...}.
// Usage: node run-console.mjs BASE_URL [--wav=speech.wav] [--out=dir] [--talk-ms=5000] [--transcript=text]
//        [--mode=rtp|data] (data: the page sends PCM chunks on a data channel instead of an audio track)
//        [--preload=device.json]: only open the page with these credentials in localStorage (an expired access
//        token, say) and report what the page made of them once it listed the sessions.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium-harness.mjs';
import { exitWhenFlushed } from './flush-exit.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const flags = Object.fromEntries(
  process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => {
    const i = a.indexOf('=');
    return i < 0 ? [a.slice(2), ''] : [a.slice(2, i), a.slice(i + 1)];
  }),
);
const baseUrl = (process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000')
  .replace(/\/$/, '');
const wav = path.resolve(flags.wav ?? path.join(here, 'speech.wav'));
const outDir = path.resolve(flags.out ?? path.join(here, 'console-screenshots'));
const talkMs = Number(flags['talk-ms'] ?? 5000);
const transcriptText = flags.transcript ?? '';
const mode = flags.mode ?? 'rtp';
const preload = flags.preload ? fs.readFileSync(flags.preload, 'utf8') : null;

const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const log = (m) => process.stderr.write(`run-console: ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!fs.existsSync(wav)) {
  log(`${wav} missing: run "sh make-speech.sh"`);
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

/** In the page: every input and button has an accessible name. */
function unlabelled() {
  const missing = [];
  for (const el of document.querySelectorAll('input, select, textarea, button, meter, audio')) {
    const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim());
    if (!named) missing.push(el.id || el.outerHTML.slice(0, 80));
  }
  return missing;
}

/** In the page: the lowest contrast ratio of any visible text against its (opaque) background. */
function contrast() {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return [255, 255, 255];
  };
  const results = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || box.width === 0 || box.height === 0 || el.closest('[hidden]')) continue;
    if (el.closest('.visually-hidden') || el.closest('.skip')) continue;
    const fg = lum(rgb(style.color));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    results.push({ text: n.textContent.trim().slice(0, 40), id: el.id || el.className || el.tagName, ratio });
  }
  results.sort((a, b) => a.ratio - b.ratio);
  return { checked: results.length, lowest: results.slice(0, 5) };
}

/** In the page: the figures it shows. */
function figures() {
  const t = (id) => document.getElementById(id).textContent.trim();
  return {
    sessionId: document.getElementById('figures').dataset.sessionId ?? null,
    ageMs: Date.now() - Number(document.getElementById('figures').dataset.fetchedAt ?? 0),
    status: t('stat-status'),
    packets: Number(t('stat-packets')),
    packetsLost: Number(t('stat-lost')),
    jitterMs: Number(t('stat-jitter')),
    audioSeconds: Number(t('stat-audio')),
    dataChunks: Number(t('stat-chunks')),
    connection: t('conn-state'),
    level: Number(document.getElementById('level').value),
  };
}

let closeBrowser = async () => {};
let page;
let exitCode = 1;
const result = { ok: false };
const watchdog = setTimeout(() => {
  log('timed out');
  emit({ ...result, error: 'timed out' });
  process.exit(3);
}, 150_000 + talkMs);
/** The whole run; returns early for --preload. */
async function run() {
  const browser = await launchChromium({ wav });
  closeBrowser = browser.close;
  ({ page } = browser);
  await page.setViewportSize({ width: 1280, height: 900 });
  const cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => {
    result.pageErrors = [...(result.pageErrors ?? []), e.message];
  });
  if (preload) {
    await page.addInitScript((device) => localStorage.setItem('jarvis.console.device', device), preload);
  }
  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  if (preload) {
    await page.waitForSelector('#sessions-body[data-loaded-at]', { timeout: 15_000 });
    result.stored = await page.evaluate(() => JSON.parse(localStorage.getItem('jarvis.console.device')));
    result.notice = await page.textContent('#notice');
    result.sessionRows = await page.$$eval('#sessions-body tr', (rows) => rows.map((r) => r.dataset.id));
    result.ok = true;
    exitCode = 0;
    return;
  }
  await page.waitForFunction(() => document.getElementById('health-version').textContent.trim() !== '–',
    null, { timeout: 15_000 });
  result.health = {
    status: await page.textContent('#health-status'),
    version: await page.textContent('#health-version'),
    components: await page.textContent('#health-components'),
  };
  result.unlabelled = await page.evaluate(unlabelled);

  // Keyboard: Tab from the top reaches the device field and Register, each with a visible focus ring.
  const focusOrder = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    focusOrder.push(await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { id: el.id || el.className || el.tagName,
        ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    }));
  }
  result.focusOrder = focusOrder;

  // Register with the keyboard: type a name, Enter.
  const device = `console-e2e-${Date.now()}`;
  await page.focus('#device-id');
  await page.fill('#device-id', device);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#device-info:not([hidden])', { timeout: 15_000 });
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('jarvis.console.device')));
  result.device = { identifier: stored?.deviceIdentifier, userId: stored?.userId, shown: await page.textContent('#device-name') };
  const token = stored.accessToken;
  const apiGet = async (p) => {
    const r = await fetch(`${baseUrl}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: r.status, body: await r.json() };
  };

  // Talk: Space on the focused Talk button.
  await page.check(`#mode-${mode}`);
  await page.focus('#talk');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.getElementById('conn-state').textContent === 'connected', null,
    { timeout: 30_000 });
  const sessionId = (await page.textContent('#talk-session')).trim();
  result.sessionId = sessionId;
  result.accessToken = token;
  emit({ step: 'talking', sessionId });
  const started = Date.now();

  // Figures: what the page shows, then straight away what the API says. Two samples a couple of seconds apart.
  result.samples = [];
  for (const at of [talkMs * 0.4, talkMs]) {
    await sleep(Math.max(0, started + at - Date.now()));
    const shown = await page.evaluate(figures);
    const api = await apiGet(`/api/session/${sessionId}`);
    result.samples.push({ atMs: Date.now() - started, page: shown, api: { status: api.body.status, ...api.body.stats } });
  }
  if (transcriptText) {
    await page.waitForFunction((t) => document.getElementById('transcript').textContent.includes(t), transcriptText,
      { timeout: 20_000 });
  }
  result.transcript = await page.$$eval('#transcript li .text', (els) => els.map((e) => e.textContent));
  result.contrast = await page.evaluate(contrast);
  await page.screenshot({ path: path.join(outDir, `console${mode === 'rtp' ? '' : '-' + mode}.png`), fullPage: true });

  // Stop (a click this time): the session ends, the page says so.
  await page.click('#talk');
  await page.waitForFunction(() => document.getElementById('stat-status').textContent === 'ended'
    && document.getElementById('conn-state').textContent === 'closed', null, { timeout: 20_000 });
  result.afterStop = { page: await page.evaluate(figures), api: (await apiGet(`/api/session/${sessionId}`)).body.status,
    talkLabel: await page.textContent('#talk-label') };
  await page.waitForFunction((id) => {
    const row = [...document.querySelectorAll('#sessions-body tr')].find((r) => r.dataset.id === id);
    return row && row.querySelector('.pill').textContent === 'ended';
  }, sessionId, { timeout: 20_000 });

  // Playback: the stored WAV, as the page plays it.
  await page.click('#load-audio');
  await page.waitForFunction(() => {
    const a = document.getElementById('player');
    return a.src.startsWith('blob:') && a.readyState >= 1 && Number.isFinite(a.duration);
  }, null, { timeout: 20_000 });
  result.playbackSeconds = await page.evaluate(() => document.getElementById('player').duration);
  if (mode === 'rtp') {
    await page.screenshot({ path: path.join(outDir, 'console-ended.png'), fullPage: true });
    // Narrow screen: one column, nothing wider than the viewport.
    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(300);
    result.mobileOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.screenshot({ path: path.join(outDir, 'console-mobile.png'), fullPage: true });
  }
  result.cspViolations = cspViolations;
  result.ok = true;
  exitCode = 0;
}

try {
  await run();
} catch (e) {
  result.error = String(e.stack ?? e);
  log(result.error);
  result.notice = await page?.textContent('#notice').catch(() => null);
  await page?.screenshot({ path: path.join(outDir, 'console-failure.png'), fullPage: true }).catch(() => {});
} finally {
  clearTimeout(watchdog);
  emit(result);
  await closeBrowser();
  exitWhenFlushed(exitCode);
}
