package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.net.SocketEvent;
import com.jarvis.ingress.media.net.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** singlePort=false: each transport binds its own UDP+TCP port from the range and gives it back on close. */
class PerTransportPortsTest {

    @Test
    void transportsGetDistinctPortsThatCloseFreesAndExhaustionThrows() throws Exception {
        int base = freeRange(2);
        WebRtcServerConfig config = loopbackConfig().withPorts(base, base + 1).withSinglePort(false);
        try (WebRtcServer server = WebRtcServer.start(config)) {
            WebRtcTransport first = server.createTransport(null);
            WebRtcTransport second = server.createTransport(null);
            int p1 = first.iceCandidates().get(0).port();
            int p2 = second.iceCandidates().get(0).port();
            assertThat(p1).isNotEqualTo(p2).isBetween(base, base + 1);
            assertThat(p2).isBetween(base, base + 1);
            assertThat(first.iceCandidates()).extracting(IceCandidate::protocol).containsExactly("udp", "tcp");
            assertThat(first.iceCandidates()).extracting(IceCandidate::port).containsOnly(p1);
            assertThat(server.portsInUse()).isEqualTo(2);
            assertThatThrownBy(() -> server.createTransport(null)).isInstanceOf(PortsExhaustedException.class);
            assertThat(server.transportCount()).isEqualTo(2);

            // Each port serves only its own transport: a check for the second on the first's port is dropped.
            try (LoopbackBrowser wrongPort = LoopbackBrowser.udp(p1);
                 LoopbackBrowser rightPort = LoopbackBrowser.udp(p2)) {
                wrongPort.send(wrongPort.bindingRequest(second.iceParameters(), second.iceParameters().password(),
                        true));
                assertThat(await(() -> server.counters().drops(DropReason.STUN_UNKNOWN_UFRAG) == 1, 2_000))
                        .isTrue();
                checkUntilConnecting(rightPort, second);
            }

            // Every transport's sockets count into the server's one set, which keeps a closed socket's share.
            long received = server.socketCounters().get(Transport.UDP, SocketEvent.RECEIVED);
            assertThat(received).isGreaterThanOrEqualTo(2);
            first.close();
            assertThat(server.portsInUse()).isEqualTo(1);
            assertThat(server.socketCounters().get(Transport.UDP, SocketEvent.RECEIVED)).isGreaterThanOrEqualTo(received);
            WebRtcTransport third = server.createTransport(null);
            assertThat(third.iceCandidates().get(0).port()).isEqualTo(p1);
        }
    }

    @Test
    void manyTransportsWithOwnPortsLeakNoThreadsOrPorts() throws Exception {
        int base = freeRange(1);
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withPorts(base, base).withSinglePort(false))) {
            int before = Thread.activeCount();
            for (int i = 0; i < 50; i++) {
                server.createTransport(null).close();
            }
            assertThat(server.portsInUse()).isZero();
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(before);
        }
        // The server gave the port back to the OS.
        assertThat(bindable(base)).isTrue();
    }

    /** The first of {@code n} consecutive ports that are free for UDP and TCP on 127.0.0.1. */
    static int freeRange(int n) {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(30_000);
            boolean ok = true;
            for (int p = base; p < base + n && ok; p++) {
                ok = bindable(p);
            }
            if (ok) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    static boolean bindable(int port) {
        try (DatagramChannel udp = DatagramChannel.open();
             ServerSocket tcp = new ServerSocket()) {
            udp.bind(new InetSocketAddress("127.0.0.1", port));
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
