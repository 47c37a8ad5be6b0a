package com.jarvis.ingress.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void parsesFixedHeaderCsrcsAndPayload() {
        byte[] b = hex("a2 e4 1234 00bc614e deadbeef 00000001 00000002  0102030405  000003");
        // V=2 P=1 X=0 CC=2, M=1 PT=100, seq 0x1234, ts 12345678, ssrc 0xdeadbeef, payload 5 bytes + 3 padding
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p).isNotNull();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(100);
        assertThat(p.sequenceNumber()).isEqualTo(0x1234);
        assertThat(p.timestamp()).isEqualTo(12345678L);
        assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(0)).isEqualTo(1);
        assertThat(p.csrc(1)).isEqualTo(2);
        assertThat(p.hasExtension()).isFalse();
        assertThat(p.payloadOffset()).isEqualTo(20);
        assertThat(p.payloadLength()).isEqualTo(5);
        assertThat(p.paddingLength()).isEqualTo(3);
        assertThat(p.buffer()).isSameAs(b);
    }

    @Test
    void honoursOffsetIntoLargerBuffer() {
        byte[] inner = hex("80 6f 0001 00000010 00000020 aabb");
        byte[] b = new byte[inner.length + 10];
        System.arraycopy(inner, 0, b, 7, inner.length);
        RtpPacket p = RtpPacket.parse(b, 7, inner.length);
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.payloadOffset()).isEqualTo(7 + 12);
        assertThat(p.payloadLength()).isEqualTo(2);
    }

    @Test
    void oneByteExtensionsMidAndAudioLevel() {
        // 0xBEDE, 3 words: [id1 len2 "ab"] [pad] [id10 len1 0x9e] [6 pad bytes], then a 1-byte payload
        byte[] b = hex("90 6f 0001 00000010 00000020  bede0003  11 6162  00  a0 9e  000000 000000  ff");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(p.hasRfc8285Extensions()).isTrue();
        assertThat(p.extensionLength()).isEqualTo(12);
        assertThat(p.payloadOffset()).isEqualTo(28);
        assertThat(p.payloadLength()).isEqualTo(1);
        assertThat(p.mid(1)).isEqualTo("ab");
        assertThat(p.audioLevel(10)).isEqualTo(0x9e);
        assertThat(AudioLevel.fromRaw(p.audioLevel(10))).isEqualTo(new AudioLevel(true, 30));
        assertThat(p.extension(10)).isEqualTo(new HeaderExtension(10, 21, 1));
        assertThat(p.extension(5)).isNull();
        assertThat(p.audioLevel(5)).isEqualTo(-1);
        assertThat(AudioLevel.fromRaw(-1)).isNull();
    }

    @Test
    void oneByteIdFifteenStopsProcessing() {
        byte[] b = hex("90 6f 0001 00000010 00000020  bede0001  f0 11 6162");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.mid(1)).isNull();
    }

    @Test
    void twoByteExtensions() {
        // 0x1000, 3 words: [id1 len3 "mid"] [pad] [id10 len1 0x05] [3 pad bytes]
        byte[] b = hex("90 6f 0001 00000010 00000020  10000003  01 03 6d6964  00  0a 01 05  000000  cafe");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.hasRfc8285Extensions()).isTrue();
        assertThat(p.mid(1)).isEqualTo("mid");
        assertThat(AudioLevel.fromRaw(p.audioLevel(10))).isEqualTo(new AudioLevel(false, 5));
        assertThat(p.payloadLength()).isEqualTo(2);
    }

    @Test
    void malformedExtensionElementsAreNotFound() {
        // One-byte element claims 16 bytes in a 4-byte block.
        byte[] b = hex("90 6f 0001 00000010 00000020  bede0001  1f 616263");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p).isNotNull();
        assertThat(p.mid(1)).isNull();
        // Non-RFC 8285 profile: no lookup.
        byte[] other = hex("90 6f 0001 00000010 00000020  abcd0001  11616263");
        assertThat(RtpPacket.parse(other, 0, other.length).mid(1)).isNull();
    }

    @Test
    void garbageGivesNull() {
        assertThat(RtpPacket.parse(null, 0, 0)).isNull();
        assertThat(RtpPacket.parse(new byte[11], 0, 11)).isNull();
        assertThat(RtpPacket.parse(hex("40 6f 0001 00000010 00000020"), 0, 12)).isNull(); // version 1
        assertThat(RtpPacket.parse(hex("81 6f 0001 00000010 00000020"), 0, 12)).isNull(); // CSRC past end
        assertThat(RtpPacket.parse(hex("90 6f 0001 00000010 00000020 bede"), 0, 14)).isNull(); // short ext header
        assertThat(RtpPacket.parse(hex("90 6f 0001 00000010 00000020 bede0002 00000000"), 0, 20)).isNull();
        assertThat(RtpPacket.parse(hex("a0 6f 0001 00000010 00000020 0100"), 0, 14)).isNull(); // padding 0
        assertThat(RtpPacket.parse(hex("a0 6f 0001 00000010 00000020 0105"), 0, 14)).isNull(); // padding > payload
        assertThat(RtpPacket.parse(new byte[20], 15, 10)).isNull(); // past the array

        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            RtpPacket p = RtpPacket.parse(junk, 0, junk.length);
            if (p != null) {
                assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength()).isEqualTo(junk.length);
                p.mid(1);
                p.audioLevel(10);
                p.extension(3);
            }
        }
    }
}
