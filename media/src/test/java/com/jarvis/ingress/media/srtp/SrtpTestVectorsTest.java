package com.jarvis.ingress.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Published test vectors: RFC 3711 Appendix B, RFC 7714 sections 16-17, and libsrtp's srtp_driver packet. */
class SrtpTestVectorsTest {

    @Test
    void rfc3711B2AesCmKeystream() {
        byte[] key = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] out = new byte[0xff02 * 16];
        new AesCounterMode(key).apply(iv, out, 0, out.length);

        assertThat(Hex.string(out, 0, 48)).isEqualToIgnoringCase(
                "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0");
        assertThat(Hex.string(out, 0xfeff * 16, 48)).isEqualToIgnoringCase(
                "EC8CDF7398607CB0F2D21675EA9EA1E4362B7C3C6773516318A077D7FC5073AE6A2CC3787889374FBEB4C81B17BA6C44");
    }

    @Test
    void rfc3711B3KeyDerivation() {
        byte[] masterKey = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

        assertThat(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                .isEqualTo(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, 94))
                .isEqualTo(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"));
    }

    // RFC 7714 section 16 (SRTP) and 17 (SRTCP): session key and salt given directly.
    private static final String GCM_KEY_128 = "000102030405060708090a0b0c0d0e0f";
    private static final String GCM_KEY_256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String GCM_SALT = "517569642070726f2071756f";
    private static final String RTP_PLAIN = "8040f17b8041f8d35501a0b2"
            + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private static final String RTP_128 = "8040f17b8041f8d35501a0b2"
            + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
            + "899d7f27beb16a9152cf765ee4390cce";
    private static final String RTP_256 = "8040f17b8041f8d35501a0b2"
            + "32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b"
            + "7aa3db36dfffd6b0f9bb7878d7a76c13";
    private static final String RTCP_PLAIN = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61"
            + "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private static final String RTCP_128 = "81c8000d4d617273"
            + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b"
            + "c84aa45896cf4d2fc5abf87245d9eade" + "800005d4";
    private static final String RTCP_256 = "81c8000d4d617273"
            + "d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad"
            + "1d1eb30c4446839f57ff6f6cb26ac3be" + "800005d4";

    private static SessionKeys gcmKeys(String key) {
        byte[] k = Hex.bytes(key);
        byte[] s = Hex.bytes(GCM_SALT);
        return new SessionKeys(k, s, null, k, s, null);
    }

    @Test
    void rfc7714GcmRtp128() {
        assertGcmRtp(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY_128, RTP_128);
    }

    @Test
    void rfc7714GcmRtp256() {
        assertGcmRtp(SrtpProfile.AEAD_AES_256_GCM, GCM_KEY_256, RTP_256);
    }

    private static void assertGcmRtp(SrtpProfile profile, String key, String expected) {
        SessionKeys keys = gcmKeys(key);
        byte[] plain = Hex.bytes(RTP_PLAIN);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        SrtpSession sender = new SrtpSession(profile, keys, keys, 4);
        int n = sender.protectRtp(buf, 0, plain.length);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(Hex.bytes(expected));

        SrtpSession receiver = new SrtpSession(profile, keys, keys, 4);
        int m = receiver.unprotectRtp(buf, 0, n);
        assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }

    @Test
    void rfc7714GcmRtcp128() {
        assertGcmRtcp(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY_128, RTCP_128);
    }

    @Test
    void rfc7714GcmRtcp256() {
        assertGcmRtcp(SrtpProfile.AEAD_AES_256_GCM, GCM_KEY_256, RTCP_256);
    }

    private static void assertGcmRtcp(SrtpProfile profile, String key, String expected) {
        SessionKeys keys = gcmKeys(key);
        byte[] plain = Hex.bytes(RTCP_PLAIN);
        byte[] buf = Arrays.copyOf(plain, plain.length + 20);
        int n = SrtpTransform.create(profile, keys).protectRtcp(buf, 0, plain.length, 0x4d617273, 0x5d4);
        assertThat(Hex.string(buf, 0, n)).isEqualTo(expected);

        SrtpSession receiver = new SrtpSession(profile, keys, keys, 4);
        int m = receiver.unprotectRtcp(buf, 0, n);
        assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }

    @Test
    void libsrtpAesCm128HmacSha1_80PacketsWithKeyDerivation() {
        byte[] key = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] salt = Hex.bytes("0ec675ad498afeebb6960b3aabe6");
        SrtpKeyMaterial km = new SrtpKeyMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt, key, salt);
        SrtpSession sender = new SrtpSession(km);

        byte[] rtp = Hex.bytes("800f1234decafbadcafebabe" + "ab".repeat(16));
        byte[] buf = Arrays.copyOf(rtp, rtp.length + 10);
        int n = sender.protectRtp(buf, 0, rtp.length);
        assertThat(Hex.string(buf, 0, n)).isEqualTo("800f1234decafbadcafebabe"
                + "4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");

        // libsrtp's reference SRTCP packet carries index 1, so the second one we send matches it.
        byte[] rtcp = Hex.bytes("81c8000bcafebabe" + "ab".repeat(16));
        byte[] first = Arrays.copyOf(rtcp, rtcp.length + 14);
        sender.protectRtcp(first, 0, rtcp.length);
        byte[] second = Arrays.copyOf(rtcp, rtcp.length + 14);
        int r = sender.protectRtcp(second, 0, rtcp.length);
        assertThat(Hex.string(second, 0, r)).isEqualTo("81c8000bcafebabe"
                + "7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

        SrtpSession receiver = new SrtpSession(km);
        assertThat(receiver.unprotectRtp(buf, 0, n)).isEqualTo(rtp.length);
        assertThat(Arrays.copyOf(buf, rtp.length)).isEqualTo(rtp);
        assertThat(receiver.unprotectRtcp(second, 0, r)).isEqualTo(rtcp.length);
        assertThat(Arrays.copyOf(second, rtcp.length)).isEqualTo(rtcp);
    }
}
