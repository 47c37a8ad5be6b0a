package com.jarvis.ingress.media.sctp;

/** DCEP channel types (RFC 8832 section 5.1): reliability and ordering of a channel. */
public enum DataChannelType {
    RELIABLE(0x00), RELIABLE_UNORDERED(0x80), PARTIAL_RELIABLE_REXMIT(0x01),
    PARTIAL_RELIABLE_REXMIT_UNORDERED(0x81), PARTIAL_RELIABLE_TIMED(0x02), PARTIAL_RELIABLE_TIMED_UNORDERED(0x82);

    private final int code;

    DataChannelType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean ordered() {
        return (code & 0x80) == 0;
    }

    public static DataChannelType fromCode(int code) {
        for (DataChannelType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    public static DataChannelType of(boolean ordered, int maxRetransmits, long maxPacketLifeTime) {
        if (maxRetransmits >= 0) {
            return ordered ? PARTIAL_RELIABLE_REXMIT : PARTIAL_RELIABLE_REXMIT_UNORDERED;
        }
        if (maxPacketLifeTime >= 0) {
            return ordered ? PARTIAL_RELIABLE_TIMED : PARTIAL_RELIABLE_TIMED_UNORDERED;
        }
        return ordered ? RELIABLE : RELIABLE_UNORDERED;
    }
}
