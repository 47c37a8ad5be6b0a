package com.jarvis.ingress.media.transport;

/** Why the server dropped an incoming packet; each reason has a counter in {@link MediaCounters}. */
public enum DropReason {
    /** First byte outside the RFC 7983 STUN, DTLS and RTP/RTCP ranges. */
    UNKNOWN_FIRST_BYTE,
    /** STUN from an unknown tuple whose USERNAME names no local ufrag (or that has no USERNAME at all). */
    STUN_UNKNOWN_UFRAG,
    /** STUN the ICE server dropped silently (malformed, bad FINGERPRINT, indication or response). */
    STUN_IGNORED,
    /** STUN the ICE server rejected with an error response (400, 401, 487). */
    STUN_REJECTED,
    /** DTLS from a tuple no transport validated. */
    DTLS_UNKNOWN_TUPLE,
    /** RTP/RTCP from a tuple no transport validated. */
    RTP_UNKNOWN_TUPLE,
    /** RTP/RTCP before DTLS connected and SRTP was keyed. */
    RTP_NOT_READY,
    /** SRTP/SRTCP authentication tag did not verify. */
    SRTP_AUTH_FAILED,
    /** SRTP/SRTCP replayed or too old for the replay window. */
    SRTP_REPLAY,
    /** SRTP/SRTCP otherwise unusable (too short, bad version, too many streams, bad index). */
    SRTP_INVALID,
    /** Decrypted RTP or RTCP that does not parse. */
    RTP_MALFORMED,
    /** RTP with no producer, or whose payload type or SSRC the producer does not receive. */
    RTP_UNKNOWN_STREAM,
    /** RTP of the producer's stream that arrived late or twice (not played out). */
    RTP_LATE,
    /** RTP whose stream already had a full decode queue (decoding fell behind); the gap is concealed. */
    DECODE_QUEUE_FULL,
    /**
     * A packet that arrived on another I/O thread than its transport's owner (a second candidate pair) while the
     * owner's inbox was full.
     */
    HANDOFF_QUEUE_FULL,
    /** A data channel audio chunk whose session already had a full decode queue (counted by the application). */
    DATA_DECODE_QUEUE_FULL,
    /** A packet arriving at a transport that is closing. */
    TRANSPORT_CLOSED,
    /** An SCTP message on a stream with no open data producer (or whose listener threw). */
    DATA_NO_PRODUCER
}
