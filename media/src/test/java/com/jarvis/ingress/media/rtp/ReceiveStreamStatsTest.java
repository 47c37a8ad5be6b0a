package com.jarvis.ingress.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveStreamStatsTest {
    private static final long MS = 1_000_000L;

    /** Feeds sequence numbers at 20 ms spacing with matching 48 kHz timestamps (zero jitter). */
    private static void feed(ReceiveStreamStats s, int... seqs) {
        for (int seq : seqs) {
            s.onRtp(seq & 0xffff, seq * 960L, seq * 20 * MS, 100);
        }
    }

    @Test
    void probationNeedsTwoSequentialPackets() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        assertThat(s.onRtp(500, 0, 0, 10)).isFalse();
        assertThat(s.isValid()).isFalse();
        assertThat(s.onRtp(502, 0, 0, 10)).isFalse(); // not sequential: probation restarts
        assertThat(s.onRtp(503, 0, 0, 10)).isTrue();
        assertThat(s.isValid()).isTrue();
        assertThat(s.expected()).isEqualTo(1); // base is the packet that ended probation
        assertThat(s.packetsReceived()).isEqualTo(3);
        assertThat(s.bytesReceived()).isEqualTo(30);
    }

    @Test
    void lossAndFractionLostPerInterval() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        for (int seq = 1000; seq < 1100; seq++) {
            if (seq != 1010 && seq != 1011 && seq != 1050) {
                feed(s, seq);
            }
        }
        assertThat(s.expected()).isEqualTo(99); // 1001..1099
        assertThat(s.received()).isEqualTo(96);
        assertThat(s.cumulativeLost()).isEqualTo(3);
        ReportBlock first = s.reportBlock(0);
        assertThat(first.fractionLost()).isEqualTo(3 * 256 / 99);
        assertThat(first.cumulativeLost()).isEqualTo(3);
        assertThat(first.extendedHighestSequence()).isEqualTo(1099);

        for (int seq = 1100; seq < 1200; seq++) {
            feed(s, seq);
        }
        ReportBlock second = s.reportBlock(0);
        assertThat(second.fractionLost()).isZero();
        assertThat(second.cumulativeLost()).isEqualTo(3);
    }

    @Test
    void reorderingIsNotLoss() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        feed(s, 1, 2, 3, 4, 6, 5, 7, 8, 10, 9);
        assertThat(s.extendedHighestSequence()).isEqualTo(10);
        assertThat(s.cumulativeLost()).isZero();
        assertThat(s.reportBlock(0).fractionLost()).isZero();
    }

    @Test
    void duplicatesCountAsReceivedAsTheRfcSays() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        feed(s, 1, 2, 3, 3, 4);
        assertThat(s.cumulativeLost()).isEqualTo(-1);
        assertThat(s.reportBlock(0).fractionLost()).isZero();
    }

    @Test
    void sequenceWrapCountsCycles() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        feed(s, 65530, 65531, 65532, 65533, 65535, 0, 1, 2);
        assertThat(s.extendedHighestSequence()).isEqualTo(65536 + 2);
        assertThat(s.expected()).isEqualTo(65536 + 2 - 65531 + 1);
        assertThat(s.cumulativeLost()).isEqualTo(1); // 65534
    }

    @Test
    void largeJumpIsRejectedOnceThenTreatedAsRestart() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        feed(s, 10, 11, 12);
        assertThat(s.onRtp(20000, 0, 0, 1)).isFalse();
        assertThat(s.onRtp(20001, 0, 0, 1)).isTrue();
        assertThat(s.extendedHighestSequence()).isEqualTo(20001);
        assertThat(s.expected()).isEqualTo(1);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void jitterFollowsA8() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        s.onRtp(1, 960, 20 * MS, 1); // probation
        s.onRtp(2, 1920, 40 * MS, 1); // sets transit
        assertThat(s.jitter()).isZero();
        s.onRtp(3, 2880, 70 * MS, 1); // 10 ms late: D = 480 units, J = 480/16
        assertThat(s.jitter()).isEqualTo(30);
        // Alternating 0 / 10 ms late: J converges to |D| = 480.
        for (int seq = 4; seq < 400; seq++) {
            long late = seq % 2 == 1 ? 10 * MS : 0;
            s.onRtp(seq, seq * 960L, seq * 20 * MS + late, 1);
        }
        assertThat(s.jitter()).isBetween(470L, 480L);
        assertThat(s.reportBlock(0).jitter()).isEqualTo(s.jitter());
    }

    @Test
    void steadyStreamHasNoJitterEvenWithTimestampWrap() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        long ts = 0xffffffffL - 960 * 5;
        for (int seq = 0; seq < 20; seq++) {
            s.onRtp(seq, (ts + seq * 960L) & 0xffffffffL, 1_000_000_000_000L + seq * 20 * MS, 1);
        }
        assertThat(s.jitter()).isZero();
    }

    @Test
    void lastSenderReportGivesLsrAndDlsr() {
        ReceiveStreamStats s = new ReceiveStreamStats(7, 48000);
        assertThat(s.reportBlock(0).lastSr()).isZero();
        assertThat(s.reportBlock(0).delaySinceLastSr()).isZero();
        s.onSenderReport(0x1122334455667788L, 1000 * MS);
        ReportBlock b = s.reportBlock(2500 * MS);
        assertThat(b.lastSr()).isEqualTo(0x33445566L);
        assertThat(b.delaySinceLastSr()).isEqualTo(0x18000L); // 1.5 s in 1/65536 s
        assertThat(b.ssrc()).isEqualTo(7);
    }

    @Test
    void remembersLastAudioLevel() {
        ReceiveStreamStats s = new ReceiveStreamStats(1, 48000);
        assertThat(s.lastAudioLevel()).isEqualTo(-1);
        s.onAudioLevel(0x85);
        assertThat(AudioLevel.fromRaw(s.lastAudioLevel())).isEqualTo(new AudioLevel(true, 5));
    }
}
