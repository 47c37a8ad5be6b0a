// "Talk": the microphone to a new session over WHIP (RFC 9725) with a plain RTCPeerConnection, and a level meter
// of the local input. Two ways to send the audio:
// - 'rtp': one sendonly audio transceiver (Opus over RTP); WHIP creates the session with the default audioConfig.
// - 'data': audio chunks on a data channel: a session is created first with audioConfig {codec: "pcm",
//   sampleRate: 48000, channels: 1}, then published with POST /api/whip?sessionId=...; an AudioWorklet cuts the
//   microphone into 20 ms 16-bit PCM chunks sent as binary messages. The offer still has a (trackless, silent)
//   sendonly audio section: WHIP requires one.
// The service is ICE-lite: the browser's candidates are not needed (the service learns the browser's address from
// its connectivity checks), so the offer is sent once gathering completes or after a short wait.

const GATHER_WAIT_MS = 1500;
const DATA_SAMPLE_RATE = 48000;
/** Chunks queued in the data channel beyond this are dropped (a stalled channel must not grow memory). */
const MAX_BUFFERED_BYTES = 256 * 1024;

function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener('icegatheringstatechange', check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, GATHER_WAIT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Peak level 0..1 of an audio source, read with an AnalyserNode once per animation frame. */
class LevelMeter {
  constructor(context, source, onLevel) {
    this.analyser = context.createAnalyser();
    this.analyser.fftSize = 1024;
    source.connect(this.analyser);
    this.samples = new Float32Array(this.analyser.fftSize);
    this.onLevel = onLevel;
    this.running = true;
    const tick = () => {
      if (!this.running) return;
      this.analyser.getFloatTimeDomainData(this.samples);
      let peak = 0;
      for (const s of this.samples) peak = Math.max(peak, Math.abs(s));
      this.onLevel(peak);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  close() {
    this.running = false;
    this.onLevel(0);
  }
}

/** 20 ms PCM chunks of an audio source (pcm-worklet.js), each handed to onChunk(ArrayBuffer). */
async function pcmChunks(context, source, onChunk) {
  await context.audioWorklet.addModule('/console/pcm-worklet.js');
  const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 1 });
  node.port.onmessage = (e) => onChunk(e.data);
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(context.destination);
  return node;
}

/**
 * One WHIP publication. start() resolves with the session id once the service answered; onState(connectionState)
 * follows the peer connection. stop() ends the session (DELETE of the WHIP resource) and releases the microphone.
 */
export class WhipTalk {
  constructor(api, { mode = 'rtp', onState, onLevel }) {
    this.api = api;
    this.mode = mode;
    this.onState = onState;
    this.onLevel = onLevel;
    this.pc = null;
    this.stream = null;
    this.context = null;
    this.meter = null;
    this.resource = null;
    this.sessionId = null;
    this.chunksSent = 0;
    this.chunksDropped = 0;
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
    const data = this.mode === 'data';
    this.context = data ? new AudioContext({ sampleRate: DATA_SAMPLE_RATE }) : new AudioContext();
    const source = this.context.createMediaStreamSource(this.stream);
    this.meter = new LevelMeter(this.context, source, this.onLevel);
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    pc.addEventListener('connectionstatechange', () => this.onState(pc.connectionState));
    let url = '/api/whip';
    if (data) {
      const created = await this.api.call('/api/session/create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ audioConfig: { sampleRate: DATA_SAMPLE_RATE, channels: 1, bitDepth: 16, codec: 'pcm' },
          metadata: { client: 'console', transport: 'datachannel' } }),
      });
      this.sessionId = created.sessionId;
      url += `?sessionId=${encodeURIComponent(created.sessionId)}`;
      // WHIP wants a sending audio section; without a track it sends no RTP: the audio goes on the channel.
      pc.addTransceiver('audio', { direction: 'sendonly' });
      const channel = pc.createDataChannel('audio', { ordered: true });
      channel.binaryType = 'arraybuffer';
      await pcmChunks(this.context, source, (chunk) => {
        if (channel.readyState !== 'open') return;
        if (channel.bufferedAmount > MAX_BUFFERED_BYTES) {
          this.chunksDropped++;
          return;
        }
        channel.send(chunk);
        this.chunksSent++;
      });
    } else {
      const [track] = this.stream.getAudioTracks();
      pc.addTransceiver(track, { direction: 'sendonly', streams: [this.stream] });
    }
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const r = await this.api.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: pc.localDescription.sdp,
    });
    const location = r.headers.get('Location');
    this.resource = location ? new URL(location, window.location.href).href : null;
    this.sessionId = r.headers.get('X-Session-Id') || this.sessionId;
    const answer = await r.text();
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.onState(pc.connectionState);
    return this.sessionId;
  }

  async stop() {
    const resource = this.resource;
    this.resource = null;
    try {
      if (resource) await this.api.fetch(resource, { method: 'DELETE' });
      else if (this.sessionId) await this.api.endSession(this.sessionId);
    } finally {
      this.release();
    }
  }

  release() {
    this.meter?.close();
    this.meter = null;
    this.context?.close().catch(() => {});
    this.context = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    if (this.pc) {
      this.pc.close();
      this.onState('closed');
    }
    this.pc = null;
  }
}
