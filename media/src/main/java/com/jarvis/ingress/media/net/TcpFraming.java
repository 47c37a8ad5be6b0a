package com.jarvis.ingress.media.net;

import java.nio.ByteBuffer;

/**
 * How a {@link TcpListener} cuts its byte streams into packets.
 *
 * <ul>
 *   <li>{@link #RFC4571}: each packet is preceded by a 2-byte big-endian length (ICE-TCP, RFC 6544), and replies
 *       get the same prefix;</li>
 *   <li>{@link #STUN}: STUN messages back to back, each sized by the length field of its own 20-byte header
 *       (RFC 8489 section 6.2.2, what a STUN server on TCP speaks); replies are written as they are. A stream
 *       whose next bytes cannot start a STUN message cannot be resynchronised and is closed.</li>
 * </ul>
 */
public enum TcpFraming {
    RFC4571(2, 2),
    STUN(4, 0);

    private static final int STUN_HEADER_LENGTH = 20;

    /** Bytes needed at the start of a frame to know its length. */
    final int lengthBytes;
    /** Bytes before the packet in a frame (skipped on delivery, written before each reply). */
    final int prefixBytes;

    TcpFraming(int lengthBytes, int prefixBytes) {
        this.lengthBytes = lengthBytes;
        this.prefixBytes = prefixBytes;
    }

    /**
     * Length of the packet whose frame starts at {@code pos} (at least {@link #lengthBytes} bytes are there), not
     * counting the prefix; -1 if these bytes cannot start a frame.
     */
    int packetLength(byte[] in, int pos) {
        if (this == RFC4571) {
            return readShort(in, pos);
        }
        int field = readShort(in, pos + 2);
        // STUN: top two bits of the type zero, a message length that is a multiple of four.
        if ((in[pos] & 0xC0) != 0 || (field & 3) != 0) {
            return -1;
        }
        return STUN_HEADER_LENGTH + field;
    }

    private static int readShort(byte[] in, int i) {
        return ((in[i] & 0xFF) << 8) | (in[i + 1] & 0xFF);
    }

    /** Writes the prefix of a frame carrying {@code len} bytes (nothing for {@link #STUN}). */
    void putPrefix(ByteBuffer out, int len) {
        if (this == RFC4571) {
            out.put((byte) (len >>> 8)).put((byte) len);
        }
    }
}
