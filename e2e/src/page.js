// Browser entry: bundled to dist/page.js. Exposes window.runSession for run-browser.mjs (or a human in DevTools).
import { runSession } from './session.js';

window.runSession = (options) =>
  runSession({
    ...options,
    // With --use-fake-device-for-media-stream this is Chromium's fake microphone (the WAV given on the command line).
    getTrack: async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      return stream.getAudioTracks()[0];
    },
  });
window.e2eReady = true;
