// Browser entry: bundled to dist/page.js. Exposes window.runSession, window.runDataSessions and
// window.gatherCandidates for run-browser.mjs
// (or a human in DevTools).
import { runSession, runDataSession, gatherCandidates } from './session.js';

window.runSession = (options) =>
  runSession({
    ...options,
    // With --use-fake-device-for-media-stream this is Chromium's fake microphone (the WAV given on the command line).
    // Without Chromium's audio processing: its automatic gain control starts loud and settles over ~2 s, and its
    // noise suppression fades a steady tone, so the service would not receive what the WAV holds.
    getTrack: async () => {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { autoGainControl: false, noiseSuppression: false, echoCancellation: false },
      });
      return stream.getAudioTracks()[0];
    },
  });

/** Runs the plan's data channel sessions concurrently: `{baseUrl, endSession, sessions: [runDataSession options]}`. */
window.runDataSessions = ({ baseUrl, endSession, sessions }) =>
  Promise.all(sessions.map((s) => runDataSession({ ...s, baseUrl, endSession })));
/** ICE gathering only: `{iceServers, iceTransportPolicy?, timeoutMs?}` → the candidates Chromium gathered. */
window.gatherCandidates = (options) => gatherCandidates(options);
window.e2eReady = true;
