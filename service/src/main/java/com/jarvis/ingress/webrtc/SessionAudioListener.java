package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import java.util.UUID;

/**
 * Receives a session's decoded audio: 16 kHz mono PCM, whatever the client sent (RTP Opus now, data-channel chunks
 * later). Called on a media I/O thread: must not block. {@code frame.pcm()} is only valid during the call.
 */
public interface SessionAudioListener {
    void onAudio(UUID sessionId, AudioFrame frame);

    /** The session's media ended (transport closed); no more frames follow. */
    default void onAudioEnded(UUID sessionId) {
    }
}
