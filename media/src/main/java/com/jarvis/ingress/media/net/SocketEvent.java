package com.jarvis.ingress.media.net;

/** What a media socket counts: packets in and out, what it could not deliver, and its TCP connections. */
public enum SocketEvent {
    /** A UDP datagram, or a non-empty TCP frame, handed to the handler. */
    RECEIVED,
    /** A UDP datagram sent, or a TCP frame written or queued for the socket. */
    SENT,
    /** An outgoing packet lost: full kernel buffer or write queue, closed socket, I/O error. */
    SEND_DROPPED,
    /** A UDP receive that failed (the socket keeps running). */
    RECEIVE_ERROR,
    /** A zero-length TCP frame (skipped). */
    EMPTY_FRAME,
    /** A TCP frame longer than the limit, or an unreadable length: the connection is closed. */
    OVERSIZE_FRAME,
    /** The handler threw on a packet or a connection close; the socket keeps running. */
    HANDLER_ERROR,
    /** A TCP connection accepted. */
    ACCEPTED,
    /** A TCP connection refused at the listener's connection cap. */
    REJECTED,
    /** A TCP connection closed for sending nothing within the idle timeout. */
    IDLE_CLOSED
}
