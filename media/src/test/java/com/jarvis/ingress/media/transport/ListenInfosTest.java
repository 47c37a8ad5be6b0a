package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.await;
import static com.jarvis.ingress.media.transport.TransportTestSupport.loopbackConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.ice.StunClass;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several listen addresses (IPv4 and IPv6): one socket pair each, their candidates, and checks over each. */
class ListenInfosTest {
    private static final List<ListenInfo> DUAL = List.of(new ListenInfo("127.0.0.1", "203.0.113.7"),
            new ListenInfo("::1", "2001:db8::7"));

    @Test
    void everyAddressGetsItsCandidatesWithDistinctPrioritiesIpv4AndUdpFirst() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withListenInfos(DUAL))) {
            List<IceCandidate> c = server.createTransport(null).iceCandidates();
            assertThat(c).extracting(IceCandidate::protocol).containsExactly("udp", "udp", "tcp", "tcp");
            assertThat(c).extracting(IceCandidate::ip)
                    .containsExactly("203.0.113.7", "2001:db8::7", "203.0.113.7", "2001:db8::7");
            assertThat(c).extracting(IceCandidate::priority).doesNotHaveDuplicates()
                    .isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(c.get(0).priority()).isEqualTo((126L << 24) + (65_535L << 8) + 255); // unchanged for the first
            assertThat(c).extracting(IceCandidate::foundation).doesNotHaveDuplicates();
            // port 0: every address got its own OS-chosen port, and the candidates name the right ones
            assertThat(c.get(0).port()).isEqualTo(server.udpPort());
            assertThat(c.get(2).port()).isEqualTo(server.tcpPort());
        }
    }

    @Test
    void anIpv6CandidateConnectsOverUdpAndTcp() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withListenInfos(
                List.of(new ListenInfo("127.0.0.1", null), new ListenInfo("::1", null))))) {
            WebRtcTransport t = server.createTransport(null);
            IceCandidate udp6 = byIpAndProtocol(t, "::1", "udp");
            IceCandidate tcp6 = byIpAndProtocol(t, "::1", "tcp");
            try (LoopbackBrowser browser = LoopbackBrowser.udp(new InetSocketAddress("::1", udp6.port()))) {
                TransportTestSupport.connect(browser, t);
                IceTuple tuple = t.selectedTuple();
                assertThat(tuple.remote().getAddress().getHostAddress()).isIn("0:0:0:0:0:0:0:1", "::1");
                assertThat(server.counters().dtlsHandshakes()).isEqualTo(1);
            }
            WebRtcTransport t2 = server.createTransport(null);
            try (LoopbackBrowser browser = LoopbackBrowser.tcp(new InetSocketAddress("::1", tcp6.port()))) {
                assertThat(browser.check(t2.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
                // Selected by ICE's events, which run after the response is sent.
                assertThat(await(() -> t2.selectedTuple() != null, 2_000)).isTrue();
                assertThat(t2.selectedTuple().transport().name()).isEqualToIgnoringCase("tcp");
            }
        }
    }

    @Test
    void ipv6WildcardIsDualStackAndServesTheIpv4WildcardEntryToo() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withListenInfos(
                List.of(new ListenInfo("0.0.0.0", "203.0.113.7"), new ListenInfo("::", "2001:db8::7"))))) {
            WebRtcTransport t = server.createTransport(null);
            List<IceCandidate> c = t.iceCandidates();
            assertThat(c).hasSize(4);
            assertThat(c.get(0).port()).isEqualTo(c.get(1).port()); // one dual-stack UDP socket
            try (LoopbackBrowser v4 = LoopbackBrowser.udp(new InetSocketAddress("127.0.0.1", c.get(0).port()));
                 LoopbackBrowser v6 = LoopbackBrowser.udp(new InetSocketAddress("::1", c.get(1).port()))) {
                assertThat(v4.check(t.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
                assertThat(v6.check(t.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
                assertThat(await(() -> server.mappedTuples() == 2, 2_000)).isTrue();
            }
        }
    }

    @Test
    void perTransportPortsBindEveryAddress() throws Exception {
        int base = 40_000 + new java.util.Random().nextInt(20_000);
        WebRtcServerConfig config = loopbackConfig().withListenInfos(DUAL).withPorts(base, base + 9)
                .withSinglePort(false);
        try (WebRtcServer server = WebRtcServer.start(config)) {
            WebRtcTransport t = server.createTransport(null);
            assertThat(t.iceCandidates()).hasSize(4).extracting(IceCandidate::port).containsOnly(
                    t.iceCandidates().get(0).port());
            t.close();
            assertThat(server.portsInUse()).isZero();
        }
    }

    @Test
    void repeatedOrTooManyAddressesAreRefused() {
        ListenInfo a = new ListenInfo("127.0.0.1", null);
        assertThatThrownBy(() -> loopbackConfig().withListenInfos(List.of(a, new ListenInfo("127.0.0.1", ""))))
                .hasMessageContaining("must not repeat");
        List<ListenInfo> nine = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            nine.add(new ListenInfo("127.0.0." + i, null));
        }
        assertThatThrownBy(() -> loopbackConfig().withListenInfos(nine)).hasMessageContaining("1-8");
        assertThatThrownBy(() -> new ListenInfo("localhost", null)).hasMessageContaining("IP address");
        assertThatThrownBy(() -> new ListenInfo("300.1.1.1", null)).hasMessageContaining("IP address");
        assertThat(new ListenInfo("::", null).candidateIsIpv6()).isTrue();
        assertThat(new ListenInfo("::", "198.51.100.1").candidateIsIpv6()).isFalse();
    }

    private static IceCandidate byIpAndProtocol(WebRtcTransport t, String ip, String protocol) {
        return t.iceCandidates().stream().filter(c -> c.ip().equals(ip) && c.protocol().equals(protocol))
                .findFirst().orElseThrow();
    }
}
