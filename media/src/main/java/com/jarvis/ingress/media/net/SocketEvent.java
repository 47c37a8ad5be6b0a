package com.jarvis.ingress.media.net;

/** What a media socket counts: packets in and out, what it could not deliver, and its TCP connections. */
public enum SocketEvent {
    /** A UDP datagram, or a non-empty TCP frame, handed to the handler. */
    RECEIVED(true, true),
    /** A UDP datagram sent, or a TCP frame written or queued for the socket. */
    SENT(true, true),
    /** An outgoing packet lost: full kernel buffer or write queue, closed socket, I/O error. */
    SEND_DROPPED(true, true),
    /** A UDP receive that failed (the socket keeps running). */
    RECEIVE_ERROR(true, false),
    /** A zero-length TCP frame (skipped). */
    EMPTY_FRAME(false, true),
    /** A TCP frame longer than the limit, or an unreadable length: the connection is closed. */
    OVERSIZE_FRAME(false, true),
    /** The handler threw on a packet or a connection close; the socket keeps running. */
    HANDLER_ERROR(true, true),
    /** A TCP connection accepted. */
    ACCEPTED(false, true),
    /** A TCP connection refused at the listener's connection cap. */
    REJECTED(false, true),
    /** A TCP connection closed for sending nothing within the idle timeout. */
    IDLE_CLOSED(false, true);

    private final boolean udp;
    private final boolean tcp;

    SocketEvent(boolean udp, boolean tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Whether sockets of {@code transport} ever count this event (the others stay at 0). */
    public boolean countedOn(Transport transport) {
        return transport == Transport.UDP ? udp : tcp;
    }
}
