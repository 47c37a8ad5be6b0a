package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;

import java.util.ArrayList;
import java.util.List;

/**
 * RE-CONFIG chunk (RFC 6525 section 3.1) carrying one or two parameters. Parameters other than stream resets
 * and responses (SSN/TSN reset, add streams) are skipped on decode and answered as denied by the association.
 *
 * @param unsupportedRequestSeqs request sequence numbers of skipped request parameters
 */
public record ReConfigChunk(List<ReConfigParam> params, int[] unsupportedRequestSeqs) {

    public static ReConfigChunk decode(byte[] b, int off, int len) {
        List<ReConfigParam> params = new ArrayList<>(2);
        int[] unsupported = new int[0];
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            int type = u16(b, p);
            int plen = u16(b, p + 2);
            if (plen < 4 || p + plen > end) {
                return null;
            }
            switch (type) {
                case ReConfigParam.TYPE_OUTGOING_RESET -> {
                    if (plen < 16 || (plen - 16) % 2 != 0) {
                        return null;
                    }
                    params.add(new ReConfigParam.OutgoingReset(i32(b, p + 4), i32(b, p + 8), i32(b, p + 12),
                            streams(b, p + 16, (plen - 16) / 2)));
                }
                case ReConfigParam.TYPE_INCOMING_RESET -> {
                    if (plen < 8 || (plen - 8) % 2 != 0) {
                        return null;
                    }
                    params.add(new ReConfigParam.IncomingReset(i32(b, p + 4), streams(b, p + 8, (plen - 8) / 2)));
                }
                case ReConfigParam.TYPE_RESPONSE -> {
                    if (plen < 12) {
                        return null;
                    }
                    params.add(new ReConfigParam.Response(i32(b, p + 4), i32(b, p + 8)));
                }
                default -> {
                    if (plen >= 8) {
                        unsupported = java.util.Arrays.copyOf(unsupported, unsupported.length + 1);
                        unsupported[unsupported.length - 1] = i32(b, p + 4);
                    }
                }
            }
            p += (plen + 3) & ~3;
        }
        if (params.isEmpty() && unsupported.length == 0) {
            return null;
        }
        return new ReConfigChunk(params, unsupported);
    }

    private static int[] streams(byte[] b, int at, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = u16(b, at + 2 * i);
        }
        return s;
    }

    public static void write(SctpPacketWriter w, List<? extends ReConfigParam> params) {
        w.beginChunk(SctpChunkType.RE_CONFIG, 0);
        for (ReConfigParam p : params) {
            p.writeTo(w);
        }
        w.endChunk();
    }

    public void writeTo(SctpPacketWriter w) {
        write(w, params);
    }
}
