package com.jarvis.ingress.media.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SctpAssociationTest {

    private static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void handshakeEstablishesBothSidesAndNegotiatesStreams() {
        TestLink link = new TestLink(SctpConfig.defaults().withStreams(1024, 1024),
                SctpConfig.defaults().withStreams(512, 2048), 1);
        link.handshake();
        assertThat(link.clientEvents.states).containsExactly(SctpState.COOKIE_WAIT, SctpState.COOKIE_ECHOED,
                SctpState.ESTABLISHED);
        assertThat(link.serverEvents.states).containsExactly(SctpState.ESTABLISHED);
        assertThat(link.client.outboundStreams()).isEqualTo(1024);
        assertThat(link.server.inboundStreams()).isEqualTo(1024);
        assertThat(link.server.outboundStreams()).isEqualTo(512);
        assertThat(link.client.inboundStreams()).isEqualTo(512);
    }

    @Test
    void serverMayInitiateToo() {
        TestLink link = new TestLink();
        link.server.connect(link.now);
        link.runFor(1000);
        assertThat(link.client.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(link.server.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(link.server.sendMessage(3, 53, new byte[] {1, 2}, SendOptions.RELIABLE_ORDERED, link.now))
                .isEqualTo(SendResult.QUEUED);
        link.runFor(1000);
        assertThat(link.clientEvents.messages).hasSize(1);
    }

    @Test
    void simultaneousOpenConverges() {
        TestLink link = new TestLink();
        link.client.connect(link.now);
        link.server.connect(link.now);
        link.runFor(5000);
        assertThat(link.client.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(link.server.state()).isEqualTo(SctpState.ESTABLISHED);
        link.client.sendMessage(0, 53, new byte[] {9}, SendOptions.RELIABLE_ORDERED, link.now);
        link.server.sendMessage(1, 53, new byte[] {8}, SendOptions.RELIABLE_ORDERED, link.now);
        link.runFor(2000);
        assertThat(link.serverEvents.messages).hasSize(1);
        assertThat(link.clientEvents.messages).hasSize(1);
    }

    @Test
    void deliversMessagesOfAllSizesIntact() {
        TestLink link = new TestLink();
        link.handshake();
        int[] sizes = {1, 1024, 65536, 262144};
        for (int i = 0; i < sizes.length; i++) {
            assertThat(link.client.sendMessage(1, 53, pattern(sizes[i], i), SendOptions.RELIABLE_ORDERED, link.now))
                    .isEqualTo(SendResult.QUEUED);
        }
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).hasSize(4);
        for (int i = 0; i < sizes.length; i++) {
            TestLink.Received r = link.serverEvents.messages.get(i);
            assertThat(r.streamId()).isEqualTo(1);
            assertThat(r.ppid()).isEqualTo(53);
            assertThat(r.data()).isEqualTo(pattern(sizes[i], i));
        }
        SctpStats s = link.server.stats();
        assertThat(s.receiveBufferedBytes()).isZero();
        assertThat(link.client.stats().sendBufferedBytes()).isZero();
        assertThat(link.client.stats().retransmissions()).isZero();
    }

    @Test
    void rejectsTooLargeMessagesAtTheSender() {
        TestLink link = new TestLink();
        link.handshake();
        assertThat(link.client.sendMessage(1, 53, new byte[262145], SendOptions.RELIABLE_ORDERED, link.now))
                .isEqualTo(SendResult.TOO_LARGE);
        assertThat(link.client.sendMessage(1, 53, new byte[0], SendOptions.RELIABLE_ORDERED, link.now))
                .isEqualTo(SendResult.TOO_LARGE);
        assertThat(link.client.sendMessage(5000, 53, new byte[1], SendOptions.RELIABLE_ORDERED, link.now))
                .isEqualTo(SendResult.INVALID_STREAM);
    }

    @Test
    void oversizedIncomingMessageIsDiscardedWholeAndCountedAndTheAssociationSurvives() {
        SctpConfig big = SctpConfig.defaults().withMaxMessageSize(600_000);
        TestLink link = new TestLink(big, SctpConfig.defaults(), 3);
        link.handshake();
        link.client.sendMessage(1, 53, pattern(10, 1), SendOptions.RELIABLE_ORDERED, link.now);
        link.client.sendMessage(1, 53, pattern(262145, 2), SendOptions.RELIABLE_ORDERED, link.now);
        link.client.sendMessage(1, 53, pattern(500_000, 3), SendOptions.RELIABLE_ORDERED, link.now);
        link.client.sendMessage(2, 53, pattern(300_000, 4), SendOptions.RELIABLE_UNORDERED, link.now);
        link.client.sendMessage(1, 53, pattern(20, 5), SendOptions.RELIABLE_ORDERED, link.now);
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).extracting(r -> r.data().length).containsExactly(10, 20);
        assertThat(link.server.dropCount(SctpDropReason.OVERSIZED_MESSAGE)).isEqualTo(3);
        assertThat(link.server.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(link.server.stats().receiveBufferedBytes()).isZero();
        assertThat(link.client.stats().sendBufferedBytes()).isZero();
    }

    @Test
    void fiveHundredSmallMessagesArriveOnceAndInOrder() {
        TestLink link = new TestLink();
        link.handshake();
        for (int i = 0; i < 500; i++) {
            link.client.sendMessage(2, 51, ("msg-" + i).getBytes(), SendOptions.RELIABLE_ORDERED, link.now);
            link.runFor(20);
        }
        link.runUntilIdle();
        List<String> got = link.serverEvents.messages.stream().map(r -> new String(r.data())).toList();
        assertThat(got).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(got.get(i)).isEqualTo("msg-" + i);
        }
        // Delayed acks: roughly one SACK per two packets or per 200 ms, not one per packet.
        assertThat(link.server.stats().sacksSent()).isLessThanOrEqualTo(500);
    }

    @Test
    void unorderedMessagesAllArrive() {
        TestLink link = new TestLink();
        link.reorderJitterMillis = 30;
        link.handshake();
        for (int i = 0; i < 200; i++) {
            link.client.sendMessage(4, 53, pattern(1 + (i % 3) * 1500, i), SendOptions.RELIABLE_UNORDERED, link.now);
        }
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).hasSize(200);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            expected.add(Arrays.toString(pattern(1 + (i % 3) * 1500, i)));
        }
        Set<String> got = new HashSet<>();
        link.serverEvents.messages.forEach(r -> got.add(Arrays.toString(r.data())));
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void lossyReorderingDuplicatingLinkStillDeliversEverythingInOrder() {
        TestLink link = new TestLink(SctpConfig.defaults(), SctpConfig.defaults(), 42);
        link.handshake();
        link.loss = 0.10;
        link.duplicate = 0.05;
        link.reorderJitterMillis = 20;
        List<byte[]> ordered = new ArrayList<>();
        int unordered = 0;
        for (int i = 0; i < 300; i++) {
            byte[] m = pattern(i % 10 == 0 ? 20_000 : 1 + i * 7, i);
            ordered.add(m);
            link.client.sendMessage(1, 53, m, SendOptions.RELIABLE_ORDERED, link.now);
            if (i % 3 == 0) {
                link.client.sendMessage(2, 53, pattern(300, 1000 + i), SendOptions.RELIABLE_UNORDERED, link.now);
                unordered++;
            }
            link.runFor(10);
        }
        link.runUntilIdle();
        List<byte[]> got = link.serverEvents.messages.stream().filter(r -> r.streamId() == 1)
                .map(TestLink.Received::data).toList();
        assertThat(got).hasSize(ordered.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(ordered.get(i));
        }
        assertThat(link.serverEvents.messages.stream().filter(r -> r.streamId() == 2)).hasSize(unordered);
        SctpStats c = link.client.stats();
        assertThat(link.packetsLost).isPositive();
        assertThat(c.retransmissions()).isPositive();
        // Each lost DATA chunk costs about one retransmission; allow for lost retransmissions and timeouts.
        assertThat(c.retransmissions()).isLessThan(c.dataChunksSent() / 4);
        assertThat(link.server.dropCount(SctpDropReason.DUPLICATE_TSN)).isPositive();
        assertThat(c.sendBufferedBytes()).isZero();
        assertThat(link.server.stats().receiveBufferedBytes()).isZero();
    }

    @Test
    void partialReliabilityAbandonsLostMessagesWithoutStalling() {
        TestLink link = new TestLink(SctpConfig.defaults(), SctpConfig.defaults(), 7);
        link.handshake();
        link.loss = 0.10;
        link.reorderJitterMillis = 10;
        SendOptions noRetransmit = new SendOptions(true, 0, -1);
        for (int i = 0; i < 400; i++) {
            link.client.sendMessage(3, 53, pattern(200 + (i % 5) * 1000, i), noRetransmit, link.now);
            link.runFor(10);
        }
        link.loss = 0;
        link.client.sendMessage(3, 51, "last".getBytes(), SendOptions.RELIABLE_ORDERED, link.now);
        link.runUntilIdle();
        List<TestLink.Received> got = link.serverEvents.messages;
        assertThat(got).hasSizeLessThan(401).hasSizeGreaterThan(250);
        assertThat(new String(got.get(got.size() - 1).data())).isEqualTo("last");
        SctpStats c = link.client.stats();
        assertThat(c.abandonedMessages()).isPositive();
        assertThat(c.forwardTsnSent()).isPositive();
        assertThat(link.server.stats().forwardTsnReceived()).isPositive();
        assertThat(c.sendBufferedBytes()).isZero();
        assertThat(link.server.stats().receiveBufferedBytes()).isZero();
        // Ordered delivery of what did arrive: sizes follow the send pattern's order.
        int prev = -1;
        for (TestLink.Received r : got.subList(0, got.size() - 1)) {
            int idx = indexOf(r.data());
            assertThat(idx).isGreaterThan(prev);
            prev = idx;
        }
    }

    private static int indexOf(byte[] data) {
        for (int i = 0; i < 400; i++) {
            if (data.length == 200 + (i % 5) * 1000 && Arrays.equals(data, pattern(data.length, i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void timedPartialReliabilityDropsExpiredMessages() {
        TestLink link = new TestLink();
        link.handshake();
        link.loss = 1.0;
        link.client.sendMessage(5, 53, new byte[100], new SendOptions(true, -1, 300), link.now);
        link.runFor(2000);
        link.loss = 0;
        link.client.sendMessage(5, 53, new byte[] {42}, SendOptions.RELIABLE_ORDERED, link.now);
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).hasSize(1);
        assertThat(link.serverEvents.messages.get(0).data()).containsExactly(42);
        assertThat(link.client.stats().abandonedMessages()).isEqualTo(1);
    }

    @Test
    void streamResetResetsSsnsAndTheStreamCanBeReused() {
        TestLink link = new TestLink();
        link.handshake();
        for (int i = 0; i < 3; i++) {
            link.client.sendMessage(7, 51, ("a" + i).getBytes(), SendOptions.RELIABLE_ORDERED, link.now);
        }
        link.client.resetStreams(link.now, 7);
        assertThat(link.client.sendMessage(7, 51, "x".getBytes(), SendOptions.RELIABLE_ORDERED, link.now))
                .isEqualTo(SendResult.INVALID_STREAM);
        link.runUntilIdle();
        assertThat(link.serverEvents.incomingResets).hasSize(1);
        assertThat(link.serverEvents.incomingResets.get(0)).containsExactly(7);
        assertThat(link.clientEvents.outgoingResets).hasSize(1);
        // After the reset the sender starts again at SSN 0 and the receiver expects 0: delivery continues.
        for (int i = 0; i < 3; i++) {
            assertThat(link.client.sendMessage(7, 51, ("b" + i).getBytes(), SendOptions.RELIABLE_ORDERED, link.now))
                    .isEqualTo(SendResult.QUEUED);
        }
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).extracting(r -> new String(r.data()))
                .containsExactly("a0", "a1", "a2", "b0", "b1", "b2");
    }

    @Test
    void streamResetIsDeferredUntilEarlierDataArrivesOnALossyLink() {
        TestLink link = new TestLink(SctpConfig.defaults(), SctpConfig.defaults(), 11);
        link.handshake();
        link.loss = 0.2;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 20; i++) {
                link.client.sendMessage(9, 51, ("r" + round + "-" + i).getBytes(), SendOptions.RELIABLE_ORDERED,
                        link.now);
            }
            link.client.resetStreams(link.now, 9);
            link.runFor(30_000);
        }
        link.loss = 0;
        link.runUntilIdle();
        assertThat(link.clientEvents.outgoingResets).hasSize(5);
        List<String> got = link.serverEvents.messages.stream().map(r -> new String(r.data())).toList();
        List<String> want = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 20; i++) {
                want.add("r" + round + "-" + i);
            }
        }
        assertThat(got).isEqualTo(want);
    }

    @Test
    void abortClosesThePeer() {
        TestLink link = new TestLink();
        link.handshake();
        link.client.abort();
        link.runFor(100);
        assertThat(link.client.state()).isEqualTo(SctpState.CLOSED);
        assertThat(link.server.state()).isEqualTo(SctpState.CLOSED);
    }

    @Test
    void shutdownDeliversPendingDataThenClosesBothSides() {
        TestLink link = new TestLink();
        link.handshake();
        link.client.sendMessage(1, 53, pattern(50_000, 1), SendOptions.RELIABLE_ORDERED, link.now);
        link.client.shutdown(link.now);
        assertThat(link.client.state()).isEqualTo(SctpState.SHUTDOWN_PENDING);
        assertThat(link.client.sendMessage(1, 53, new byte[1], SendOptions.RELIABLE_ORDERED, link.now))
                .isEqualTo(SendResult.NOT_ESTABLISHED);
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).hasSize(1);
        assertThat(link.client.state()).isEqualTo(SctpState.CLOSED);
        assertThat(link.server.state()).isEqualTo(SctpState.CLOSED);
        assertThat(link.serverEvents.states).contains(SctpState.SHUTDOWN_RECEIVED, SctpState.SHUTDOWN_ACK_SENT);
        assertThat(link.client.nextTimerDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void peerThatNeverAcksCannotGrowTheSendBufferAndEventuallyFails() {
        TestLink link = new TestLink(SctpConfig.defaults().withBuffers(1_310_720, 300_000), SctpConfig.defaults(),
                1);
        link.handshake();
        link.loss = 1.0;
        SendResult last = SendResult.QUEUED;
        int queued = 0;
        while (last == SendResult.QUEUED && queued < 1000) {
            last = link.client.sendMessage(1, 53, new byte[10_000], SendOptions.RELIABLE_ORDERED, link.now);
            queued++;
        }
        assertThat(last).isEqualTo(SendResult.BUFFER_FULL);
        assertThat(link.client.bufferedAmount()).isLessThanOrEqualTo(300_000);
        link.runFor(30 * 60_000);
        // Association.Max.Retrans consecutive timeouts: the association gives up.
        assertThat(link.client.state()).isEqualTo(SctpState.CLOSED);
    }

    @Test
    void retransmitsAfterTimeoutWithBackoff() {
        TestLink link = new TestLink();
        link.handshake();
        link.loss = 1.0;
        link.client.sendMessage(1, 53, new byte[100], SendOptions.RELIABLE_ORDERED, link.now);
        long start = link.now;
        link.runFor(3_500);
        long rto = link.client.stats().rtoMillis();
        assertThat(link.client.stats().timeouts()).isBetween(2L, 4L);
        assertThat(rto).isGreaterThan(link.client.config().rtoMinMillis());
        link.loss = 0;
        link.runUntilIdle();
        assertThat(link.serverEvents.messages).hasSize(1);
        assertThat(link.now).isGreaterThan(start);
    }

    @Test
    void manySeedsOfALossyLinkKeepOrderedDeliveryCompleteAndShutdownCompletes() {
        for (long seed = 100; seed < 130; seed++) {
            TestLink link = new TestLink(SctpConfig.defaults(), SctpConfig.defaults(), seed);
            link.handshake();
            link.loss = 0.15;
            link.duplicate = 0.05;
            link.reorderJitterMillis = 40;
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                byte[] m = pattern(1 + (int) ((i * 7919L + seed) % 5000), i);
                sent.add(m);
                link.client.sendMessage(1, 53, m, SendOptions.RELIABLE_ORDERED, link.now);
                link.server.sendMessage(1, 53, m, SendOptions.RELIABLE_ORDERED, link.now);
                link.runFor(5);
            }
            link.client.shutdown(link.now);
            link.runFor(10 * 60_000);
            List<byte[]> atServer = link.serverEvents.messages.stream().map(TestLink.Received::data).toList();
            List<byte[]> atClient = link.clientEvents.messages.stream().map(TestLink.Received::data).toList();
            assertThat(atServer).as("seed %d", seed).hasSize(60);
            assertThat(atClient).as("seed %d", seed).hasSize(60);
            for (int i = 0; i < 60; i++) {
                assertThat(atServer.get(i)).isEqualTo(sent.get(i));
                assertThat(atClient.get(i)).isEqualTo(sent.get(i));
            }
            assertThat(link.client.state()).as("seed %d", seed).isEqualTo(SctpState.CLOSED);
            assertThat(link.server.state()).as("seed %d", seed).isEqualTo(SctpState.CLOSED);
        }
    }

    @Test
    void manySeedsOfPartialReliabilityWithFragmentedMessagesNeverStall() {
        for (long seed = 200; seed < 220; seed++) {
            TestLink link = new TestLink(SctpConfig.defaults(), SctpConfig.defaults(), seed);
            link.handshake();
            link.loss = 0.12;
            link.reorderJitterMillis = 15;
            for (int i = 0; i < 80; i++) {
                int size = 1 + (int) ((i * 104729L + seed) % 6000);
                byte[] m = new byte[size];
                m[0] = (byte) i;
                SendOptions o = i % 2 == 0 ? new SendOptions(true, 0, -1) : new SendOptions(false, -1, 150);
                link.client.sendMessage(i % 2 == 0 ? 1 : 2, 53, m, o, link.now);
                link.runFor(8);
            }
            link.loss = 0;
            link.client.sendMessage(1, 51, "end".getBytes(), SendOptions.RELIABLE_ORDERED, link.now);
            link.runUntilIdle();
            List<TestLink.Received> got = link.serverEvents.messages;
            assertThat(got).as("seed %d", seed).isNotEmpty();
            List<TestLink.Received> stream1 = got.stream().filter(r -> r.streamId() == 1).toList();
            assertThat(new String(stream1.get(stream1.size() - 1).data())).as("seed %d", seed).isEqualTo("end");
            int prev = -1;
            for (TestLink.Received r : stream1.subList(0, stream1.size() - 1)) {
                assertThat(r.data()[0] & 0xff).as("seed %d", seed).isGreaterThan(prev);
                prev = r.data()[0] & 0xff;
            }
            assertThat(link.client.stats().sendBufferedBytes()).as("seed %d", seed).isZero();
            assertThat(link.server.stats().receiveBufferedBytes()).as("seed %d", seed).isZero();
        }
    }
}
