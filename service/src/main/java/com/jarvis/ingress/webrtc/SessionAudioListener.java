package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import java.util.UUID;

/**
 * Receives a session's decoded audio: 16 kHz mono PCM, whatever the client sent (RTP Opus, or audio chunks on data
 * channels). Called on a media I/O thread: must not block. {@code frame.pcm()} is only valid during the call.
 */
public interface SessionAudioListener {
    void onAudio(UUID sessionId, AudioFrame frame);

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
