package com.jarvis.ingress.media.ice;

import static com.jarvis.ingress.media.ice.Rfc5769Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    private final StunIntegrity key = new StunIntegrity(PASSWORD);

    @Test
    void parsesRfc5769SampleRequest() {
        StunMessage m = StunMessage.parse(REQUEST, 0, REQUEST.length);

        assertThat(m).isNotNull();
        assertThat(m.isBindingRequest()).isTrue();
        assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(m.username()).isEqualTo(USERNAME); // 9 bytes; the space padding is not part of it
        assertThat(m.usernameHasLocalUfrag("evtj".getBytes())).isTrue();
        assertThat(m.usernameHasLocalUfrag("evt".getBytes())).isFalse();
        assertThat(m.hasPriority()).isTrue();
        assertThat(m.priority()).isEqualTo(0x6e0001ff);
        assertThat(m.hasIceControlled()).isTrue();
        assertThat(m.hasIceControlling()).isFalse();
        assertThat(m.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(m.hasUseCandidate()).isFalse();
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyIntegrity(key)).isTrue();
        assertThat(m.verifyIntegrity(new StunIntegrity("wrong"))).isFalse();
    }

    @Test
    void parsesRfc5769Ipv4Response() throws Exception {
        StunMessage m = StunMessage.parse(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);

        assertThat(m.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(m.method()).isEqualTo(StunConstants.METHOD_BINDING);
        assertThat(m.xorMappedAddress())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyIntegrity(key)).isTrue();
    }

    @Test
    void parsesRfc5769Ipv6Response() throws Exception {
        StunMessage m = StunMessage.parse(IPV6_RESPONSE, 0, IPV6_RESPONSE.length);

        assertThat(m.xorMappedAddress()).isEqualTo(new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyIntegrity(key)).isTrue();
    }

    @Test
    void parsesAtAnOffsetInALargerBuffer() {
        byte[] big = new byte[REQUEST.length + 37];
        System.arraycopy(REQUEST, 0, big, 11, REQUEST.length);

        StunMessage m = StunMessage.parse(big, 11, REQUEST.length);

        assertThat(m.verifyFingerprint()).isTrue();
        assertThat(m.verifyIntegrity(key)).isTrue();
    }

    @Test
    void encodesRfc5769Ipv4ResponseAttributesExactly() throws Exception {
        // The RFC's SOFTWARE is padded with a space; our encoder pads with zero, so rebuild without SOFTWARE and
        // compare XOR-MAPPED-ADDRESS bytes, then check integrity and fingerprint verify.
        byte[] built = StunMessageBuilder.create(StunClass.SUCCESS_RESPONSE, 1, TRANSACTION_ID, 0)
                .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .messageIntegrity(key)
                .fingerprint()
                .build();

        assertThat(Arrays.copyOfRange(built, 20, 32)).isEqualTo(Arrays.copyOfRange(IPV4_RESPONSE, 36, 48));
        StunMessage m = StunMessage.parse(built, 0, built.length);
        assertThat(m.verifyIntegrity(key)).isTrue();
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void encodesIpv6XorMappedAddressLikeRfc5769() throws Exception {
        byte[] built = StunMessageBuilder.create(StunClass.SUCCESS_RESPONSE, 1, TRANSACTION_ID, 0)
                .xorMappedAddress(new InetSocketAddress(
                        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
                .build();

        assertThat(Arrays.copyOfRange(built, 20, 44)).isEqualTo(Arrays.copyOfRange(IPV6_RESPONSE, 36, 60));
    }

    @Test
    void reproducesRfc5769SampleRequestFromItsFields() {
        // Everything before MESSAGE-INTEGRITY copied verbatim (space padding included); then MI and FINGERPRINT
        // computed by us must equal the RFC's bytes.
        int miOff = 76;
        byte[] out = Arrays.copyOf(REQUEST, REQUEST.length);
        Arrays.fill(out, miOff + 4, miOff + 24, (byte) 0); // MESSAGE-INTEGRITY value
        Arrays.fill(out, miOff + 28, out.length, (byte) 0); // FINGERPRINT value
        key.compute(out, 0, miOff, out, miOff + 4);
        int fp = StunMessage.fingerprint(out, 0, miOff + 24);
        out[miOff + 28] = (byte) (fp >>> 24);
        out[miOff + 29] = (byte) (fp >>> 16);
        out[miOff + 30] = (byte) (fp >>> 8);
        out[miOff + 31] = (byte) fp;

        assertThat(out).isEqualTo(REQUEST);
    }

    @Test
    void roundTripsIceAttributesAndErrorCode() {
        byte[] tx = new byte[12];
        tx[3] = 7;
        byte[] built = StunMessageBuilder.create(StunClass.ERROR_RESPONSE, 1, tx, 0)
                .username("abc:def")
                .priority(0xFFFFFFFE)
                .useCandidate()
                .iceControlling(-2L)
                .errorCode(487, "Role Conflict")
                .messageIntegrity(key)
                .fingerprint()
                .build();

        StunMessage m = StunMessage.parse(built, 0, built.length);

        assertThat(m.stunClass()).isEqualTo(StunClass.ERROR_RESPONSE);
        assertThat(m.transactionId()).isEqualTo(tx);
        assertThat(m.username()).isEqualTo("abc:def");
        assertThat(m.priority()).isEqualTo(0xFFFFFFFE);
        assertThat(m.hasUseCandidate()).isTrue();
        assertThat(m.hasIceControlling()).isTrue();
        assertThat(m.tieBreaker()).isEqualTo(-2L);
        assertThat(m.errorCode()).isEqualTo(487);
        assertThat(m.errorReason()).isEqualTo("Role Conflict");
        assertThat(m.verifyIntegrity(key)).isTrue();
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void encodesOtherMethodsAndClasses() {
        byte[] built = StunMessageBuilder.create(StunClass.INDICATION, 0x0ABC, TRANSACTION_ID, 0).build();

        StunMessage m = StunMessage.parse(built, 0, built.length);

        assertThat(m.stunClass()).isEqualTo(StunClass.INDICATION);
        assertThat(m.method()).isEqualTo(0x0ABC);
    }

    @Test
    void detectsTampering() {
        byte[] copy = REQUEST.clone();
        copy[30] ^= 1; // inside SOFTWARE

        StunMessage m = StunMessage.parse(copy, 0, copy.length);

        assertThat(m.verifyFingerprint()).isFalse();
        assertThat(m.verifyIntegrity(key)).isFalse();
    }

    @Test
    void skipsUnknownAttributes() {
        byte[] built = StunMessageBuilder.create(StunClass.REQUEST, 1, TRANSACTION_ID, 0)
                .attribute(0x7777, new byte[] {1, 2, 3}, 0, 3)
                .attribute(0xC001, new byte[5], 0, 5)
                .priority(5)
                .fingerprint()
                .build();

        StunMessage m = StunMessage.parse(built, 0, built.length);

        assertThat(m.priority()).isEqualTo(5);
        assertThat(m.verifyFingerprint()).isTrue();
    }

    @Test
    void rejectsMalformedWithoutThrowing() {
        assertThat(StunMessage.parse(null, 0, 0)).isNull();
        assertThat(StunMessage.parse(REQUEST, 0, 19)).isNull();
        assertThat(StunMessage.parse(REQUEST, 0, REQUEST.length - 4)).isNull(); // length mismatch
        assertThat(StunMessage.parse(REQUEST, 5, REQUEST.length)).isNull(); // out of bounds
        assertThat(StunMessage.parse(REQUEST, -1, 20)).isNull();

        byte[] badCookie = REQUEST.clone();
        badCookie[4] = 0;
        assertThat(StunMessage.parse(badCookie, 0, badCookie.length)).isNull();

        byte[] attrOverrun = REQUEST.clone();
        attrOverrun[22] = 0x7F; // SOFTWARE length runs past the end
        assertThat(StunMessage.parse(attrOverrun, 0, attrOverrun.length)).isNull();

        byte[] badPriorityLen = REQUEST.clone();
        badPriorityLen[43] = 8;
        assertThat(StunMessage.parse(badPriorityLen, 0, badPriorityLen.length)).isNull();

        byte[] afterFingerprint = StunMessageBuilder.create(StunClass.REQUEST, 1, TRANSACTION_ID, 0)
                .fingerprint().priority(1).build();
        assertThat(StunMessage.parse(afterFingerprint, 0, afterFingerprint.length)).isNull();
    }

    @Test
    void randomAndMutatedInputNeverThrows() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] data;
            if (i % 2 == 0) {
                data = new byte[rnd.nextInt(120)];
                rnd.nextBytes(data);
                if (data.length >= 8) {
                    data[0] &= 0x3F;
                    data[4] = 0x21;
                    data[5] = 0x12;
                    data[6] = (byte) 0xa4;
                    data[7] = 0x42;
                    data[2] = (byte) ((data.length - 20) >> 8);
                    data[3] = (byte) (data.length - 20);
                }
            } else {
                data = REQUEST.clone();
                for (int k = 0; k < 3; k++) {
                    data[20 + rnd.nextInt(data.length - 20)] = (byte) rnd.nextInt();
                }
            }
            StunMessage m = StunMessage.parse(data, 0, data.length);
            if (m != null) {
                m.verifyFingerprint();
                m.verifyIntegrity(key);
                m.xorMappedAddress();
                m.errorReason();
                m.username();
            }
            LocalUfrag.of(data, 0, data.length);
        }
    }
}
