package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u32;

/**
 * SACK (RFC 9260 section 3.3.4).
 *
 * @param gapBlocks start/end offset pairs relative to the cumulative TSN ack, flattened
 * @param duplicateTsns TSNs received more than once since the last SACK
 */
public record SackChunk(int cumulativeTsnAck, long advertisedWindow, int[] gapBlocks, int[] duplicateTsns) {

    public int gapBlockCount() {
        return gapBlocks.length / 2;
    }

    public static SackChunk decode(byte[] b, int off, int len) {
        if (len < 12) {
            return null;
        }
        int gaps = u16(b, off + 8);
        int dups = u16(b, off + 10);
        if (12 + gaps * 4 + dups * 4 > len) {
            return null;
        }
        int[] blocks = new int[gaps * 2];
        int p = off + 12;
        for (int i = 0; i < gaps; i++) {
            blocks[2 * i] = u16(b, p);
            blocks[2 * i + 1] = u16(b, p + 2);
            p += 4;
        }
        int[] d = new int[dups];
        for (int i = 0; i < dups; i++) {
            d[i] = i32(b, p);
            p += 4;
        }
        return new SackChunk(i32(b, off), u32(b, off + 4), blocks, d);
    }

    public void writeTo(SctpPacketWriter w) {
        w.beginChunk(SctpChunkType.SACK, 0).put32(cumulativeTsnAck).put32((int) advertisedWindow)
                .put16(gapBlocks.length / 2).put16(duplicateTsns.length);
        for (int v : gapBlocks) {
            w.put16(v);
        }
        for (int v : duplicateTsns) {
            w.put32(v);
        }
        w.endChunk();
    }
}
