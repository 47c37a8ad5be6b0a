package com.jarvis.ingress.bench.sctp;

import com.jarvis.ingress.media.sctp.DataChunk;
import com.jarvis.ingress.media.sctp.InitChunk;
import com.jarvis.ingress.media.sctp.SctpAssociation;
import com.jarvis.ingress.media.sctp.SctpAssociationListener;
import com.jarvis.ingress.media.sctp.SctpChecksum;
import com.jarvis.ingress.media.sctp.SctpChunkType;
import com.jarvis.ingress.media.sctp.SctpConfig;
import com.jarvis.ingress.media.sctp.SctpCookieSecret;
import com.jarvis.ingress.media.sctp.SctpPacketReader;
import com.jarvis.ingress.media.sctp.SctpPacketWriter;
import com.jarvis.ingress.media.sctp.SctpState;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SCTP receive path of the server side of an association, fed DATA packets as the DTLS layer would: checksum,
 * verification tag, TSN tracking, reassembly, delivery of a fresh copy to the listener, and the SACKs that go out
 * (to a sender that discards them). Each packet is made by patching TSN/SSN into a template and recomputing its
 * CRC32c; {@code patchOnly1KiB} measures that sender-side cost alone so it can be subtracted.
 * {@code receive1KiB}: one op = one 1 KiB message (one packet). {@code reassemble64KiB}: one op = one 64 KiB
 * message in 56 fragments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SctpBenchmark {
    private static final int PEER_TAG = 0x0badcafe;
    private static final int PEER_INITIAL_TSN = 1000;

    private SctpAssociation assoc;
    private Blackhole sink;
    private final SctpChecksum checksum = new SctpChecksum();
    private int theirTag;
    private int nextTsn;
    private int nextSsn;
    private byte[] small;
    private byte[][] fragments;
    private long now = 1_000_000;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        sink = bh;
        SctpConfig cfg = SctpConfig.defaults();
        byte[][] lastSent = new byte[1][];
        assoc = new SctpAssociation(cfg, SctpCookieSecret.random(),
                (b, o, l) -> lastSent[0] = Arrays.copyOfRange(b, o, o + l), new SctpAssociationListener() {
                    @Override
                    public void onMessage(int streamId, int ppid, byte[] data) {
                        sink.consume(data);
                    }
                }, () -> now);
        SctpPacketWriter w = new SctpPacketWriter(1500);
        w.start(5000, 5000, 0);
        new InitChunk(false, PEER_TAG, 1 << 20, 1024, 1024, PEER_INITIAL_TSN, true, true, null).writeTo(w);
        int len = w.finish();
        assoc.onPacket(w.buffer(), 0, len, now);
        SctpPacketReader r = new SctpPacketReader();
        r.reset(lastSent[0], 0, lastSent[0].length);
        r.nextChunk();
        InitChunk ack = InitChunk.decode(true, r.buffer(), r.valueOffset(), r.valueLength());
        theirTag = ack.initiateTag();
        w.start(5000, 5000, theirTag);
        w.beginChunk(SctpChunkType.COOKIE_ECHO, 0).putBytes(ack.cookie(), 0, ack.cookie().length).endChunk();
        len = w.finish();
        assoc.onPacket(w.buffer(), 0, len, now);
        if (assoc.state() != SctpState.ESTABLISHED) {
            throw new IllegalStateException("not established");
        }
        nextTsn = PEER_INITIAL_TSN;
        small = packet(w, SctpChunkType.FLAG_BEGIN | SctpChunkType.FLAG_END, new byte[1024]);
        int payload = cfg.maxDataPayload();
        int total = 65536;
        int n = (total + payload - 1) / payload;
        fragments = new byte[n][];
        for (int i = 0; i < n; i++) {
            int flen = Math.min(payload, total - i * payload);
            int flags = (i == 0 ? SctpChunkType.FLAG_BEGIN : 0) | (i == n - 1 ? SctpChunkType.FLAG_END : 0);
            byte[] data = new byte[flen];
            Arrays.fill(data, (byte) i);
            fragments[i] = packet(w, flags, data);
        }
    }

    private byte[] packet(SctpPacketWriter w, int flags, byte[] data) {
        w.start(5000, 5000, theirTag);
        new DataChunk(flags, 0, 1, 0, 53, data).writeTo(w);
        int len = w.finish();
        return Arrays.copyOf(w.buffer(), len);
    }

    /** Patches TSN and SSN (DATA value at offset 16) and recomputes the checksum. */
    private void patch(byte[] p, int tsn, int ssn) {
        p[16] = (byte) (tsn >>> 24);
        p[17] = (byte) (tsn >>> 16);
        p[18] = (byte) (tsn >>> 8);
        p[19] = (byte) tsn;
        p[22] = (byte) (ssn >>> 8);
        p[23] = (byte) ssn;
        checksum.write(p, 0, p.length);
    }

    /** Fails the run if packets were dropped instead of delivered (the benchmark would measure nothing). */
    @TearDown(Level.Trial)
    public void check() {
        var stats = assoc.stats();
        if (!stats.drops().isEmpty() || stats.state() != SctpState.ESTABLISHED
                || stats.receiveBufferedBytes() != 0) {
            throw new IllegalStateException("benchmark input was not accepted: " + stats);
        }
        System.out.println("\nmessages delivered: " + stats.messagesDelivered() + ", SACKs sent: "
                + stats.sacksSent());
    }

    @Benchmark
    public void receive1KiB() {
        patch(small, nextTsn++, nextSsn);
        nextSsn = (nextSsn + 1) & 0xffff;
        assoc.onPacket(small, 0, small.length, now);
    }

    @Benchmark
    public void reassemble64KiB() {
        for (byte[] f : fragments) {
            patch(f, nextTsn++, nextSsn);
            assoc.onPacket(f, 0, f.length, now);
        }
        nextSsn = (nextSsn + 1) & 0xffff;
    }

    @Benchmark
    public int patchOnly1KiB() {
        patch(small, nextTsn, nextSsn);
        return small[8];
    }
}
