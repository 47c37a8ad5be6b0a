// Shared by run-browser.mjs and run-whip.mjs: a local page server (optionally proxying /api/* to the service, so
// the page calls its own origin) and headless Debian Chromium with the WAV file as its fake microphone.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { exitWhenFlushed } from './flush-exit.mjs';

// routes: { '/path': { type, body } | { type, file } }; '/' and '/index.html' serve routes['/'].
export async function servePage({ baseUrl, proxy, routes }) {
  const server = http.createServer((req, res) => {
    if (proxy && req.url.startsWith('/api/')) {
      const target = new URL(req.url, baseUrl);
      const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      upstream.on('error', (e) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`proxy: ${e.message}`);
      });
      req.pipe(upstream);
      return;
    }
    const route = routes[req.url === '/index.html' ? '/' : req.url];
    if (route) {
      res.writeHead(200, { 'Content-Type': route.type });
      if (route.file) fs.createReadStream(route.file).pipe(res);
      else res.end(route.body);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

// Returns { context, page, close }; the page's console and errors go to stderr.
export async function launchChromium({ wav, executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium' }) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jarvis-e2e-chromium-'));
  // Playwright refuses --user-data-dir in args; a persistent context is how it takes one.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, page, close };
}

// Serves the page, launches Chromium on it, runs work(page, pageUrl) → exit code, cleans up and exits the process
// with that code (2 if work threw, 3 on timeout). name prefixes error messages.
export async function runInChromium({ name, baseUrl, proxy, routes, wav, executablePath, timeoutMs, work }) {
  const { server, url: pageUrl } = await servePage({ baseUrl, proxy, routes });
  let browser;
  let exitCode = 1;
  const timer = setTimeout(() => {
    process.stderr.write(`${name}: timed out\n`);
    process.exit(3);
  }, timeoutMs);
  try {
    browser = await launchChromium({ wav, executablePath });
    await browser.page.goto(pageUrl);
    await browser.page.waitForFunction(() => window.e2eReady === true, null, { timeout: 10_000 });
    exitCode = await work(browser.page, pageUrl);
  } catch (e) {
    process.stderr.write(`${name}: ${e.stack ?? e}\n`);
    exitCode = 2;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    server.close();
  }
  exitWhenFlushed(exitCode);
}
