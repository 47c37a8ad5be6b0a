package com.jarvis.ingress.media.sctp;

/**
 * Walks one received SCTP packet without copying: the common header, then one chunk at a time. A chunk whose
 * length field is too small or runs past the packet ends the walk with {@link #malformed()} set. Reusable.
 */
public final class SctpPacketReader {
    public static final int HEADER_LENGTH = 12;

    private byte[] buf;
    private int end;
    private int next;
    private boolean malformed;

    private int chunkType;
    private int chunkFlags;
    private int chunkOffset;
    private int chunkLength;

    /** Points the reader at a packet; false (and nothing to read) when it is shorter than the common header. */
    public boolean reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.end = off + len;
        this.malformed = false;
        if (len < HEADER_LENGTH) {
            next = end;
            return false;
        }
        this.next = off + HEADER_LENGTH;
        this.base = off;
        return true;
    }

    private int base;

    public int sourcePort() {
        return u16(buf, base);
    }

    public int destinationPort() {
        return u16(buf, base + 2);
    }

    public int verificationTag() {
        return i32(buf, base + 4);
    }

    /** Advances to the next chunk; false at the end of the packet or on a malformed chunk header. */
    public boolean nextChunk() {
        if (next + 4 > end) {
            if (next != end && next < end) {
                malformed = true;
            }
            return false;
        }
        int len = u16(buf, next + 2);
        if (len < 4 || next + len > end) {
            malformed = true;
            return false;
        }
        chunkType = buf[next] & 0xff;
        chunkFlags = buf[next + 1] & 0xff;
        chunkOffset = next;
        chunkLength = len;
        int padded = (len + 3) & ~3;
        next = Math.min(end, next + padded);
        return true;
    }

    /** True when the walk stopped at bytes that are not a valid chunk. */
    public boolean malformed() {
        return malformed;
    }

    /** True when another chunk header follows the current chunk. */
    public boolean hasMore() {
        return next + 4 <= end;
    }

    public int chunkType() {
        return chunkType;
    }

    public int chunkFlags() {
        return chunkFlags;
    }

    /** Offset of the chunk header in {@link #buffer()}. */
    public int chunkOffset() {
        return chunkOffset;
    }

    /** Chunk length including its 4-byte header, without padding. */
    public int chunkLength() {
        return chunkLength;
    }

    /** Offset of the chunk value (after the 4-byte chunk header). */
    public int valueOffset() {
        return chunkOffset + 4;
    }

    public int valueLength() {
        return chunkLength - 4;
    }

    public byte[] buffer() {
        return buf;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int i32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return i32(b, i) & 0xffffffffL;
    }
}
