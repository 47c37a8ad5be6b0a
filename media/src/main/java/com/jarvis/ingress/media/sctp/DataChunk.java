package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;

/**
 * A DATA chunk (RFC 9260 section 3.3.1) as a value, for tests and tools; the association reads DATA chunks in
 * place instead of building these.
 */
public record DataChunk(int flags, int tsn, int streamId, int ssn, int ppid, byte[] payload) {
    public static final int HEADER_LENGTH = 16;

    /** Null when the value is too short or carries no user data (RFC 9260 forbids empty DATA). */
    public static DataChunk decode(int flags, byte[] b, int off, int len) {
        if (len <= HEADER_LENGTH - 4) {
            return null;
        }
        return new DataChunk(flags, i32(b, off), u16(b, off + 4), u16(b, off + 6), i32(b, off + 8),
                java.util.Arrays.copyOfRange(b, off + 12, off + len));
    }

    public void writeTo(SctpPacketWriter w) {
        write(w, flags, tsn, streamId, ssn, ppid, payload, 0, payload.length);
    }

    static void write(SctpPacketWriter w, int flags, int tsn, int streamId, int ssn, int ppid, byte[] data,
                      int off, int len) {
        w.beginChunk(SctpChunkType.DATA, flags).put32(tsn).put16(streamId).put16(ssn).put32(ppid)
                .putBytes(data, off, len).endChunk();
    }
}
