package com.jarvis.ingress.media.rtp;

import java.util.List;

/**
 * One packet of an RTCP compound packet (RFC 3550 section 6). Parse a compound with {@link RtcpCompoundParser}.
 */
public sealed interface RtcpPacket {
    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int APP = 204;
    int RTPFB = 205;
    int PSFB = 206;

    /** The RTCP packet type (200..206 for the ones modelled here). */
    int packetType();

    /** Sender report: sender info and report blocks. */
    record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                        List<ReportBlock> reportBlocks) implements RtcpPacket {
        @Override
        public int packetType() {
            return SR;
        }
    }

    /** Receiver report. */
    record ReceiverReport(long ssrc, List<ReportBlock> reportBlocks) implements RtcpPacket {
        @Override
        public int packetType() {
            return RR;
        }
    }

    /** Source description: one chunk per SSRC/CSRC. */
    record SourceDescription(List<SdesChunk> chunks) implements RtcpPacket {
        @Override
        public int packetType() {
            return SDES;
        }
    }

    /** One SDES chunk. */
    record SdesChunk(long ssrc, List<SdesItem> items) {
    }

    /** One SDES item: type (1 = CNAME) and its UTF-8 text. */
    record SdesItem(int type, String text) {
        public static final int CNAME = 1;
    }

    /** Goodbye, with an optional reason (null when absent). */
    record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {
        @Override
        public int packetType() {
            return BYE;
        }
    }

    /** Application-defined packet; the data stays in the buffer at {@code dataOffset}. */
    record App(int subtype, long ssrc, String name, int dataOffset, int dataLength) implements RtcpPacket {
        @Override
        public int packetType() {
            return APP;
        }
    }

    /** Transport-layer (205) or payload-specific (206) feedback: only its addressing; the FCI is skipped. */
    record Feedback(int packetType, int format, long senderSsrc, long mediaSsrc) implements RtcpPacket {
    }

    /** Any other packet type (e.g. XR), skipped by its length. */
    record Unknown(int packetType, int length) implements RtcpPacket {
    }
}
