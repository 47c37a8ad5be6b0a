package com.jarvis.ingress.media.stun;

/** What the STUN server did with one packet it received. */
public enum StunResult {
    /** A Binding request, answered with a success response. */
    ANSWERED,
    /** A well-formed STUN message that is not a Binding request (other methods, indications, responses): dropped. */
    IGNORED,
    /** Not STUN, malformed attributes, or a wrong FINGERPRINT: dropped. */
    MALFORMED,
    /** A Binding request whose answer could not be sent (full socket buffer, closed connection). */
    SEND_FAILED
}
