package com.jarvis.ingress.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import org.junit.jupiter.api.Test;

class WebRtcServerConfigTest {

    @Test
    void candidateIpPrefersAnnouncedThenListenThenAnInterface() {
        WebRtcServerConfig defaults = WebRtcServerConfig.defaults();
        assertThat(defaults.withAnnouncedIp("203.0.113.7").candidateIp()).isEqualTo("203.0.113.7");
        assertThat(defaults.withListenIp("127.0.0.1").candidateIp()).isEqualTo("127.0.0.1");
        String resolved = defaults.candidateIp();
        assertThat(resolved).isNotEqualTo("0.0.0.0").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(defaults.candidateIp()).isEqualTo(resolved); // deterministic
    }

    @Test
    void invalidConfigurationsAreRejected() {
        WebRtcServerConfig d = WebRtcServerConfig.defaults();
        assertThatThrownBy(() -> d.withProtocols(false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPorts(2000, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withConsentTimeoutMillis(5_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withConnectTimeoutMillis(999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withConnectTimeoutMillis(120_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withIoThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withIoThreads(WebRtcServerConfig.MAX_IO_THREADS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(d.withIoThreads(3).ioThreads()).isEqualTo(3);
        assertThat(d.ioThreads()).isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
        assertThatThrownBy(() -> d.withPorts(0, 0).withSinglePort(false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signallingShapesOfATransport() throws Exception {
        WebRtcServerConfig config = TransportTestSupport.loopbackConfig().withAnnouncedIp("198.51.100.1");
        try (WebRtcServer server = WebRtcServer.start(config)) {
            WebRtcTransport t = server.createTransport(null);
            assertThat(t.id()).matches("[0-9a-f-]{36}");
            IceParameters ice = t.iceParameters();
            assertThat(ice.usernameFragment()).hasSize(32);
            assertThat(ice.password()).hasSize(32);
            assertThat(ice.iceLite()).isTrue();
            assertThat(t.iceCandidates()).hasSize(2);
            IceCandidate udp = t.iceCandidates().get(0);
            IceCandidate tcp = t.iceCandidates().get(1);
            assertThat(udp.ip()).isEqualTo("198.51.100.1").isEqualTo(udp.address());
            assertThat(udp.port()).isEqualTo(server.udpPort());
            assertThat(udp.type()).isEqualTo("host");
            assertThat(udp.tcpType()).isNull();
            assertThat(udp.priority()).isEqualTo((126L << 24) + (65_535L << 8) + 255);
            assertThat(tcp.protocol()).isEqualTo("tcp");
            assertThat(tcp.tcpType()).isEqualTo("passive");
            assertThat(tcp.port()).isEqualTo(server.tcpPort());
            assertThat(tcp.priority()).isLessThan(udp.priority());
            assertThat(t.dtlsParameters().role()).isEqualTo("auto");
            assertThat(t.dtlsParameters().fingerprints()).extracting(DtlsFingerprint::algorithm)
                    .containsExactly("sha-256", "sha-384", "sha-512");
            assertThat(t.state()).isEqualTo(TransportState.NEW);
        }
    }
}
