package com.jarvis.ingress.media.net;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * First-byte demultiplexing of RFC 7983: 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP, anything else unknown.
 * The static methods are pure; an instance also counts what it classified, so unknown packets are visible.
 */
public final class PacketClassifier {
    private final AtomicLongArray counts = new AtomicLongArray(PacketKind.values().length);

    /** Classifies and counts one packet. */
    public PacketKind classify(byte[] buf, int off, int len) {
        PacketKind kind = kindOf(buf, off, len);
        counts.incrementAndGet(kind.ordinal());
        return kind;
    }

    /** How many packets of this kind were classified; {@link PacketKind#UNKNOWN} ones should be dropped. */
    public long count(PacketKind kind) {
        return counts.get(kind.ordinal());
    }

    /** The kind of a packet by its first byte; empty packets are unknown. */
    public static PacketKind kindOf(byte[] buf, int off, int len) {
        if (len <= 0) {
            return PacketKind.UNKNOWN;
        }
        int b = buf[off] & 0xFF;
        if (b <= 3) {
            return PacketKind.STUN;
        }
        if (b >= 20 && b <= 63) {
            return PacketKind.DTLS;
        }
        if (b >= 128 && b <= 191) {
            return PacketKind.RTP_RTCP;
        }
        return PacketKind.UNKNOWN;
    }

    /**
     * For an RTP/RTCP packet: whether it is RTCP, i.e. its second byte (marker + payload type) is 192-223
     * (RFC 5761 section 4: RTCP packet types 192-223 do not collide with RTP payload types in use).
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }
}
