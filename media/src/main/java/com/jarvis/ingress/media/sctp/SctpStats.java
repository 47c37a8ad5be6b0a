package com.jarvis.ingress.media.sctp;

import java.util.Map;

/** A snapshot of an association's counters. */
public record SctpStats(SctpState state, long packetsReceived, long packetsSent, long dataChunksReceived,
                        long messagesDelivered, long bytesDelivered, long messagesQueued, long dataChunksSent,
                        long retransmissions, long fastRetransmits, long timeouts, long abandonedMessages,
                        long sacksSent, long forwardTsnSent, long forwardTsnReceived, long initAcksSent,
                        long heartbeatsAnswered, long receiveBufferedBytes, long sendBufferedBytes, long cwnd,
                        long rtoMillis, Map<SctpDropReason, Long> drops) {

    public long drops(SctpDropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
