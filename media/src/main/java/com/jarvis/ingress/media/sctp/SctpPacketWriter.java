package com.jarvis.ingress.media.sctp;

/**
 * Builds one SCTP packet in a reusable buffer: common header, then chunks (each padded to four bytes), then the
 * checksum. Not thread-safe; one per association.
 */
public final class SctpPacketWriter {
    private final byte[] buf;
    private final SctpChecksum checksum = new SctpChecksum();
    private int pos;
    private int chunkStart = -1;
    private int chunks;

    public SctpPacketWriter(int capacity) {
        buf = new byte[capacity];
    }

    /** Starts a packet; any unfinished one is discarded. */
    public SctpPacketWriter start(int srcPort, int dstPort, int verificationTag) {
        pos = 0;
        chunks = 0;
        chunkStart = -1;
        put16(srcPort);
        put16(dstPort);
        put32(verificationTag);
        put32(0);
        return this;
    }

    public int capacity() {
        return buf.length;
    }

    /** Bytes still free for chunk data (the packet must stay within the writer's capacity). */
    public int remaining() {
        return buf.length - pos;
    }

    public int chunkCount() {
        return chunks;
    }

    public int length() {
        return pos;
    }

    public SctpPacketWriter beginChunk(int type, int flags) {
        chunkStart = pos;
        put8(type);
        put8(flags);
        put16(0);
        return this;
    }

    /** Writes the chunk length (unpadded) and pads the chunk to a multiple of four bytes. */
    public SctpPacketWriter endChunk() {
        int len = pos - chunkStart;
        buf[chunkStart + 2] = (byte) (len >>> 8);
        buf[chunkStart + 3] = (byte) len;
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
        chunkStart = -1;
        chunks++;
        return this;
    }

    /** Appends an already encoded chunk (its bytes including header; padded here). */
    public SctpPacketWriter putChunk(byte[] chunk) {
        System.arraycopy(chunk, 0, buf, pos, chunk.length);
        pos += chunk.length;
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
        chunks++;
        return this;
    }

    public SctpPacketWriter put8(int v) {
        buf[pos++] = (byte) v;
        return this;
    }

    public SctpPacketWriter put16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public SctpPacketWriter put32(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public SctpPacketWriter putBytes(byte[] src, int off, int len) {
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** Pads the current parameter to four bytes (parameters inside a chunk are padded like chunks). */
    public SctpPacketWriter pad() {
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
        return this;
    }

    /** Position inside the buffer, for back-patching a parameter length. */
    public int position() {
        return pos;
    }

    public void patch16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    /** Computes the checksum; the packet is {@code buffer()[0..length())}. */
    public int finish() {
        checksum.write(buf, 0, pos);
        return pos;
    }

    public byte[] buffer() {
        return buf;
    }
}
