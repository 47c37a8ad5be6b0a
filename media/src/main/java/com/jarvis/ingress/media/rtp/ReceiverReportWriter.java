package com.jarvis.ingress.media.rtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the RTCP we send back for received streams: one or more RRs (31 report blocks each) followed by an SDES
 * CNAME chunk as RFC 3550 section 6.1 requires, or the RRs alone for reduced-size RTCP (RFC 5506).
 */
public final class ReceiverReportWriter {
    /** A report count is 5 bits. */
    public static final int MAX_BLOCKS_PER_RR = 31;

    private final long senderSsrc;
    private final byte[] cname;
    private final boolean reducedSize;

    /**
     * @param senderSsrc  our SSRC as the reporter
     * @param cname       our canonical name (at most 255 UTF-8 bytes)
     * @param reducedSize true to omit SDES (the peer signalled rtcp-rsize)
     */
    public ReceiverReportWriter(long senderSsrc, String cname, boolean reducedSize) {
        this.senderSsrc = senderSsrc & 0xffffffffL;
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
        if (this.cname.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        this.reducedSize = reducedSize;
    }

    /** Bytes {@link #write} needs for {@code streamCount} streams. */
    public int size(int streamCount) {
        int reports = Math.max(1, (streamCount + MAX_BLOCKS_PER_RR - 1) / MAX_BLOCKS_PER_RR);
        int size = 8 * reports + 24 * streamCount;
        if (!reducedSize) {
            size += 8 + ((2 + cname.length + 1 + 3) & ~3); // header, SSRC, item, at least one null, padding
        }
        return size;
    }

    /**
     * Writes the compound into {@code buf} at {@code off}. Each stream's report block is taken (and its interval
     * counters advanced) only when everything fits.
     *
     * @return bytes written, or -1 when {@code buf} is too small (nothing is written then)
     */
    public int write(byte[] buf, int off, List<ReceiveStreamStats> streams, long nowNanos) {
        int total = size(streams.size());
        if (off < 0 || buf.length - off < total) {
            return -1;
        }
        int pos = off;
        int index = 0;
        do {
            int count = Math.min(MAX_BLOCKS_PER_RR, streams.size() - index);
            pos = header(buf, pos, count, RtcpPacket.RR, 1 + 6 * count);
            pos = putInt(buf, pos, senderSsrc);
            for (int i = 0; i < count; i++) {
                pos = block(buf, pos, streams.get(index++).reportBlock(nowNanos));
            }
        } while (index < streams.size());
        if (!reducedSize) {
            int chunk = (2 + cname.length + 1 + 3) & ~3;
            pos = header(buf, pos, 1, RtcpPacket.SDES, (4 + chunk) / 4);
            pos = putInt(buf, pos, senderSsrc);
            buf[pos] = RtcpPacket.SdesItem.CNAME;
            buf[pos + 1] = (byte) cname.length;
            System.arraycopy(cname, 0, buf, pos + 2, cname.length);
            for (int i = 2 + cname.length; i < chunk; i++) {
                buf[pos + i] = 0;
            }
            pos += chunk;
        }
        return pos - off;
    }

    private static int header(byte[] buf, int pos, int count, int type, int lengthWords) {
        buf[pos] = (byte) (0x80 | count);
        buf[pos + 1] = (byte) type;
        buf[pos + 2] = (byte) (lengthWords >>> 8);
        buf[pos + 3] = (byte) lengthWords;
        return pos + 4;
    }

    private static int block(byte[] buf, int pos, ReportBlock b) {
        pos = putInt(buf, pos, b.ssrc());
        buf[pos] = (byte) b.fractionLost();
        buf[pos + 1] = (byte) (b.cumulativeLost() >>> 16);
        buf[pos + 2] = (byte) (b.cumulativeLost() >>> 8);
        buf[pos + 3] = (byte) b.cumulativeLost();
        pos += 4;
        pos = putInt(buf, pos, b.extendedHighestSequence());
        pos = putInt(buf, pos, b.jitter());
        pos = putInt(buf, pos, b.lastSr());
        return putInt(buf, pos, b.delaySinceLastSr());
    }

    private static int putInt(byte[] buf, int pos, long v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        return pos + 4;
    }
}
