package com.jarvis.ingress.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.jarvis.ingress.media.srtp.SrtpProfile;

class DtlsSrtpKeysTest {

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void splitsMaterialPerRfc5764Layout() {
        // AES-CM: client key 0..15, server key 16..31, client salt 32..45, server salt 46..59.
        byte[] m = counting(60);
        DtlsSrtpKeys server = new DtlsSrtpKeys(0x0001, m, false);
        assertThat(server.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
        assertThat(server.localMasterKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
        assertThat(server.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 46));
        assertThat(server.localMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 46, 60));
        DtlsSrtpKeys client = new DtlsSrtpKeys(0x0001, m, true);
        assertThat(client.localMasterKey()).isEqualTo(server.remoteMasterKey());
        assertThat(client.localMasterSalt()).isEqualTo(server.remoteMasterSalt());
    }

    @Test
    void lengthsFollowTheProfile() {
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_32.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()).isEqualTo(88);
        DtlsSrtpKeys gcm = new DtlsSrtpKeys(0x0008, counting(88), true);
        assertThat(gcm.localMasterKey()).hasSize(32);
        assertThat(gcm.remoteMasterSalt()).hasSize(12).startsWith((byte) 76);
        assertThatThrownBy(() -> new DtlsSrtpKeys(0x0007, counting(60), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtlsSrtpKeys(0x0005, counting(60), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverLeaksOrSharesMaterial() {
        byte[] m = counting(56);
        DtlsSrtpKeys keys = new DtlsSrtpKeys(0x0007, m, false);
        m[0] = 99;
        keys.material()[1] = 99;
        assertThat(keys.material()).isEqualTo(counting(56));
        assertThat(keys.toString()).doesNotContain("material=").contains("AEAD_AES_128_GCM");
        assertThat(keys).isEqualTo(new DtlsSrtpKeys(0x0007, counting(56), false));
    }
}
