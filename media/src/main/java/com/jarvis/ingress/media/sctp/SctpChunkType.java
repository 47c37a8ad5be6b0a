package com.jarvis.ingress.media.sctp;

/** SCTP chunk type codes (RFC 9260 section 3.2, RFC 3758, RFC 6525). */
public final class SctpChunkType {
    public static final int DATA = 0;
    public static final int INIT = 1;
    public static final int INIT_ACK = 2;
    public static final int SACK = 3;
    public static final int HEARTBEAT = 4;
    public static final int HEARTBEAT_ACK = 5;
    public static final int ABORT = 6;
    public static final int SHUTDOWN = 7;
    public static final int SHUTDOWN_ACK = 8;
    public static final int ERROR = 9;
    public static final int COOKIE_ECHO = 10;
    public static final int COOKIE_ACK = 11;
    public static final int SHUTDOWN_COMPLETE = 14;
    public static final int RE_CONFIG = 0x82;
    public static final int FORWARD_TSN = 0xC0;

    /** DATA chunk flags. */
    public static final int FLAG_END = 0x01;
    public static final int FLAG_BEGIN = 0x02;
    public static final int FLAG_UNORDERED = 0x04;
    public static final int FLAG_IMMEDIATE = 0x08;
    /** ABORT / SHUTDOWN COMPLETE: the verification tag is the sender's own (reflected) tag. */
    public static final int FLAG_T = 0x01;

    private SctpChunkType() {
    }
}
