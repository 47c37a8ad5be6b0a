package com.jarvis.ingress.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DtlsRoleTest {

    @Test
    void remoteClientMakesUsServerOtherwiseWeAreClient() {
        assertThat(DtlsRole.localRoleFor(DtlsRole.CLIENT)).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.localRoleFor(DtlsRole.SERVER)).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.localRoleFor(DtlsRole.AUTO)).isEqualTo(DtlsRole.CLIENT);
    }

    @Test
    void parsesSignalledNames() {
        assertThat(DtlsRole.parse("client")).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.parse("Server")).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.parse("auto")).isEqualTo(DtlsRole.AUTO);
        assertThat(DtlsRole.AUTO.wireName()).isEqualTo("auto");
        assertThatThrownBy(() -> DtlsRole.parse("actpass")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actpass");
        assertThatThrownBy(() -> DtlsRole.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
