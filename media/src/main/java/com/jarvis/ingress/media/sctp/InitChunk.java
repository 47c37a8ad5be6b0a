package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u32;

/**
 * INIT or INIT ACK (RFC 9260 sections 3.3.2, 3.3.3) with the parameters WebRTC uses: Supported Extensions
 * (RFC 5061, listing FORWARD-TSN and RE-CONFIG), Forward-TSN-Supported (RFC 3758) and, in INIT ACK, the State
 * Cookie. Other parameters are skipped on decode.
 *
 * @param cookie the state cookie (INIT ACK only; null in INIT)
 */
public record InitChunk(boolean ack, int initiateTag, long advertisedWindow, int outboundStreams,
                        int inboundStreams, int initialTsn, boolean forwardTsnSupported, boolean reconfigSupported,
                        byte[] cookie) {

    static final int PARAM_STATE_COOKIE = 7;
    static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
    static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;

    /** Decodes a chunk value (after the chunk header); null when malformed. */
    public static InitChunk decode(boolean ack, byte[] b, int off, int len) {
        if (len < 16) {
            return null;
        }
        int tag = i32(b, off);
        long rwnd = u32(b, off + 4);
        int os = u16(b, off + 8);
        int mis = u16(b, off + 10);
        int tsn = i32(b, off + 12);
        boolean fwd = false;
        boolean reconfig = false;
        byte[] cookie = null;
        int p = off + 16;
        int end = off + len;
        while (p + 4 <= end) {
            int type = u16(b, p);
            int plen = u16(b, p + 2);
            if (plen < 4 || p + plen > end) {
                return null;
            }
            switch (type) {
                case PARAM_STATE_COOKIE -> cookie = java.util.Arrays.copyOfRange(b, p + 4, p + plen);
                case PARAM_FORWARD_TSN_SUPPORTED -> fwd = true;
                case PARAM_SUPPORTED_EXTENSIONS -> {
                    for (int i = p + 4; i < p + plen; i++) {
                        int t = b[i] & 0xff;
                        if (t == SctpChunkType.FORWARD_TSN) {
                            fwd = true;
                        } else if (t == SctpChunkType.RE_CONFIG) {
                            reconfig = true;
                        }
                    }
                }
                default -> {
                    // Unknown or unneeded parameter (addresses, ECN, AUTH...): skipped.
                }
            }
            p += (plen + 3) & ~3;
        }
        if (ack && cookie == null) {
            return null;
        }
        return new InitChunk(ack, tag, rwnd, os, mis, tsn, fwd, reconfig, cookie);
    }

    /** Appends this chunk to the packet being written. */
    public void writeTo(SctpPacketWriter w) {
        w.beginChunk(ack ? SctpChunkType.INIT_ACK : SctpChunkType.INIT, 0);
        w.put32(initiateTag).put32((int) advertisedWindow).put16(outboundStreams).put16(inboundStreams)
                .put32(initialTsn);
        if (forwardTsnSupported || reconfigSupported) {
            int n = (forwardTsnSupported ? 1 : 0) + (reconfigSupported ? 1 : 0);
            w.put16(PARAM_SUPPORTED_EXTENSIONS).put16(4 + n);
            if (forwardTsnSupported) {
                w.put8(SctpChunkType.FORWARD_TSN);
            }
            if (reconfigSupported) {
                w.put8(SctpChunkType.RE_CONFIG);
            }
            w.pad();
        }
        if (forwardTsnSupported) {
            w.put16(PARAM_FORWARD_TSN_SUPPORTED).put16(4);
        }
        if (cookie != null) {
            w.put16(PARAM_STATE_COOKIE).put16(4 + cookie.length).putBytes(cookie, 0, cookie.length).pad();
        }
        w.endChunk();
    }
}
