package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import java.util.UUID;

/**
 * Receives a session's decoded audio: 16 kHz mono PCM, whatever the client sent (RTP Opus, or audio chunks on data
 * channels). RTP audio arrives on a decode thread ({@code opus-decode-N}, in order per session, never under a
 * transport lock); undecoded Opus ({@link #onEncodedAudio}) and data-channel audio on a media I/O thread. Either
 * way: must not block. {@code frame.pcm()} is only valid during the call. After {@link #onAudioEnded} no frame
 * of that transport follows.
 * The source shows in the frame: RTP audio has an {@code rtpTimestamp} (>= 0), data-channel audio has -1.
 */
public interface SessionAudioListener {
    void onAudio(UUID sessionId, AudioFrame frame);

    /**
     * True when this listener wants the session's RTP audio as undecoded Opus packets ({@link #onEncodedAudio})
     * instead of PCM. When every listener says so, RTP is not decoded at all; otherwise the others still get PCM.
     * Data-channel audio always comes as PCM through {@link #onAudio}.
     */
    default boolean wantsEncodedRtp() {
        return false;
    }

    /**
     * One RTP Opus payload in {@code packet[off, off + len)}, only valid during the call, lasting {@code samples}
     * 16 kHz samples (0 when its TOC could not be parsed). Only called when {@link #wantsEncodedRtp()}.
     */
    default void onEncodedAudio(UUID sessionId, byte[] packet, int off, int len, int samples) {
    }

    /** The session's media ended (transport closed); no more frames follow. */
    default void onAudioEnded(UUID sessionId) {
    }

    /**
     * Every data channel message as it arrived, before decoding ({@code binary}: PPID 53/57, else a string).
     * {@code data} is a fresh array shared by all listeners and the decoder: keep it if you like, never modify it.
     */
    default void onDataMessage(UUID sessionId, int streamId, boolean binary, byte[] data) {
    }

    /** A string message on a data channel: a control message of the client (UTF-8 decoded). */
    default void onControlMessage(UUID sessionId, String text) {
    }
}
