package com.jarvis.ingress.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {

    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final String ABC_SHA256 = "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
            + "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    @Test
    void computesTheWebRtcFormat() {
        assertThat(DtlsFingerprint.of("SHA-256", ABC)).isEqualTo(new DtlsFingerprint("sha-256", ABC_SHA256));
        // SHA-1("abc"), FIPS 180-2 appendix A.1.
        assertThat(DtlsFingerprint.of("sha-1", ABC).value())
                .isEqualTo("A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
    }

    @Test
    void parseNormalisesCase() {
        DtlsFingerprint f = DtlsFingerprint.parse(" SHA-256 ", ABC_SHA256.toLowerCase());
        assertThat(f.algorithm()).isEqualTo("sha-256");
        assertThat(f.value()).isEqualTo(ABC_SHA256);
        assertThat(f.digestLength()).isEqualTo(32);
    }

    @Test
    void rejectsBadSignalling() {
        assertThatThrownBy(() -> DtlsFingerprint.parse("md5", "AB:CD"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256", ABC_SHA256.substring(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 colon-separated hex pairs");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-1", ABC_SHA256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256", ABC_SHA256.replace(':', '-')))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256", "G" + ABC_SHA256.substring(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsFingerprint.parse(null, ABC_SHA256))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsEveryWebRtcAlgorithm() {
        for (String algorithm : DtlsCertificate.FINGERPRINT_ALGORITHMS) {
            DtlsFingerprint f = DtlsFingerprint.of(algorithm, ABC);
            assertThat(DtlsFingerprint.parse(algorithm, f.value())).isEqualTo(f);
        }
    }

    @Test
    void matchesOnlyTheRightCertificate() {
        DtlsFingerprint f = DtlsFingerprint.parse("sha-256", ABC_SHA256);
        assertThat(f.matches(ABC)).isTrue();
        assertThat(f.matches("abd".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(f.matches(null)).isFalse();
    }
}
