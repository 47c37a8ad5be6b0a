package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;

/**
 * FORWARD-TSN (RFC 3758 section 3.2): the receiver moves its cumulative TSN to {@code newCumulativeTsn} and, for
 * each listed ordered stream, skips sequence numbers up to and including the given one.
 *
 * @param streamSsns stream id / SSN pairs, flattened
 */
public record ForwardTsnChunk(int newCumulativeTsn, int[] streamSsns) {

    public static ForwardTsnChunk decode(byte[] b, int off, int len) {
        if (len < 4 || (len - 4) % 4 != 0) {
            return null;
        }
        int n = (len - 4) / 4;
        int[] pairs = new int[n * 2];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = u16(b, off + 4 + 4 * i);
            pairs[2 * i + 1] = u16(b, off + 6 + 4 * i);
        }
        return new ForwardTsnChunk(i32(b, off), pairs);
    }

    public void writeTo(SctpPacketWriter w) {
        w.beginChunk(SctpChunkType.FORWARD_TSN, 0).put32(newCumulativeTsn);
        for (int v : streamSsns) {
            w.put16(v);
        }
        w.endChunk();
    }

    /** Encoded size including the chunk header. */
    public int encodedLength() {
        return 8 + streamSsns.length * 2;
    }
}
