package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.srtp.SrtpSession;

/**
 * Writes the SRTP packets of one audio stream the way Chrome sends them: Opus RTP with payload type 111, the
 * mid (id 4) and audio-level (id 1) one-byte header extensions, and SRTCP sender reports. Owned by the pacer thread
 * (the SRTP session's send side is not thread-safe).
 */
final class RtpSender {
    static final int PAYLOAD_TYPE = 111;
    static final int AUDIO_LEVEL_ID = 1;
    static final int MID_ID = 4;
    private static final int HEADER = 12 + 8; // fixed header + one-byte extension block of 2 elements
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private final SrtpSession srtp;
    private final int ssrc;
    private int seq;
    private int timestamp;
    private long packets;
    private long octets;

    RtpSender(SrtpSession srtp, int ssrc, int firstSeq, int firstTimestamp) {
        this.srtp = srtp;
        this.ssrc = ssrc;
        this.seq = firstSeq & 0xffff;
        this.timestamp = firstTimestamp;
    }

    /**
     * Writes the next RTP packet carrying {@code opus} into {@code buf} (needs the payload + 36 bytes) and protects
     * it; advances sequence number and timestamp by one 20 ms frame.
     *
     * @return the SRTP length, or a negative drop code from {@link SrtpSession#protectRtp}
     */
    int writeRtp(byte[] buf, byte[] opus) {
        buf[0] = (byte) 0x90; // V=2, X=1
        buf[1] = (byte) PAYLOAD_TYPE;
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        writeInt(buf, 4, timestamp);
        writeInt(buf, 8, ssrc);
        buf[12] = (byte) 0xBE;
        buf[13] = (byte) 0xDE;
        buf[14] = 0;
        buf[15] = 1; // one 32-bit word of extensions
        buf[16] = (byte) (MID_ID << 4); // length 1
        buf[17] = '0';
        buf[18] = (byte) (AUDIO_LEVEL_ID << 4); // length 1
        buf[19] = (byte) (0x80 | 30); // voice, -30 dBov
        System.arraycopy(opus, 0, buf, HEADER, opus.length);
        int n = srtp.protectRtp(buf, 0, HEADER + opus.length);
        if (n > 0) {
            seq = (seq + 1) & 0xffff;
            timestamp += OpusClip.FRAME_SAMPLES;
            packets++;
            octets += opus.length;
        }
        return n;
    }

    /** Writes an SRTCP sender report for what was sent so far ({@code buf} needs 28 + 4 + 10 bytes). */
    int writeSenderReport(byte[] buf, long wallMillis) {
        buf[0] = (byte) 0x80;
        buf[1] = (byte) 200;
        buf[2] = 0;
        buf[3] = 6; // length in words - 1
        writeInt(buf, 4, ssrc);
        long seconds = wallMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((wallMillis % 1000) << 32) / 1000;
        writeInt(buf, 8, (int) seconds);
        writeInt(buf, 12, (int) fraction);
        writeInt(buf, 16, timestamp);
        writeInt(buf, 20, (int) packets);
        writeInt(buf, 24, (int) octets);
        return srtp.protectRtcp(buf, 0, 28);
    }

    long packetsSent() {
        return packets;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
