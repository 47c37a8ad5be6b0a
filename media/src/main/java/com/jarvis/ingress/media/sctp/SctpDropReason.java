package com.jarvis.ingress.media.sctp;

/** Why received input (a packet, a chunk or a message) was dropped; each has a counter on the association. */
public enum SctpDropReason {
    /** Shorter than the common header. */
    TOO_SHORT,
    /** CRC32c mismatch. */
    BAD_CHECKSUM,
    /** Destination port is not ours. */
    BAD_PORT,
    /** Verification tag does not match the association (or INIT with a non-zero tag). */
    BAD_VERIFICATION_TAG,
    /** A chunk whose length or fields are inconsistent; the rest of the packet is dropped. */
    MALFORMED_CHUNK,
    /** A chunk type we do not know; skipped or the packet dropped as its upper bits say. */
    UNKNOWN_CHUNK,
    /** INIT bundled with other chunks, or INIT/INIT ACK parameters unusable. */
    BAD_INIT,
    /** Packet for no association (no INIT / COOKIE ECHO while closed), or chunk not allowed in this state. */
    OUT_OF_STATE,
    /** COOKIE ECHO whose signature does not verify. */
    BAD_COOKIE,
    /** COOKIE ECHO older than the cookie lifetime. */
    STALE_COOKIE,
    /** COOKIE ECHO for a different association incarnation (peer restart); not supported. */
    UNEXPECTED_COOKIE,
    /** DATA beyond the receive buffer. */
    RECEIVE_BUFFER_FULL,
    /** DATA with a TSN too far beyond the cumulative ack (outside the tracked window). */
    TSN_OUT_OF_WINDOW,
    /** DATA already received (reported as duplicate TSN in the next SACK). */
    DUPLICATE_TSN,
    /** DATA for a stream id beyond the negotiated inbound streams. */
    INVALID_STREAM,
    /** A message larger than the maximum message size: discarded whole. */
    OVERSIZED_MESSAGE,
    /** A fragment that does not continue the message being reassembled (missing B/E, TSN gap). */
    BROKEN_FRAGMENT,
    /** An ordered message whose SSN is behind the stream's next expected SSN. */
    STALE_SSN,
    /** A SACK acknowledging TSNs we never sent, or an older SACK. */
    BAD_SACK,
    /** RE-CONFIG request that was denied or out of sequence. */
    BAD_RECONFIG,
    /** A message for a stream with no data channel. */
    NO_CHANNEL,
    /** A malformed or unexpected DCEP message. */
    BAD_DCEP
}
