package com.jarvis.ingress.media.audio;

/**
 * Receives decoded 16 kHz mono audio of one stream. Called on the thread that decoded it (a {@link DecodePool}
 * thread for RTP, one at a time and in order per stream): implementations must return quickly and must not block;
 * copy {@link AudioFrame#pcm()} if it is kept.
 */
@FunctionalInterface
public interface AudioSink {

    void onAudio(AudioFrame frame);
}
