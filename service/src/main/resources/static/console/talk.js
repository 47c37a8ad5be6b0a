// "Talk": the microphone to a new session over WHIP (RFC 9725) with a plain RTCPeerConnection, and a level meter
// of the local input. The service is ICE-lite: the browser's candidates are not needed (the service learns the
// browser's address from its connectivity checks), so the offer is sent once gathering completes or after a
// short wait, whichever comes first.

const GATHER_WAIT_MS = 1500;

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

/** Peak level 0..1 of the microphone, read with an AnalyserNode once per animation frame. */
export class LevelMeter {
  constructor(stream, onLevel) {
    this.context = new AudioContext();
    const source = this.context.createMediaStreamSource(stream);
    this.analyser = this.context.createAnalyser();
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
    this.context.close().catch(() => {});
    this.onLevel(0);
  }
}

/**
 * One WHIP publication. start() resolves with the session id once the service answered; onState(connectionState)
 * follows the peer connection. stop() ends the session (DELETE of the WHIP resource) and releases the microphone.
 */
export class WhipTalk {
  constructor(api, { onState, onLevel }) {
    this.api = api;
    this.onState = onState;
    this.onLevel = onLevel;
    this.pc = null;
    this.stream = null;
    this.meter = null;
    this.resource = null;
    this.sessionId = null;
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
    this.meter = new LevelMeter(this.stream, this.onLevel);
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    pc.addEventListener('connectionstatechange', () => this.onState(pc.connectionState));
    const [track] = this.stream.getAudioTracks();
    pc.addTransceiver(track, { direction: 'sendonly', streams: [this.stream] });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const r = await this.api.fetch('/api/whip', {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp' },
      body: pc.localDescription.sdp,
    });
    const location = r.headers.get('Location');
    this.resource = location ? new URL(location, window.location.href).href : null;
    this.sessionId = r.headers.get('X-Session-Id');
    const answer = await r.text();
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.onState(pc.connectionState);
    return this.sessionId;
  }

  /** Sender-side figures of the browser (packets and bytes sent), for the curious. */
  async sent() {
    if (!this.pc) return null;
    const report = await this.pc.getStats();
    for (const s of report.values()) {
      if (s.type === 'outbound-rtp' && s.kind === 'audio') return { packets: s.packetsSent, bytes: s.bytesSent };
    }
    return null;
  }

  async stop() {
    const resource = this.resource;
    this.resource = null;
    try {
      if (resource) await this.api.fetch(resource, { method: 'DELETE' });
    } finally {
      this.release();
    }
  }

  release() {
    this.meter?.close();
    this.meter = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    if (this.pc) {
      this.pc.close();
      this.onState('closed');
    }
    this.pc = null;
  }
}
