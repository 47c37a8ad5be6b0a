package com.jarvis.ingress.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtpProfileTest {

    @Test
    void selectsOurPreferredCommonProfile() {
        assertThat(SrtpProfile.selectFrom(new int[] {0x0001, 0x0007, 0x0002})).isEqualTo(
                SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.selectFrom(new int[] {0x0002, 0x0001})).isEqualTo(
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(SrtpProfile.selectFrom(new int[] {0x0005})).isNull();
        assertThat(SrtpProfile.selectFrom(null)).isNull();
        assertThat(SrtpProfile.preferredIds()).containsExactly(0x0008, 0x0007, 0x0001, 0x0002);
    }
}
