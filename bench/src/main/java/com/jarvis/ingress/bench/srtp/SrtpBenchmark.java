package com.jarvis.ingress.bench.srtp;

import com.jarvis.ingress.media.rtp.ReceiveStreamStats;
import com.jarvis.ingress.media.rtp.RtpPacket;
import com.jarvis.ingress.media.srtp.SrtpKeyMaterial;
import com.jarvis.ingress.media.srtp.SrtpProfile;
import com.jarvis.ingress.media.srtp.SrtpSession;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Receive path cost of one Opus packet: SRTP unprotect alone ({@code unprotect}), plus RTP parse with mid and
 * audio-level lookups ({@code unprotectAndParse}), plus the RFC 3550 receive statistics a producer keeps
 * ({@code unprotectParseAndStats}: what the I/O thread does per packet before the hand-over). Packets
 * are protected up front with increasing sequence numbers; each operation copies the next one into the work
 * buffer (unprotect is in place), and the receive context is reset when the ring wraps so the replay window never
 * rejects a packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SrtpBenchmark {
    private static final int RING = 4096;
    private static final int PAYLOAD = 100;
    private static final int SSRC = 0x1234abcd;
    private static final int MID_ID = 1;
    private static final int AUDIO_LEVEL_ID = 10;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public SrtpProfile profile;

    private byte[][] ring;
    private int[] lengths;
    private byte[] work;
    private SrtpSession receiver;
    private ReceiveStreamStats stats;
    private long arrivalNanos;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] exported = new byte[profile.keyingMaterialLength()];
        new Random(7).nextBytes(exported);
        SrtpSession sender = new SrtpSession(SrtpKeyMaterial.fromExported(profile, exported, true));
        receiver = new SrtpSession(SrtpKeyMaterial.fromExported(profile, exported, false));
        ring = new byte[RING][];
        lengths = new int[RING];
        Random payload = new Random(11);
        for (int i = 0; i < RING; i++) {
            byte[] p = opusPacket(i, payload);
            lengths[i] = sender.protectRtp(p, 0, p.length - profile.rtpTagLength());
            ring[i] = p;
        }
        work = new byte[1500];
        stats = new ReceiveStreamStats(SSRC & 0xffffffffL, 48_000);
    }

    /** 12-byte header, one-byte extensions mid="0" (id 1) and audio level (id 10), 100-byte payload. */
    private byte[] opusPacket(int seq, Random payload) {
        byte[] p = new byte[12 + 8 + PAYLOAD + profile.rtpTagLength()];
        p[0] = (byte) 0x90;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        int ts = seq * 960;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (SSRC >>> 24);
        p[9] = (byte) (SSRC >>> 16);
        p[10] = (byte) (SSRC >>> 8);
        p[11] = (byte) SSRC;
        p[12] = (byte) 0xbe;
        p[13] = (byte) 0xde;
        p[15] = 1;
        p[16] = (byte) (MID_ID << 4);
        p[17] = '0';
        p[18] = (byte) (AUDIO_LEVEL_ID << 4);
        p[19] = (byte) (0x80 | 25);
        byte[] opus = new byte[PAYLOAD];
        payload.nextBytes(opus);
        System.arraycopy(opus, 0, p, 20, PAYLOAD);
        return p;
    }

    /** Copies the next protected packet into the work buffer and unprotects it; returns the RTP length. */
    private int unprotectNext() {
        int i = next;
        if (i == 0) {
            receiver.removeReceiveStream(SSRC); // fresh ROC and replay window for the replayed ring
        }
        next = (i + 1) & (RING - 1);
        int len = lengths[i];
        System.arraycopy(ring[i], 0, work, 0, len);
        int n = receiver.unprotectRtp(work, 0, len);
        if (n < 0) {
            throw new IllegalStateException("dropped: " + n);
        }
        return n;
    }

    @Benchmark
    public int unprotect() {
        return unprotectNext();
    }

    @Benchmark
    public int unprotectAndParse() {
        RtpPacket packet = RtpPacket.parse(work, 0, unprotectNext());
        return packet.payloadLength() + packet.audioLevel(AUDIO_LEVEL_ID) + (packet.mid(MID_ID).length() << 8);
    }

    /** As {@code Producer.onRtp} does before handing the payload on: statistics and the audio level. */
    @Benchmark
    public long unprotectParseAndStats() {
        RtpPacket packet = RtpPacket.parse(work, 0, unprotectNext());
        arrivalNanos += 20_000_000;
        stats.onRtp(packet.sequenceNumber(), packet.timestamp(), arrivalNanos, packet.payloadLength());
        int level = packet.audioLevel(AUDIO_LEVEL_ID);
        if (level >= 0) {
            stats.onAudioLevel(level);
        }
        return stats.received() + stats.jitter();
    }
}
