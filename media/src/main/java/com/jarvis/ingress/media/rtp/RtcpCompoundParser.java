package com.jarvis.ingress.media.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an RTCP compound packet into its packets. Structure is validated as RFC 3550 Appendix A.2 does (version,
 * lengths adding up, padding only on the last packet) without requiring an SR/RR first, since reduced-size RTCP
 * (RFC 5506) allows lone feedback packets. Garbage gives null, never an exception.
 */
public final class RtcpCompoundParser {

    private RtcpCompoundParser() {
    }

    /** The packets of {@code buf[off, off+len)}, or null when the compound is malformed. */
    public static List<RtcpPacket> parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 4 || off > buf.length - len) {
            return null;
        }
        List<RtcpPacket> out = new ArrayList<>(2);
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                return null;
            }
            int b0 = buf[pos] & 0xff;
            if ((b0 >>> 6) != 2) {
                return null;
            }
            int packetLength = 4 * (RtpPacket.u16(buf, pos + 2) + 1);
            if (packetLength > end - pos) {
                return null;
            }
            int bodyEnd = pos + packetLength;
            if ((b0 & 0x20) != 0) {
                int padding = buf[bodyEnd - 1] & 0xff;
                if (bodyEnd != end || padding == 0 || padding > packetLength - 4) {
                    return null;
                }
                bodyEnd -= padding;
            }
            RtcpPacket p = parseOne(buf, pos, bodyEnd, b0 & 0x1f, buf[pos + 1] & 0xff, packetLength);
            if (p == null) {
                return null;
            }
            out.add(p);
            pos += packetLength;
        }
        return out;
    }

    private static RtcpPacket parseOne(byte[] buf, int start, int end, int count, int type, int packetLength) {
        int body = start + 4;
        switch (type) {
            case RtcpPacket.SR: {
                if (end - body < 24 + 24 * count) {
                    return null;
                }
                long ntp = (RtpPacket.u32(buf, body + 4) << 32) | RtpPacket.u32(buf, body + 8);
                return new RtcpPacket.SenderReport(RtpPacket.u32(buf, body), ntp, RtpPacket.u32(buf, body + 12),
                        RtpPacket.u32(buf, body + 16), RtpPacket.u32(buf, body + 20),
                        reportBlocks(buf, body + 24, count));
            }
            case RtcpPacket.RR: {
                if (end - body < 4 + 24 * count) {
                    return null;
                }
                return new RtcpPacket.ReceiverReport(RtpPacket.u32(buf, body), reportBlocks(buf, body + 4, count));
            }
            case RtcpPacket.SDES:
                return sdes(buf, body, end, count);
            case RtcpPacket.BYE: {
                if (end - body < 4 * count) {
                    return null;
                }
                List<Long> ssrcs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ssrcs.add(RtpPacket.u32(buf, body + 4 * i));
                }
                int r = body + 4 * count;
                String reason = null;
                if (r < end) {
                    int n = buf[r] & 0xff;
                    if (r + 1 + n > end) {
                        return null;
                    }
                    reason = new String(buf, r + 1, n, StandardCharsets.UTF_8);
                }
                return new RtcpPacket.Bye(List.copyOf(ssrcs), reason);
            }
            case RtcpPacket.APP: {
                if (end - body < 8) {
                    return null;
                }
                return new RtcpPacket.App(count, RtpPacket.u32(buf, body),
                        new String(buf, body + 4, 4, StandardCharsets.US_ASCII), body + 8, end - body - 8);
            }
            case RtcpPacket.RTPFB:
            case RtcpPacket.PSFB: {
                if (end - body < 8) {
                    return null;
                }
                return new RtcpPacket.Feedback(type, count, RtpPacket.u32(buf, body), RtpPacket.u32(buf, body + 4));
            }
            default:
                return new RtcpPacket.Unknown(type, packetLength);
        }
    }

    private static List<ReportBlock> reportBlocks(byte[] buf, int at, int count) {
        if (count == 0) {
            return List.of();
        }
        ReportBlock[] blocks = new ReportBlock[count];
        for (int i = 0; i < count; i++) {
            int p = at + 24 * i;
            int lost = ((buf[p + 5] & 0xff) << 16) | ((buf[p + 6] & 0xff) << 8) | (buf[p + 7] & 0xff);
            lost = (lost << 8) >> 8; // sign-extend the 24-bit field
            blocks[i] = new ReportBlock(RtpPacket.u32(buf, p), buf[p + 4] & 0xff, lost, RtpPacket.u32(buf, p + 8),
                    RtpPacket.u32(buf, p + 12), RtpPacket.u32(buf, p + 16), RtpPacket.u32(buf, p + 20));
        }
        return List.of(blocks);
    }

    /** SDES chunks: SSRC, items until a zero type, then padding to the next 32-bit boundary. */
    private static RtcpPacket sdes(byte[] buf, int body, int end, int count) {
        List<RtcpPacket.SdesChunk> chunks = new ArrayList<>(count);
        int pos = body;
        for (int c = 0; c < count; c++) {
            if (end - pos < 4) {
                return null;
            }
            long ssrc = RtpPacket.u32(buf, pos);
            pos += 4;
            List<RtcpPacket.SdesItem> items = new ArrayList<>(1);
            while (true) {
                if (pos >= end) {
                    return null;
                }
                int itemType = buf[pos] & 0xff;
                if (itemType == 0) {
                    pos = body + ((pos - body + 4) & ~3); // null octet(s) up to the boundary
                    break;
                }
                if (pos + 2 > end) {
                    return null;
                }
                int n = buf[pos + 1] & 0xff;
                if (pos + 2 + n > end) {
                    return null;
                }
                items.add(new RtcpPacket.SdesItem(itemType, new String(buf, pos + 2, n, StandardCharsets.UTF_8)));
                pos += 2 + n;
            }
            if (pos > end) {
                return null;
            }
            chunks.add(new RtcpPacket.SdesChunk(ssrc, List.copyOf(items)));
        }
        return new RtcpPacket.SourceDescription(List.copyOf(chunks));
    }
}
