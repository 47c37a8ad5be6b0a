package com.jarvis.ingress.media.sctp;

/**
 * One data channel: its stream id and delivery settings (RFC 8831 section 6.6). {@code maxRetransmits} and
 * {@code maxPacketLifeTime} are -1 when unset; at most one is set.
 *
 * @param negotiated true for a channel agreed out of band (mediasoup-client's {@code producedata}), false for
 *     one opened with DCEP
 */
public record DataChannel(int streamId, String label, String protocol, boolean ordered, int maxRetransmits,
                          long maxPacketLifeTime, int priority, boolean negotiated) {

    public DataChannel {
        if (streamId < 0 || streamId > 65534) {
            throw new IllegalArgumentException("stream id out of range: " + streamId);
        }
        label = label == null ? "" : label;
        protocol = protocol == null ? "" : protocol;
    }

    /** A pre-negotiated channel as mediasoup-client's sctpStreamParameters describe it. */
    public static DataChannel negotiated(int streamId, boolean ordered, Integer maxRetransmits,
                                         Integer maxPacketLifeTime, String label, String protocol) {
        return new DataChannel(streamId, label, protocol, ordered, maxRetransmits == null ? -1 : maxRetransmits,
                maxPacketLifeTime == null ? -1 : maxPacketLifeTime, 256, true);
    }

    public DataChannelType type() {
        return DataChannelType.of(ordered, maxRetransmits, maxPacketLifeTime);
    }

    public SendOptions sendOptions() {
        return new SendOptions(ordered, maxRetransmits, maxPacketLifeTime);
    }
}
