package com.jarvis.ingress.media.transport;

/**
 * A data producer's SCTP stream as mediasoup-client signals it: stream id (0 to {@link #MAX_STREAMS}-1), ordered
 * or not, and at most one of the partial-reliability limits (null when unset).
 */
public record SctpStreamParameters(int streamId, boolean ordered, Integer maxPacketLifeTime, Integer maxRetransmits) {
    /** MIS and OS we announce in sctpParameters: stream ids are below it. */
    public static final int MAX_STREAMS = 1024;

    public SctpStreamParameters {
        if (streamId < 0 || streamId >= MAX_STREAMS) {
            throw new IllegalArgumentException("streamId must be 0-" + (MAX_STREAMS - 1));
        }
        if (maxPacketLifeTime != null && maxRetransmits != null) {
            throw new IllegalArgumentException("maxPacketLifeTime and maxRetransmits are mutually exclusive");
        }
        if ((maxPacketLifeTime != null && maxPacketLifeTime < 0) || (maxRetransmits != null && maxRetransmits < 0)) {
            throw new IllegalArgumentException("maxPacketLifeTime/maxRetransmits must not be negative");
        }
    }
}
