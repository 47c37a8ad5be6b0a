package com.jarvis.ingress.media.ice;

/** Why an incoming STUN packet got no success response; each reason has a counter. */
public enum IceDropReason {
    /** Not parseable as STUN: dropped silently. */
    MALFORMED,
    /** FINGERPRINT present but wrong: dropped silently (RFC 8489 section 7.3). */
    BAD_FINGERPRINT,
    /** Indication or response: ignored. */
    NOT_A_REQUEST,
    /** A request of a method other than Binding: 400. */
    NOT_BINDING,
    /** No FINGERPRINT: 400. */
    NO_FINGERPRINT,
    /** No PRIORITY: 400. */
    NO_PRIORITY,
    /** No USERNAME or no MESSAGE-INTEGRITY: 400. */
    NO_CREDENTIALS,
    /** Unknown local ufrag or bad MESSAGE-INTEGRITY: 401. */
    UNAUTHORIZED,
    /** ICE-CONTROLLED present (the client must be controlling): 487. */
    ROLE_CONFLICT
}
