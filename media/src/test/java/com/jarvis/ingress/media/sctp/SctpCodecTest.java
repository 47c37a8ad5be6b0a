package com.jarvis.ingress.media.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SctpCodecTest {

    private static SctpPacketReader readSingle(SctpPacketWriter w) {
        int len = w.finish();
        SctpPacketReader r = new SctpPacketReader();
        assertThat(new SctpChecksum().verify(w.buffer(), 0, len)).isTrue();
        assertThat(r.reset(w.buffer(), 0, len)).isTrue();
        assertThat(r.nextChunk()).isTrue();
        return r;
    }

    @Test
    void crc32cMatchesRfc3720Vectors() {
        // RFC 3720 appendix B.4: 32 bytes of zeros -> bytes aa 36 91 8a on the wire (same order as SCTP).
        byte[] zeros = new byte[32];
        new SctpChecksum().write(zeros, 0, 32);
        assertThat(Arrays.copyOfRange(zeros, 8, 12)).containsExactly(0xaa, 0x36, 0x91, 0x8a);
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        CRC32C c = new CRC32C();
        c.update(ones);
        assertThat(c.getValue()).isEqualTo(0x62a8ab43L);
        byte[] inc = new byte[32];
        for (int i = 0; i < 32; i++) {
            inc[i] = (byte) i;
        }
        c.reset();
        c.update(inc);
        assertThat(c.getValue()).isEqualTo(0x46dd794eL);
    }

    @Test
    void checksumDetectsCorruption() {
        SctpPacketWriter w = new SctpPacketWriter(1200).start(5000, 5000, 0x11223344);
        w.beginChunk(SctpChunkType.COOKIE_ACK, 0).endChunk();
        int len = w.finish();
        byte[] p = Arrays.copyOf(w.buffer(), len);
        SctpChecksum cs = new SctpChecksum();
        assertThat(cs.verify(p, 0, len)).isTrue();
        p[13] ^= 1;
        assertThat(cs.verify(p, 0, len)).isFalse();
    }

    @Test
    void initAndInitAckRoundTrip() {
        InitChunk init = new InitChunk(false, 0xdeadbeef, 1_310_720, 1024, 1024, 0x7fffffff, true, true, null);
        SctpPacketWriter w = new SctpPacketWriter(1200).start(5000, 5000, 0);
        init.writeTo(w);
        SctpPacketReader r = readSingle(w);
        assertThat(r.chunkType()).isEqualTo(SctpChunkType.INIT);
        InitChunk back = InitChunk.decode(false, r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(back).isEqualTo(init);

        byte[] cookie = {1, 2, 3, 4, 5};
        InitChunk ack = new InitChunk(true, 7, 65535, 10, 20, 99, true, false, cookie);
        w.start(5000, 5000, 0xdeadbeef);
        ack.writeTo(w);
        r = readSingle(w);
        InitChunk ackBack = InitChunk.decode(true, r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(ackBack.cookie()).containsExactly(cookie);
        assertThat(ackBack.forwardTsnSupported()).isTrue();
        assertThat(ackBack.reconfigSupported()).isFalse();
        assertThat(ackBack.inboundStreams()).isEqualTo(20);
        assertThat(ackBack.advertisedWindow()).isEqualTo(65535);
    }

    @Test
    void initAckWithoutCookieIsMalformed() {
        SctpPacketWriter w = new SctpPacketWriter(1200).start(5000, 5000, 0);
        new InitChunk(false, 1, 1500, 1, 1, 1, false, false, null).writeTo(w);
        SctpPacketReader r = readSingle(w);
        assertThat(InitChunk.decode(true, r.buffer(), r.valueOffset(), r.valueLength())).isNull();
        assertThat(InitChunk.decode(false, r.buffer(), r.valueOffset(), 8)).isNull();
    }

    @Test
    void sackRoundTripWithGapsAndDuplicates() {
        SackChunk s = new SackChunk(0xfffffff0, 123456, new int[] {2, 3, 5, 9}, new int[] {0xfffffff0, 17});
        SctpPacketWriter w = new SctpPacketWriter(1200).start(5000, 5000, 1);
        s.writeTo(w);
        SctpPacketReader r = readSingle(w);
        SackChunk back = SackChunk.decode(r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(back.cumulativeTsnAck()).isEqualTo(0xfffffff0);
        assertThat(back.advertisedWindow()).isEqualTo(123456);
        assertThat(back.gapBlocks()).containsExactly(2, 3, 5, 9);
        assertThat(back.duplicateTsns()).containsExactly(0xfffffff0, 17);
        // A count that runs past the chunk is rejected.
        assertThat(SackChunk.decode(r.buffer(), r.valueOffset(), r.valueLength() - 4)).isNull();
    }

    @Test
    void dataForwardTsnAndReconfigRoundTrip() {
        DataChunk d = new DataChunk(SctpChunkType.FLAG_BEGIN | SctpChunkType.FLAG_END, 42, 3, 7, 53,
                new byte[] {9, 8, 7});
        SctpPacketWriter w = new SctpPacketWriter(1200).start(5000, 5000, 1);
        d.writeTo(w);
        SctpPacketReader r = readSingle(w);
        assertThat(r.chunkLength()).isEqualTo(19);
        DataChunk db = DataChunk.decode(r.chunkFlags(), r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(db.tsn()).isEqualTo(42);
        assertThat(db.streamId()).isEqualTo(3);
        assertThat(db.ssn()).isEqualTo(7);
        assertThat(db.ppid()).isEqualTo(53);
        assertThat(db.payload()).containsExactly(9, 8, 7);
        assertThat(db.flags()).isEqualTo(3);

        ForwardTsnChunk f = new ForwardTsnChunk(1000, new int[] {1, 5, 2, 65535});
        w.start(5000, 5000, 1);
        f.writeTo(w);
        r = readSingle(w);
        ForwardTsnChunk fb = ForwardTsnChunk.decode(r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(fb.newCumulativeTsn()).isEqualTo(1000);
        assertThat(fb.streamSsns()).containsExactly(1, 5, 2, 65535);

        w.start(5000, 5000, 1);
        ReConfigChunk.write(w, List.of(new ReConfigParam.OutgoingReset(10, 20, 30, new int[] {1, 2, 3}),
                new ReConfigParam.Response(5, ReConfigParam.RESULT_PERFORMED)));
        r = readSingle(w);
        ReConfigChunk rc = ReConfigChunk.decode(r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(rc.params()).hasSize(2);
        ReConfigParam.OutgoingReset o = (ReConfigParam.OutgoingReset) rc.params().get(0);
        assertThat(o.requestSeq()).isEqualTo(10);
        assertThat(o.responseSeq()).isEqualTo(20);
        assertThat(o.lastAssignedTsn()).isEqualTo(30);
        assertThat(o.streams()).containsExactly(1, 2, 3);
        assertThat(rc.params().get(1)).isEqualTo(new ReConfigParam.Response(5, 1));

        w.start(5000, 5000, 1);
        ReConfigChunk.write(w, List.of(new ReConfigParam.IncomingReset(77, new int[] {4})));
        r = readSingle(w);
        rc = ReConfigChunk.decode(r.buffer(), r.valueOffset(), r.valueLength());
        assertThat(((ReConfigParam.IncomingReset) rc.params().get(0)).streams()).containsExactly(4);
    }

    @Test
    void readerStopsAtBadChunkLengths() {
        byte[] p = new byte[24];
        p[12] = 0;
        p[15] = 2; // chunk length 2 < 4
        SctpPacketReader r = new SctpPacketReader();
        r.reset(p, 0, p.length);
        assertThat(r.nextChunk()).isFalse();
        assertThat(r.malformed()).isTrue();
        p[15] = 40; // runs past the packet
        r.reset(p, 0, p.length);
        assertThat(r.nextChunk()).isFalse();
        assertThat(r.malformed()).isTrue();
        assertThat(r.reset(p, 0, 11)).isFalse();
    }

    @Test
    void decodersNeverThrowOnGarbage() {
        Random rnd = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(80)];
            rnd.nextBytes(b);
            int len = b.length;
            InitChunk.decode(rnd.nextBoolean(), b, 0, len);
            SackChunk.decode(b, 0, len);
            ForwardTsnChunk.decode(b, 0, len);
            ReConfigChunk.decode(b, 0, len);
            DataChunk.decode(0, b, 0, len);
            DcepMessage.decodeOpen(b);
            SctpPacketReader r = new SctpPacketReader();
            if (r.reset(b, 0, len)) {
                while (r.nextChunk()) {
                    assertThat(r.chunkOffset() + r.chunkLength()).isLessThanOrEqualTo(len);
                }
            }
        }
    }

    @Test
    void dcepOpenRoundTrip() {
        DcepMessage.Open open = new DcepMessage.Open(DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, 256, 3,
                "chat", "json");
        DcepMessage.Open back = DcepMessage.decodeOpen(open.encode());
        assertThat(back).isEqualTo(open);
        DataChannel ch = back.toChannel(6);
        assertThat(ch.ordered()).isFalse();
        assertThat(ch.maxRetransmits()).isEqualTo(3);
        assertThat(ch.maxPacketLifeTime()).isEqualTo(-1);
        assertThat(ch.label()).isEqualTo("chat");
        byte[] bad = open.encode();
        bad[9]++; // label length no longer matches
        assertThat(DcepMessage.decodeOpen(bad)).isNull();
    }
}
