package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.await;
import static com.jarvis.ingress.media.transport.TransportTestSupport.connect;
import static com.jarvis.ingress.media.transport.TransportTestSupport.loopbackConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.ice.StunClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * Peers that stall their DTLS handshake (a hostile client holding transports it never finishes) must not stop
 * other clients from connecting: BouncyCastle's handshake parks a thread while it waits for the peer, and a fixed
 * pool of 16 such threads was held for the whole connect timeout by 16 stalled peers.
 */
class StalledHandshakeTest {

    @Test
    void stalledPeersNeitherHoldUpOtherClientsNorHoldThreadsBeforeTheirFirstRecord() throws Exception {
        WebRtcServerConfig config = loopbackConfig().withProtocols(true, false);
        int stallers = config.handshakeThreads() + 4;
        List<LoopbackBrowser> browsers = new ArrayList<>();
        List<WebRtcTransport> stalled = new ArrayList<>();
        try (WebRtcServer server = WebRtcServer.start(config)) {
            ThreadPoolExecutor pool = (ThreadPoolExecutor) server.handshakeExecutor();
            try {
                for (int i = 0; i < stallers; i++) {
                    LoopbackBrowser b = LoopbackBrowser.udp(server.udpPort());
                    browsers.add(b);
                    WebRtcTransport t = server.createTransport(null);
                    stalled.add(t);
                    assertThat(b.check(t.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
                    t.connect(DtlsRole.CLIENT, b.fingerprints());
                    if (i % 2 == 1) {
                        // ClientHello, then silence: the server's handshake waits for a flight that never comes.
                        b.startDtlsThenGoSilent(t.dtlsParameters());
                    } // else: ICE and transport/connect, then not one DTLS record
                }
                int hellos = stallers / 2;
                assertThat(await(() -> pool.getActiveCount() == hellos, 5_000))
                        .as("one handshake thread per peer that sent a ClientHello, none for the silent ones: %s", pool)
                        .isTrue();

                LoopbackBrowser good = LoopbackBrowser.udp(server.udpPort());
                browsers.add(good);
                WebRtcTransport transport = server.createTransport(null);
                long start = System.nanoTime();
                connect(good, transport); // asserts DTLS connected within 10 s
                assertThat((System.nanoTime() - start) / 1_000_000).as("not queued behind stalled handshakes")
                        .isLessThan(5_000);
                assertThat(transport.state()).isEqualTo(TransportState.CONNECTED);

                // Closing the stalled transports (what the connect deadline does) frees their threads at once.
                stalled.forEach(WebRtcTransport::close);
                assertThat(await(() -> pool.getActiveCount() == 0, 5_000)).as("%s", pool).isTrue();
                assertThat(transport.state()).isEqualTo(TransportState.CONNECTED);
            } finally {
                for (LoopbackBrowser b : browsers) {
                    b.close();
                }
            }
        }
    }
}
