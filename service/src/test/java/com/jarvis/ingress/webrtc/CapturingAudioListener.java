package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Test listener: keeps up to 60 s of each session's decoded 16 kHz PCM so tests can analyse what arrived. */
public class CapturingAudioListener implements SessionAudioListener {
    static final int MAX_SAMPLES = 16000 * 60;

    public static final class Capture {
        final short[] pcm = new short[MAX_SAMPLES];
        int samples;
        volatile boolean ended;
        /** Threads that delivered RTP (decoded Opus) frames. */
        final java.util.Set<String> rtpThreads = ConcurrentHashMap.newKeySet();
        /** Frames that arrived after onAudioEnded (the contract says none may). */
        int framesAfterEnd;

        synchronized void add(AudioFrame f) {
            if (ended) {
                framesAfterEnd++;
            }
            if (f.rtpTimestamp() >= 0) {
                rtpThreads.add(Thread.currentThread().getName());
            }
            int n = Math.min(f.sampleCount(), MAX_SAMPLES - samples);
            System.arraycopy(f.pcm(), 0, pcm, samples, n);
            samples += n;
        }

        public synchronized short[] pcm() {
            return java.util.Arrays.copyOf(pcm, samples);
        }

        public boolean ended() {
            return ended;
        }

        public java.util.Set<String> rtpThreads() {
            return java.util.Set.copyOf(rtpThreads);
        }

        public synchronized int framesAfterEnd() {
            return framesAfterEnd;
        }
    }

    private final Map<UUID, Capture> captures = new ConcurrentHashMap<>();

    @Override
    public void onAudio(UUID sessionId, AudioFrame frame) {
        captures.computeIfAbsent(sessionId, k -> new Capture()).add(frame);
    }

    @Override
    public void onAudioEnded(UUID sessionId) {
        Capture c = captures.get(sessionId);
        if (c != null) {
            c.ended = true;
        }
    }

    public Capture capture(UUID sessionId) {
        return captures.get(sessionId);
    }
}
