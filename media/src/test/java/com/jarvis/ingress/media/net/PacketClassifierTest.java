package com.jarvis.ingress.media.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketClassifierTest {
    private static PacketKind first(int b) {
        return PacketClassifier.kindOf(new byte[] {(byte) b, 0}, 0, 2);
    }

    @Test
    void classifiesByFirstByteRanges() {
        assertThat(first(0)).isEqualTo(PacketKind.STUN);
        assertThat(first(3)).isEqualTo(PacketKind.STUN);
        assertThat(first(4)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(first(19)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(first(20)).isEqualTo(PacketKind.DTLS);
        assertThat(first(63)).isEqualTo(PacketKind.DTLS);
        assertThat(first(64)).isEqualTo(PacketKind.UNKNOWN); // TURN channel / QUIC: not served here
        assertThat(first(127)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(first(128)).isEqualTo(PacketKind.RTP_RTCP);
        assertThat(first(191)).isEqualTo(PacketKind.RTP_RTCP);
        assertThat(first(192)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(first(255)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketClassifier.kindOf(new byte[4], 4, 0)).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void honoursOffset() {
        byte[] buf = {(byte) 0xFF, 22, 0};
        assertThat(PacketClassifier.kindOf(buf, 1, 2)).isEqualTo(PacketKind.DTLS);
    }

    @Test
    void tellsRtcpFromRtpBySecondByte() {
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x80, (byte) 200}, 0, 2)).isTrue(); // SR
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x81, (byte) 205}, 0, 2)).isTrue(); // RTPFB
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x80, (byte) 223}, 0, 2)).isTrue();
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x80, 111}, 0, 2)).isFalse(); // Opus PT 111
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x80, (byte) (0x80 | 111)}, 0, 2)).isFalse(); // marker
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x80, (byte) 224}, 0, 2)).isFalse();
        assertThat(PacketClassifier.isRtcp(new byte[] {(byte) 0x80}, 0, 1)).isFalse();
    }

    @Test
    void countsWhatItClassifies() {
        PacketClassifier c = new PacketClassifier();
        c.classify(new byte[] {0}, 0, 1);
        c.classify(new byte[] {100}, 0, 1);
        c.classify(new byte[] {100}, 0, 1);

        assertThat(c.count(PacketKind.STUN)).isEqualTo(1);
        assertThat(c.count(PacketKind.UNKNOWN)).isEqualTo(2);
        assertThat(c.count(PacketKind.DTLS)).isZero();
    }
}
