package com.jarvis.ingress.sdp;

/** {@code a=setup} (RFC 8842 / RFC 4145): which side opens DTLS. */
public enum SetupRole {
    ACTPASS("actpass"),
    ACTIVE("active"),
    PASSIVE("passive"),
    HOLDCONN("holdconn");

    private final String wire;

    SetupRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws SdpException (malformed) for a value RFC 4145 does not define */
    static SetupRole parse(String value) {
        for (SetupRole r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw SdpException.malformed("a=setup must be actpass, active, passive or holdconn, not '"
                + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
    }
}
