package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsState;
import com.jarvis.ingress.media.ice.StunClass;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A transport that does not reach connected within the connect timeout is closed, whichever step it stalls at,
 * and gives back its capacity slot and port; one that connected in time is left alone. The server's clock is
 * driven by the test, so nothing waits for real timeouts.
 */
class TransportConnectDeadlineTest {
    private static final long TIMEOUT = 5_000;
    private final AtomicLong clock = new AtomicLong(7_000_000);

    private WebRtcServer start(WebRtcServerConfig config) throws Exception {
        return WebRtcServer.start(config.withProtocols(true, false).withConnectTimeoutMillis(TIMEOUT), clock::get);
    }

    /** Moves the clock to just before the deadline (nothing closes), then onto it (the transport closes). */
    private void passDeadline(WebRtcTransport t, Events events) throws InterruptedException {
        clock.addAndGet(TIMEOUT - 1);
        Thread.sleep(3 * WebRtcServer.TICK_MILLIS);
        assertThat(t.isClosed()).as("closed before the deadline").isFalse();
        clock.addAndGet(1);
        assertThat(await(() -> events.closed != null, 3_000)).as("closed at the deadline").isTrue();
        assertThat(events.closed).isEqualTo(CloseReason.CONNECT_TIMEOUT);
        assertThat(t.closeReason()).isEqualTo(CloseReason.CONNECT_TIMEOUT);
        assertThat(t.state()).isEqualTo(TransportState.CLOSED);
    }

    @Test
    void aSilentTransportIsClosedAtTheDeadlineAndFreesItsCapacitySlot() throws Exception {
        try (WebRtcServer server = start(loopbackConfig().withMaxTransports(1))) {
            Events events = new Events();
            WebRtcTransport silent = server.createTransport(events);
            assertThatThrownBy(() -> server.createTransport(null)).isInstanceOf(TransportLimitException.class);

            passDeadline(silent, events);

            assertThat(server.counters().transportsClosed(CloseReason.CONNECT_TIMEOUT)).isEqualTo(1);
            assertThat(server.transportCount()).isZero();
            assertThat(server.mappedUfrags()).isZero();
            assertThat(server.createTransport(null)).isNotNull();
        }
    }

    @Test
    void iceWithoutConnectIsClosedAtTheDeadline() throws Exception {
        try (WebRtcServer server = start(loopbackConfig());
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            Events events = new Events();
            WebRtcTransport t = server.createTransport(events);
            checkUntilConnecting(browser, t);
            // The client keeps consent alive, which alone must not keep an unconnected transport open.
            clock.addAndGet(TIMEOUT / 2);
            assertThat(browser.check(t.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            clock.addAndGet(-TIMEOUT / 2);

            passDeadline(t, events);

            assertThat(server.mappedTuples()).isZero();
            assertThat(server.transportCount()).isZero();
        }
    }

    @Test
    void aDtlsHandshakeThatNeverCompletesIsClosedAtTheDeadline() throws Exception {
        for (DtlsRole remote : new DtlsRole[] {DtlsRole.CLIENT, DtlsRole.SERVER}) {
            try (WebRtcServer server = start(loopbackConfig());
                 LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
                Events events = new Events();
                WebRtcTransport t = server.createTransport(events);
                assertThat(browser.check(t.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
                // connect() is signalled, but the browser never speaks DTLS: our handshake waits (or retransmits).
                t.connect(remote, browser.fingerprints());
                assertThat(t.dtlsState()).as(remote.name()).isEqualTo(DtlsState.CONNECTING);

                passDeadline(t, events);

                assertThat(t.dtlsState()).as(remote.name()).isEqualTo(DtlsState.CLOSED);
                assertThat(server.transportCount()).isZero();
            }
        }
    }

    @Test
    void inPerTransportPortModeTheDeadlineFreesThePort() throws Exception {
        int base = PerTransportPortsTest.freeRange(1);
        try (WebRtcServer server = start(loopbackConfig().withPorts(base, base).withSinglePort(false))) {
            Events events = new Events();
            WebRtcTransport silent = server.createTransport(events);
            assertThat(server.portsInUse()).isEqualTo(1);
            assertThatThrownBy(() -> server.createTransport(null)).isInstanceOf(PortsExhaustedException.class);

            passDeadline(silent, events);

            assertThat(server.portsInUse()).isZero();
            assertThat(server.createTransport(null).iceCandidates().get(0).port()).isEqualTo(base);
        }
    }

    @Test
    void aTransportThatConnectedInTimeOutlivesTheDeadline() throws Exception {
        try (WebRtcServer server = start(loopbackConfig());
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            Events events = new Events();
            WebRtcTransport t = server.createTransport(events);
            connect(browser, t);
            clock.addAndGet(3 * TIMEOUT); // still inside the 30 s consent
            Thread.sleep(3 * WebRtcServer.TICK_MILLIS);
            assertThat(t.isClosed()).isFalse();
            assertThat(t.state()).isEqualTo(TransportState.CONNECTED);
            assertThat(server.counters().transportsClosed(CloseReason.CONNECT_TIMEOUT)).isZero();
        }
    }
}
