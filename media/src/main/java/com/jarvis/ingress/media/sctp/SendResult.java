package com.jarvis.ingress.media.sctp;

/** Outcome of queueing a message for sending. */
public enum SendResult {
    QUEUED,
    /** The send buffer is full; retry after some data was acknowledged. */
    BUFFER_FULL,
    /** Larger than the maximum message size, or empty. */
    TOO_LARGE,
    /** Stream id beyond the negotiated outbound streams, or the stream is being reset. */
    INVALID_STREAM,
    /** The association is not established (or is shutting down). */
    NOT_ESTABLISHED
}
