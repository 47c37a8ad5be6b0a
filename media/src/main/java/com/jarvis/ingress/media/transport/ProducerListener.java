package com.jarvis.ingress.media.transport;

/**
 * Per-packet notifications of a {@link Producer}, for metrics (one call per accepted RTP packet). Called on the
 * I/O thread: must be quick (e.g. increment a counter) and must not block.
 */
@FunctionalInterface
public interface ProducerListener {
    /** One RTP packet of the producer's stream was accepted; {@code payloadBytes} is the Opus payload size. */
    void onRtpPacket(int payloadBytes);

    ProducerListener NONE = payloadBytes -> { };
}
