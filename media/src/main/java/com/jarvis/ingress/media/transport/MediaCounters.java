package com.jarvis.ingress.media.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters for metrics export: drops by reason, accepted RTP packets and payload bytes, and transport
 * lifecycle events. Updated from I/O threads without contention (LongAdder); read from any thread.
 */
public final class MediaCounters {
    private final LongAdder[] drops = new LongAdder[DropReason.values().length];
    private final LongAdder rtpPackets = new LongAdder();
    private final LongAdder rtpPayloadBytes = new LongAdder();
    private final LongAdder rtcpPackets = new LongAdder();
    private final LongAdder stunSuccesses = new LongAdder();
    private final LongAdder receiverReportsSent = new LongAdder();
    private final LongAdder transportsCreated = new LongAdder();
    private final LongAdder dataMessages = new LongAdder();
    private final LongAdder dataBytes = new LongAdder();
    private final LongAdder dataChannelsOpened = new LongAdder();
    private final LongAdder dataChannelsClosed = new LongAdder();
    private final LongAdder sctpAssociations = new LongAdder();
    private final LongAdder transportsClosed = new LongAdder();
    private final LongAdder dtlsHandshakes = new LongAdder();
    private final LongAdder iceRestarts = new LongAdder();
    private final LongAdder handedOff = new LongAdder();
    private final LongAdder[] closeReasons = new LongAdder[CloseReason.values().length];

    public MediaCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        for (int i = 0; i < closeReasons.length; i++) {
            closeReasons[i] = new LongAdder();
        }
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }

    /** All drops together. */
    public long totalDrops() {
        long sum = 0;
        for (LongAdder a : drops) {
            sum += a.sum();
        }
        return sum;
    }

    /** RTP packets accepted by a producer (one per packet: {@code ingress_audio_chunks_received_total}). */
    public long rtpPackets() {
        return rtpPackets.sum();
    }

    /** Payload bytes of the accepted RTP packets. */
    public long rtpPayloadBytes() {
        return rtpPayloadBytes.sum();
    }

    /** SRTCP compounds that authenticated and parsed. */
    public long rtcpPackets() {
        return rtcpPackets.sum();
    }

    /** STUN Binding success responses sent. */
    public long stunSuccesses() {
        return stunSuccesses.sum();
    }

    public long receiverReportsSent() {
        return receiverReportsSent.sum();
    }

    public long transportsCreated() {
        return transportsCreated.sum();
    }

    public long transportsClosed() {
        return transportsClosed.sum();
    }

    public long transportsClosed(CloseReason reason) {
        return closeReasons[reason.ordinal()].sum();
    }

    /** DTLS handshakes that completed (at most one per transport: an ICE restart keeps the association). */
    public long dtlsHandshakes() {
        return dtlsHandshakes.sum();
    }

    /** Packets handed from the I/O thread they arrived on to their transport's owner thread. */
    public long handedOff() {
        return handedOff.sum();
    }

    void packetHandedOff() {
        handedOff.increment();
    }

    /** ICE restarts asked for ({@link WebRtcTransport#restartIce()}). */
    public long iceRestarts() {
        return iceRestarts.sum();
    }

    void dtlsHandshakeCompleted() {
        dtlsHandshakes.increment();
    }

    void iceRestarted() {
        iceRestarts.increment();
    }

    /** SCTP messages delivered to data producers. */
    public long dataMessages() {
        return dataMessages.sum();
    }

    /** Payload bytes of those messages. */
    public long dataBytes() {
        return dataBytes.sum();
    }

    /** Data producers opened (pre-negotiated and DCEP). */
    public long dataChannelsOpened() {
        return dataChannelsOpened.sum();
    }

    /** Data producers closed (by either side or with their transport). */
    public long dataChannelsClosed() {
        return dataChannelsClosed.sum();
    }

    /** SCTP associations created (one per transport whose DTLS connected). */
    public long sctpAssociations() {
        return sctpAssociations.sum();
    }

    void dataMessage(int bytes) {
        dataMessages.increment();
        dataBytes.add(bytes);
    }

    void dataChannelOpened() {
        dataChannelsOpened.increment();
    }

    void dataChannelClosed() {
        dataChannelsClosed.increment();
    }

    void sctpAssociationCreated() {
        sctpAssociations.increment();
    }

    /** Also for the application's own queues on the packet path (e.g. {@link DropReason#DATA_DECODE_QUEUE_FULL}). */
    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    void rtp(int payloadBytes) {
        rtpPackets.increment();
        rtpPayloadBytes.add(payloadBytes);
    }

    void rtcp() {
        rtcpPackets.increment();
    }

    void stunSuccess() {
        stunSuccesses.increment();
    }

    void receiverReportSent() {
        receiverReportsSent.increment();
    }

    void transportCreated() {
        transportsCreated.increment();
    }

    void transportClosed(CloseReason reason) {
        transportsClosed.increment();
        closeReasons[reason.ordinal()].increment();
    }
}
