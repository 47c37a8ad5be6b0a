package com.jarvis.ingress.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    private static final int SSRC = 0x11223344;

    /** A client-side and a server-side session keyed from the same exported material, as after DTLS. */
    private static SrtpSession[] pair(SrtpProfile profile) {
        byte[] exported = new byte[profile.keyingMaterialLength()];
        new Random(42).nextBytes(exported);
        return new SrtpSession[] {
            new SrtpSession(SrtpKeyMaterial.fromExported(profile, exported, true)),
            new SrtpSession(SrtpKeyMaterial.fromExported(profile, exported, false))
        };
    }

    /** An RTP packet with a one-byte header extension and a recognisable payload, plus room for a tag. */
    static byte[] rtp(int seq, int payloadLength) {
        byte[] p = new byte[12 + 8 + payloadLength + 16];
        p[0] = (byte) 0x90; // V=2, X=1
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[7] = (byte) seq;
        p[8] = 0x11;
        p[9] = 0x22;
        p[10] = 0x33;
        p[11] = 0x44;
        p[12] = (byte) 0xbe;
        p[13] = (byte) 0xde;
        p[15] = 1; // one word of extensions
        p[16] = 0x10; // id 1, length 1
        p[17] = '0';
        for (int i = 0; i < payloadLength; i++) {
            p[20 + i] = (byte) (i * 7 + seq);
        }
        return p;
    }

    private static int rtpLength(int payloadLength) {
        return 20 + payloadLength;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripBothDirections(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        for (int dir = 0; dir < 2; dir++) {
            SrtpSession sender = s[dir];
            SrtpSession receiver = s[1 - dir];
            for (int seq = 100; seq < 110; seq++) {
                byte[] plain = rtp(seq, 100);
                byte[] buf = plain.clone();
                int n = sender.protectRtp(buf, 0, rtpLength(100));
                assertThat(n).isEqualTo(rtpLength(100) + profile.rtpTagLength());
                assertThat(Arrays.copyOfRange(buf, 20, 120)).isNotEqualTo(Arrays.copyOfRange(plain, 20, 120));
                assertThat(receiver.unprotectRtp(buf, 0, n)).isEqualTo(rtpLength(100));
                assertThat(Arrays.copyOf(buf, rtpLength(100))).isEqualTo(Arrays.copyOf(plain, rtpLength(100)));
            }
            assertThat(receiver.unprotectedRtpCount()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpAtNonZeroOffset(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] plain = rtp(5, 40);
        byte[] buf = new byte[plain.length + 30];
        System.arraycopy(plain, 0, buf, 30, plain.length);
        int n = s[0].protectRtp(buf, 30, rtpLength(40));
        assertThat(s[1].unprotectRtp(buf, 30, n)).isEqualTo(rtpLength(40));
        assertThat(Arrays.copyOfRange(buf, 30, 30 + rtpLength(40))).isEqualTo(Arrays.copyOf(plain, rtpLength(40)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketIsDroppedAndCounted(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] buf = rtp(1, 50);
        int n = s[0].protectRtp(buf, 0, rtpLength(50));
        byte[] tagFlipped = buf.clone();
        tagFlipped[n - 1] ^= 1;
        byte[] payloadFlipped = buf.clone();
        payloadFlipped[30] ^= 1;
        byte[] headerFlipped = buf.clone();
        headerFlipped[1] ^= 1;

        for (byte[] bad : new byte[][] {tagFlipped, payloadFlipped, headerFlipped}) {
            assertThat(s[1].unprotectRtp(bad, 0, n)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
        }
        assertThat(s[1].droppedCount(SrtpDropReason.AUTH_FAILED)).isEqualTo(3);
        // Failed packets create no state, and the genuine packet still goes through afterwards.
        assertThat(s[1].receiveStreamCount()).isZero();
        assertThat(s[1].unprotectRtp(buf, 0, n)).isEqualTo(rtpLength(50));
    }

    @Test
    void cmAuthFailureDoesNotDecrypt() {
        SrtpSession[] s = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] buf = rtp(1, 50);
        int n = s[0].protectRtp(buf, 0, rtpLength(50));
        buf[n - 1] ^= 1;
        byte[] before = buf.clone();
        s[1].unprotectRtp(buf, 0, n);
        assertThat(buf).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedPacketIsDropped(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] buf = rtp(7, 20);
        int n = s[0].protectRtp(buf, 0, rtpLength(20));
        byte[] copy = buf.clone();
        assertThat(s[1].unprotectRtp(buf, 0, n)).isPositive();
        assertThat(s[1].unprotectRtp(copy, 0, n)).isEqualTo(SrtpDropReason.REPLAY.code());
        assertThat(s[1].droppedCount(SrtpDropReason.REPLAY)).isEqualTo(1);
    }

    @Test
    void reorderedWithinWindowAcceptedOlderThanWindowDropped() {
        SrtpSession[] s = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[][] packets = new byte[1100][];
        int[] lengths = new int[1100];
        for (int seq = 0; seq < 1100; seq++) {
            packets[seq] = rtp(seq, 10);
            lengths[seq] = s[0].protectRtp(packets[seq], 0, rtpLength(10));
        }
        assertThat(s[1].unprotectRtp(packets[1099], 0, lengths[1099])).isPositive();
        assertThat(s[1].unprotectRtp(packets[1099 - 1023], 0, lengths[1099 - 1023])).isPositive();
        assertThat(s[1].unprotectRtp(packets[1099 - 1024], 0, lengths[1099 - 1024]))
                .isEqualTo(SrtpDropReason.REPLAY.code());
        assertThat(s[1].unprotectRtp(packets[1098], 0, lengths[1098])).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterAdvancesAcrossSequenceWrap(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        int[] sent = {65533, 65534, 65535, 0, 1, 2};
        byte[][] packets = new byte[sent.length][];
        int[] lengths = new int[sent.length];
        for (int i = 0; i < sent.length; i++) {
            packets[i] = rtp(sent[i], 30);
            lengths[i] = s[0].protectRtp(packets[i], 0, rtpLength(30));
        }
        // Received with reordering across the wrap: 65535 (ROC 0) arrives after 0 (ROC 1).
        for (int i : new int[] {0, 1, 3, 2, 4, 5}) {
            byte[] expected = Arrays.copyOf(rtp(sent[i], 30), rtpLength(30));
            assertThat(s[1].unprotectRtp(packets[i], 0, lengths[i])).as("seq %d", sent[i]).isEqualTo(rtpLength(30));
            assertThat(Arrays.copyOf(packets[i], rtpLength(30))).isEqualTo(expected);
        }
    }

    @Test
    void rolloverCounterIsAuthenticated() {
        // A packet protected with ROC 1 does not verify as the first packet of a stream (ROC 0).
        SrtpSession[] s = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        for (int seq : new int[] {65535, 0}) {
            byte[] b = rtp(seq, 10);
            int n = s[0].protectRtp(b, 0, rtpLength(10));
            if (seq == 0) {
                SrtpSession fresh = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80)[1];
                assertThat(fresh.unprotectRtp(b, 0, n)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpRoundTripReplayAndTamper(SrtpProfile profile) {
        SrtpSession[] s = pair(profile);
        byte[] rr = {(byte) 0x81, (byte) 201, 0, 7, 0x55, 0x66, 0x77, (byte) 0x88,
            1, 2, 3, 4, 0, 0, 0, 5, 0, 0, 0x10, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0};
        int overhead = s[0].rtcpOverhead();
        assertThat(overhead).isEqualTo(4 + profile.rtcpTagLength());
        for (int i = 0; i < 3; i++) {
            byte[] buf = Arrays.copyOf(rr, rr.length + overhead);
            int n = s[0].protectRtcp(buf, 0, rr.length);
            assertThat(n).isEqualTo(rr.length + overhead);
            assertThat(Arrays.copyOfRange(buf, 8, rr.length)).isNotEqualTo(Arrays.copyOfRange(rr, 8, rr.length));
            byte[] replay = buf.clone();
            byte[] tampered = buf.clone();
            tampered[10] ^= 0x40;

            assertThat(s[1].unprotectRtcp(tampered, 0, n)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
            assertThat(s[1].unprotectRtcp(buf, 0, n)).isEqualTo(rr.length);
            assertThat(Arrays.copyOf(buf, rr.length)).isEqualTo(rr);
            assertThat(s[1].unprotectRtcp(replay, 0, n)).isEqualTo(SrtpDropReason.REPLAY.code());
        }
        assertThat(s[1].unprotectedRtcpCount()).isEqualTo(3);
    }

    @Test
    void unencryptedSrtcpIsAuthenticatedAndPassedThrough() {
        // E=0: the sender only authenticates. Build it by hand with the transform the session uses.
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        SrtpKeyMaterial km = new SrtpKeyMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt, key, salt);
        SessionKeys keys = SrtpKeyDerivation.sessionKeys(km.profile(), key, salt);
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 9};
        byte[] buf = Arrays.copyOf(rr, rr.length + 14);
        AesCmHmacTransform.writeInt(buf, 8, 3); // E=0, index 3
        javax.crypto.Mac mac;
        try {
            mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(keys.rtcpAuthKey(), "HmacSHA1"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        mac.update(buf, 0, 12);
        System.arraycopy(mac.doFinal(), 0, buf, 12, 10);
        assertThat(new SrtpSession(km).unprotectRtcp(buf, 0, 22)).isEqualTo(8);
        assertThat(Arrays.copyOf(buf, 8)).isEqualTo(rr);
    }

    @Test
    void garbageIsDroppedNotThrown() {
        SrtpSession[] s = pair(SrtpProfile.AEAD_AES_128_GCM);
        SrtpSession rx = s[1];
        assertThat(rx.unprotectRtp(new byte[10], 0, 10)).isEqualTo(SrtpDropReason.TOO_SHORT.code());
        byte[] v1 = new byte[60];
        v1[0] = 0x40;
        assertThat(rx.unprotectRtp(v1, 0, 60)).isEqualTo(SrtpDropReason.BAD_VERSION.code());
        byte[] hugeExt = new byte[60];
        hugeExt[0] = (byte) 0x90;
        hugeExt[14] = (byte) 0xff;
        assertThat(rx.unprotectRtp(hugeExt, 0, 60)).isEqualTo(SrtpDropReason.TOO_SHORT.code());
        byte[] manyCsrc = new byte[40];
        manyCsrc[0] = (byte) 0x8f;
        assertThat(rx.unprotectRtp(manyCsrc, 0, 40)).isEqualTo(SrtpDropReason.TOO_SHORT.code());
        assertThat(rx.unprotectRtcp(new byte[20], 0, 20)).isEqualTo(SrtpDropReason.TOO_SHORT.code());

        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) (0x80 | (junk[0] & 0x3f));
            }
            assertThat(rx.unprotectRtp(junk, 0, junk.length)).isNegative();
            assertThat(rx.unprotectRtcp(junk, 0, junk.length)).isNegative();
        }
        assertThat(rx.receiveStreamCount()).isZero();
    }

    @Test
    void streamCountIsBounded() {
        byte[] exported = new byte[SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()];
        SrtpSession tx = new SrtpSession(SrtpKeyMaterial.fromExported(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                exported, true), 8);
        SrtpSession rx = new SrtpSession(SrtpKeyMaterial.fromExported(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                exported, false), 2);
        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            byte[] b = rtp(1, 10);
            b[8] = 0;
            b[9] = 0;
            b[10] = 0;
            b[11] = (byte) ssrc;
            int n = tx.protectRtp(b, 0, rtpLength(10));
            int r = rx.unprotectRtp(b, 0, n);
            assertThat(r).isEqualTo(ssrc <= 2 ? rtpLength(10) : SrtpDropReason.TOO_MANY_STREAMS.code());
        }
        assertThat(rx.removeReceiveStream(1)).isTrue();
        assertThat(rx.receiveStreamCount()).isEqualTo(1);
    }

    @Test
    void protectRefusesBufferWithoutRoomForTag() {
        SrtpSession tx = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80)[0];
        byte[] exact = Arrays.copyOf(rtp(1, 10), rtpLength(10));
        assertThat(tx.protectRtp(exact, 0, exact.length)).isEqualTo(SrtpDropReason.BUFFER_TOO_SMALL.code());
        byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 9};
        assertThat(tx.protectRtcp(rr, 0, 8)).isEqualTo(SrtpDropReason.BUFFER_TOO_SMALL.code());
    }

    @Test
    void keyMaterialSplitFollowsRfc5764Layout() {
        SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] exported = new byte[60];
        for (int i = 0; i < 60; i++) {
            exported[i] = (byte) i;
        }
        SrtpKeyMaterial client = SrtpKeyMaterial.fromExported(p, exported, true);
        SrtpKeyMaterial server = SrtpKeyMaterial.fromExported(p, exported, false);
        assertThat(client.localKey()).isEqualTo(Arrays.copyOfRange(exported, 0, 16));
        assertThat(client.remoteKey()).isEqualTo(Arrays.copyOfRange(exported, 16, 32));
        assertThat(client.localSalt()).isEqualTo(Arrays.copyOfRange(exported, 32, 46));
        assertThat(client.remoteSalt()).isEqualTo(Arrays.copyOfRange(exported, 46, 60));
        assertThat(server.localKey()).isEqualTo(client.remoteKey());
        assertThat(server.localSalt()).isEqualTo(client.remoteSalt());
        assertThat(server.remoteKey()).isEqualTo(client.localKey());
        assertThat(server.toString()).doesNotContain("0, 1");

        assertThat(SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()).isEqualTo(88);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThatThrownBy(() -> SrtpKeyMaterial.fromExported(p, new byte[59], true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profileIdsAndLengths() {
        assertThat(SrtpProfile.fromId(0x0008)).isEqualTo(SrtpProfile.AEAD_AES_256_GCM);
        assertThat(SrtpProfile.fromId(0x0007)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0001)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromId(0x0002)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
        assertThat(SrtpProfile.fromId(0x0005)).isNull();
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_32.rtpTagLength()).isEqualTo(4);
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_32.rtcpTagLength()).isEqualTo(10);
        assertThat(SrtpDropReason.fromCode(SrtpDropReason.REPLAY.code())).isEqualTo(SrtpDropReason.REPLAY);
        assertThat(SrtpDropReason.fromCode(40)).isNull();
    }
}
