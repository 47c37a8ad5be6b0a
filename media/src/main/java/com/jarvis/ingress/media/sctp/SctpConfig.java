package com.jarvis.ingress.media.sctp;

/**
 * Association settings. Defaults follow WebRTC (RFC 8831/8841, mediasoup's sctpParameters): port 5000 both
 * ways, MTU 1200, 1024 streams each way, 256 KiB messages. RTO bounds follow libwebrtc's dcsctp rather than the
 * RFC 9260 defaults (RTO.Initial 1 s, RTO.Min 1 s): initial 500 ms, minimum 220 ms (just above a peer's 200 ms
 * delayed ack), maximum 60 s.
 *
 * @param receiveBufferBytes bytes buffered for reassembly and out-of-order data; also the advertised a_rwnd
 * @param sendBufferBytes bytes queued or unacknowledged before {@link SendResult#BUFFER_FULL}
 * @param maxTsnWindow how far beyond the cumulative TSN received DATA is accepted (bounds the out-of-order set)
 * @param maxRetransmissions consecutive timeouts before the association is considered failed and aborted
 */
public record SctpConfig(int localPort, int remotePort, int mtu, int outboundStreams, int inboundStreams,
                         int maxMessageSize, int receiveBufferBytes, int sendBufferBytes, int maxTsnWindow,
                         long rtoInitialMillis, long rtoMinMillis, long rtoMaxMillis, long cookieLifetimeMillis,
                         long delayedAckMillis, int maxRetransmissions, int maxInitRetransmissions) {

    public static final int DEFAULT_PORT = 5000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 262144;

    public SctpConfig {
        if (mtu < 512 || outboundStreams < 1 || outboundStreams > 65535 || inboundStreams < 1
                || inboundStreams > 65535 || maxMessageSize < 1 || receiveBufferBytes < maxMessageSize
                || maxTsnWindow < 64 || maxTsnWindow > 60000 || rtoMinMillis < 1 || rtoMaxMillis < rtoMinMillis) {
            throw new IllegalArgumentException("invalid SCTP config");
        }
    }

    public static SctpConfig defaults() {
        return new SctpConfig(DEFAULT_PORT, DEFAULT_PORT, 1200, 1024, 1024, DEFAULT_MAX_MESSAGE_SIZE,
                1024 * 1024 + DEFAULT_MAX_MESSAGE_SIZE, 1024 * 1024 + DEFAULT_MAX_MESSAGE_SIZE, 16384,
                500, 220, 60_000, 60_000, 200, 10, 8);
    }

    public SctpConfig withMaxMessageSize(int size) {
        return new SctpConfig(localPort, remotePort, mtu, outboundStreams, inboundStreams, size,
                Math.max(receiveBufferBytes, size), sendBufferBytes, maxTsnWindow, rtoInitialMillis,
                rtoMinMillis, rtoMaxMillis, cookieLifetimeMillis, delayedAckMillis, maxRetransmissions,
                maxInitRetransmissions);
    }

    public SctpConfig withBuffers(int receiveBytes, int sendBytes) {
        return new SctpConfig(localPort, remotePort, mtu, outboundStreams, inboundStreams, maxMessageSize,
                receiveBytes, sendBytes, maxTsnWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis,
                cookieLifetimeMillis, delayedAckMillis, maxRetransmissions, maxInitRetransmissions);
    }

    public SctpConfig withStreams(int outbound, int inbound) {
        return new SctpConfig(localPort, remotePort, mtu, outbound, inbound, maxMessageSize, receiveBufferBytes,
                sendBufferBytes, maxTsnWindow, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, cookieLifetimeMillis,
                delayedAckMillis, maxRetransmissions, maxInitRetransmissions);
    }

    /** Largest DATA payload that fits one packet: MTU minus common header and DATA chunk header. */
    public int maxDataPayload() {
        return mtu - SctpPacketReader.HEADER_LENGTH - DataChunk.HEADER_LENGTH;
    }
}
