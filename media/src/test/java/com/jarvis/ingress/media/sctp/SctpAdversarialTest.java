package com.jarvis.ingress.media.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SctpAdversarialTest {
    private static final int BE = SctpChunkType.FLAG_BEGIN | SctpChunkType.FLAG_END;

    @Test
    void initFloodAllocatesNoAssociationState() {
        RawPeer p = new RawPeer();
        for (int i = 1; i <= 10_000; i++) {
            p.sent.clear();
            p.feed(p.init(i));
            assertThat(RawPeer.chunk(p.last(), SctpChunkType.INIT_ACK)).isNotNull();
        }
        assertThat(p.assoc.state()).isEqualTo(SctpState.CLOSED);
        assertThat(p.assoc.nextTimerDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(p.assoc.stats().initAcksSent()).isEqualTo(10_000);
        assertThat(p.events.states).isEmpty();
        // A genuine handshake still works afterwards.
        p.establish();
        assertThat(p.assoc.state()).isEqualTo(SctpState.ESTABLISHED);
    }

    @Test
    void forgedTamperedForeignAndStaleCookiesAreRejected() {
        RawPeer p = new RawPeer();
        InitChunk ack = p.sendInit();
        int tag = ack.initiateTag();
        byte[] forged = new byte[StateCookie.LENGTH];
        new Random(1).nextBytes(forged);
        forged[0] = 1;
        p.feed(p.cookieEcho(tag, forged));
        byte[] tampered = ack.cookie().clone();
        tampered[20] ^= 1;
        p.feed(p.cookieEcho(tag, tampered));
        p.feed(p.cookieEcho(tag, Arrays.copyOf(ack.cookie(), 10)));
        assertThat(p.assoc.dropCount(SctpDropReason.BAD_COOKIE)).isEqualTo(3);

        // Same process secret, other association: the per-association nonce makes the cookie useless there.
        RawPeer other = new RawPeer();
        other.feed(other.cookieEcho(tag, ack.cookie()));
        assertThat(other.assoc.dropCount(SctpDropReason.BAD_COOKIE)).isEqualTo(1);

        // Right cookie, wrong verification tag.
        p.feed(p.cookieEcho(tag + 1, ack.cookie()));
        assertThat(p.assoc.dropCount(SctpDropReason.BAD_VERIFICATION_TAG)).isEqualTo(1);

        // Right cookie, too late.
        p.now += 60_001;
        p.feed(p.cookieEcho(tag, ack.cookie()));
        assertThat(p.assoc.dropCount(SctpDropReason.STALE_COOKIE)).isEqualTo(1);
        assertThat(p.assoc.state()).isEqualTo(SctpState.CLOSED);

        // A fresh one within its lifetime works, and a retransmitted COOKIE ECHO is just re-acknowledged.
        ack = p.sendInit();
        p.feed(p.cookieEcho(ack.initiateTag(), ack.cookie()));
        assertThat(p.assoc.state()).isEqualTo(SctpState.ESTABLISHED);
        p.sent.clear();
        p.feed(p.cookieEcho(ack.initiateTag(), ack.cookie()));
        assertThat(RawPeer.chunk(p.last(), SctpChunkType.COOKIE_ACK)).isNotNull();
        assertThat(p.events.states).containsExactly(SctpState.ESTABLISHED);
    }

    @Test
    void badInitsAndBadTagsAreDroppedAndCounted() {
        RawPeer p = new RawPeer();
        byte[] init = p.init(5);
        init[4] = 1; // non-zero verification tag on INIT
        new SctpChecksum().write(init, 0, init.length);
        p.feed(init);
        p.feed(p.init(0)); // initiate tag 0 is invalid
        assertThat(p.sent).isEmpty();
        p.establish();
        p.theirTag ^= 0x55;
        p.feed(p.data(0, 1, 0, BE, 53, new byte[] {1}));
        p.theirTag ^= 0x55;
        assertThat(p.events.messages).isEmpty();
        assertThat(p.assoc.dropCount(SctpDropReason.BAD_VERIFICATION_TAG)).isEqualTo(2);
        assertThat(p.assoc.dropCount(SctpDropReason.BAD_INIT)).isEqualTo(1);
        p.feed(p.data(0, 1, 0, BE, 53, new byte[] {1}));
        assertThat(p.events.messages).hasSize(1);
    }

    @Test
    void badChecksumAndShortPacketsAreCounted() {
        RawPeer p = new RawPeer();
        p.establish();
        byte[] d = p.data(0, 1, 0, BE, 53, new byte[] {1});
        d[d.length - 1] ^= 1;
        p.feed(d);
        p.feed(new byte[5]);
        assertThat(p.assoc.dropCount(SctpDropReason.BAD_CHECKSUM)).isEqualTo(1);
        assertThat(p.assoc.dropCount(SctpDropReason.TOO_SHORT)).isEqualTo(1);
        assertThat(p.events.messages).isEmpty();
    }

    @Test
    void heartbeatIsAnsweredWithTheSameInfo() {
        RawPeer p = new RawPeer();
        p.establish();
        p.w.start(5000, 5000, p.theirTag);
        p.w.beginChunk(SctpChunkType.HEARTBEAT, 0).put16(1).put16(4 + 6).put32(0x01020304).put16(0x0506).pad()
                .endChunk();
        p.feed(p.finish());
        SctpPacketReader r = RawPeer.chunk(p.last(), SctpChunkType.HEARTBEAT_ACK);
        assertThat(r).isNotNull();
        assertThat(Arrays.copyOfRange(r.buffer(), r.valueOffset(), r.valueOffset() + r.valueLength()))
                .containsExactly(0, 1, 0, 10, 1, 2, 3, 4, 5, 6, 0, 0);
        assertThat(p.assoc.stats().heartbeatsAnswered()).isEqualTo(1);
    }

    @Test
    void malformedAndUnknownChunksAreDroppedAndTheAssociationSurvives() {
        RawPeer p = new RawPeer();
        p.establish();
        // DATA without user data.
        p.w.start(5000, 5000, p.theirTag);
        p.w.beginChunk(SctpChunkType.DATA, BE).put32(p.myTsn).put16(1).put16(0).put32(53).endChunk();
        p.feed(p.finish());
        // Truncated SACK.
        p.w.start(5000, 5000, p.theirTag);
        p.w.beginChunk(SctpChunkType.SACK, 0).put32(0).put16(5).endChunk();
        p.feed(p.finish());
        // Unknown chunk, upper bits 00: stop processing; the DATA after it is not processed.
        p.w.start(5000, 5000, p.theirTag);
        p.w.beginChunk(0x3f, 0).put32(0).endChunk();
        DataChunk.write(p.w, BE, p.myTsn, 1, 0, 53, new byte[] {7}, 0, 1);
        p.feed(p.finish());
        assertThat(p.events.messages).isEmpty();
        // Unknown chunk, upper bits 10: skip it and go on with the DATA.
        p.w.start(5000, 5000, p.theirTag);
        p.w.beginChunk(0xbf, 0).put32(0).endChunk();
        DataChunk.write(p.w, BE, p.myTsn, 1, 0, 53, new byte[] {7}, 0, 1);
        p.feed(p.finish());
        assertThat(p.events.messages).hasSize(1);
        // Chunk length running past the packet.
        byte[] d = p.data(1, 1, 1, BE, 53, new byte[] {8});
        d[15] = (byte) 200;
        new SctpChecksum().write(d, 0, d.length);
        p.feed(d);
        // DATA for a stream beyond the negotiated ones: dropped, but its TSN is acknowledged.
        p.feed(p.data(1, 4000, 0, BE, 53, new byte[] {9}));
        assertThat(p.assoc.dropCount(SctpDropReason.INVALID_STREAM)).isEqualTo(1);
        p.feed(p.data(2, 1, 1, BE, 53, new byte[] {10}));
        assertThat(p.events.messages).hasSize(2);
        SctpStats s = p.assoc.stats();
        assertThat(s.drops(SctpDropReason.MALFORMED_CHUNK)).isEqualTo(3);
        assertThat(s.drops(SctpDropReason.UNKNOWN_CHUNK)).isEqualTo(2);
        assertThat(p.assoc.state()).isEqualTo(SctpState.ESTABLISHED);
        p.now += 300;
        p.assoc.onTimer(p.now);
        assertThat(p.lastSack().cumulativeTsnAck()).isEqualTo(p.myTsn + 2);
    }

    @Test
    void sackReportsGapsAndDuplicatesImmediately() {
        RawPeer p = new RawPeer();
        p.establish();
        p.feed(p.data(0, 1, 0, BE, 53, new byte[] {1}));
        assertThat(p.sent).isEmpty(); // first packet: delayed ack
        assertThat(p.assoc.nextTimerDeadline()).isEqualTo(p.now + 200);
        p.feed(p.data(2, 1, 2, BE, 53, new byte[] {3}));
        SackChunk s = p.lastSack();
        assertThat(s.cumulativeTsnAck()).isEqualTo(p.myTsn);
        assertThat(s.gapBlocks()).containsExactly(2, 2);
        p.sent.clear();
        p.feed(p.data(0, 1, 0, BE, 53, new byte[] {1}));
        s = p.lastSack();
        assertThat(s.duplicateTsns()).containsExactly(p.myTsn);
        p.feed(p.data(1, 1, 1, BE, 53, new byte[] {2}));
        assertThat(p.events.messages).extracting(m -> (int) m.data()[0]).containsExactly(1, 2, 3);
        assertThat(p.lastSack().cumulativeTsnAck()).isEqualTo(p.myTsn + 2);
        assertThat(p.lastSack().gapBlocks()).isEmpty();
    }

    @Test
    void outOfOrderFloodIsBoundedByTheReceiveWindow() {
        SctpConfig cfg = SctpConfig.defaults();
        RawPeer p = new RawPeer(cfg);
        p.establish();
        byte[] chunk = new byte[1100];
        // TSN myTsn never arrives: everything else must be held, up to the window and no further.
        for (int i = 1; i <= 3000; i++) {
            p.feed(p.data(i, 1, i, BE, 53, chunk));
        }
        SctpStats s = p.assoc.stats();
        assertThat(s.receiveBufferedBytes()).isLessThanOrEqualTo(cfg.receiveBufferBytes());
        assertThat(s.drops(SctpDropReason.RECEIVE_BUFFER_FULL)).isPositive();
        assertThat(p.lastSack().advertisedWindow()).isLessThan(2000);
        // Far beyond the TSN window: dropped without being held.
        p.feed(p.data(cfg.maxTsnWindow() + 10, 2, 0, BE, 53, chunk));
        assertThat(p.assoc.dropCount(SctpDropReason.TSN_OUT_OF_WINDOW)).isEqualTo(1);
        // Many tiny chunks are charged their overhead too.
        RawPeer q = new RawPeer(cfg.withBuffers(300_000, 300_000));
        q.establish();
        for (int i = 1; i <= 15_000; i++) {
            q.feed(q.data(i, 3, 0, BE | SctpChunkType.FLAG_UNORDERED, 53, new byte[1]));
        }
        assertThat(q.assoc.stats().receiveBufferedBytes()).isLessThanOrEqualTo(300_000);
        assertThat(q.assoc.dropCount(SctpDropReason.RECEIVE_BUFFER_FULL)).isPositive();
        // The missing TSN arrives: all held ordered messages are delivered and the buffer drains.
        long accepted = p.events.messages.size();
        p.feed(p.data(0, 1, 0, BE, 53, chunk));
        assertThat(p.events.messages.size()).isGreaterThan((int) accepted + 500);
        assertThat(p.assoc.stats().receiveBufferedBytes()).isZero();
    }

    @Test
    void brokenFragmentSequencesAreDroppedWithoutLeaking() {
        RawPeer p = new RawPeer();
        p.establish();
        // Middle fragment with no beginning, then B, B (restart), E.
        p.feed(p.data(0, 1, 0, 0, 53, new byte[100]));
        p.feed(p.data(1, 1, 0, SctpChunkType.FLAG_BEGIN, 53, new byte[100]));
        p.feed(p.data(2, 1, 0, SctpChunkType.FLAG_BEGIN, 53, new byte[] {1}));
        p.feed(p.data(3, 1, 0, SctpChunkType.FLAG_END, 53, new byte[] {2}));
        assertThat(p.events.messages).hasSize(1);
        assertThat(p.events.messages.get(0).data()).containsExactly(1, 2);
        assertThat(p.assoc.dropCount(SctpDropReason.BROKEN_FRAGMENT)).isEqualTo(2);
        // A stale SSN is dropped.
        p.feed(p.data(4, 1, 0, BE, 53, new byte[] {3}));
        assertThat(p.assoc.dropCount(SctpDropReason.STALE_SSN)).isEqualTo(1);
        assertThat(p.assoc.stats().receiveBufferedBytes()).isZero();
    }

    @Test
    void mutatedPacketsNeverThrow() {
        RawPeer p = new RawPeer();
        p.establish();
        List<byte[]> templates = new java.util.ArrayList<>();
        templates.add(p.data(0, 1, 0, BE, 53, new byte[40]));
        templates.add(p.data(1, 1, 1, SctpChunkType.FLAG_BEGIN, 53, new byte[40]));
        p.w.start(5000, 5000, p.theirTag);
        new SackChunk(0, 100000, new int[] {1, 2, 4, 5}, new int[] {3}).writeTo(p.w);
        new ForwardTsnChunk(p.myTsn + 5, new int[] {1, 3}).writeTo(p.w);
        templates.add(p.finish());
        p.w.start(5000, 5000, p.theirTag);
        ReConfigChunk.write(p.w, List.of(new ReConfigParam.OutgoingReset(p.myTsn, 0, p.myTsn + 1, new int[] {1}),
                new ReConfigParam.Response(1, 1)));
        templates.add(p.finish());
        Random rnd = new Random(99);
        SctpChecksum cs = new SctpChecksum();
        assertThatCode(() -> {
            for (int i = 0; i < 30_000; i++) {
                byte[] t = templates.get(rnd.nextInt(templates.size())).clone();
                int flips = 1 + rnd.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = 12 + rnd.nextInt(t.length - 12);
                    t[at] = (byte) rnd.nextInt(256);
                }
                int len = 12 + rnd.nextInt(t.length - 11);
                cs.write(t, 0, len);
                p.assoc.onPacket(t, 0, len, p.now);
                p.now += rnd.nextInt(50);
                if (p.assoc.nextTimerDeadline() <= p.now) {
                    p.assoc.onTimer(p.now);
                }
                p.assoc.stats();
            }
        }).doesNotThrowAnyException();
    }
}
