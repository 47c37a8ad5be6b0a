package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Hostile and broken input against a shared-port server while a good transport keeps streaming. */
class WebRtcServerRobustnessTest {
    private static final long SSRC = 0x5566_7788L;
    private static final List<byte[]> TONE = LoopbackBrowser.opusTone(440, 60);

    @Test
    void badInputIsDroppedAndCountedWhileAGoodTransportKeepsWorking() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false));
             LoopbackBrowser good = LoopbackBrowser.udp(server.udpPort());
             LoopbackBrowser impostor = LoopbackBrowser.udp(server.udpPort());
             DatagramChannel attacker = DatagramChannel.open()) {
            attacker.bind(new InetSocketAddress("127.0.0.1", 0));
            attacker.socket().setSoTimeout(2000);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.udpPort());
            MediaCounters c = server.counters();

            WebRtcTransport a = server.createTransport(null);
            connect(good, a);
            CollectingSink sink = new CollectingSink();
            a.produce(chromeParameters(SSRC), sink);
            int seq = 0;
            for (; seq < 20; seq++) {
                good.sendRtp(seq, 960L * seq, SSRC, TONE.get(seq), 20);
            }

            // Random datagrams outside the RFC 7983 ranges, and random bytes that look like STUN.
            Random random = new Random(42);
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                junk[0] = (byte) (4 + random.nextInt(16)); // 4..19: nothing
                attacker.send(ByteBuffer.wrap(junk), target);
                junk[0] = 0; // STUN range, but no USERNAME we know
                attacker.send(ByteBuffer.wrap(junk), target);
            }
            // Truncated check: not parseable, and its ufrag cannot be read.
            byte[] valid = good.bindingRequest(a.iceParameters(), a.iceParameters().password(), false);
            attacker.send(ByteBuffer.wrap(valid, 0, 30), target);
            // Forged check: A's ufrag but a broken FINGERPRINT: silently dropped by ICE.
            byte[] forged = valid.clone();
            forged[forged.length - 1] ^= 0x55;
            attacker.send(ByteBuffer.wrap(forged), target);
            // Wrong password: 401.
            byte[] wrongPassword = good.bindingRequest(a.iceParameters(), "not-the-password-at-all-0123456", true);
            attacker.send(ByteBuffer.wrap(wrongPassword), target);
            ByteBuffer reply = ByteBuffer.allocate(1500);
            attacker.configureBlocking(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            StunMessage error = null;
            while (error == null && System.nanoTime() < deadline) {
                reply.clear();
                attacker.receive(reply);
                error = StunMessage.parse(reply.array(), 0, reply.position());
            }
            assertThat(error).isNotNull();
            assertThat(error.stunClass()).isEqualTo(StunClass.ERROR_RESPONSE);
            assertThat(error.errorCode()).isEqualTo(401);
            // RTP and DTLS from a tuple that never passed a check.
            byte[] rtp = LoopbackBrowser.rtp(seq, 960L * seq, SSRC, TONE.get(0), 20);
            attacker.send(ByteBuffer.wrap(rtp), target);
            byte[] dtls = new byte[40];
            dtls[0] = 22;
            attacker.send(ByteBuffer.wrap(dtls), target);
            // SRTP from the good tuple with a broken authentication tag.
            byte[] packet = LoopbackBrowser.rtp(seq, 960L * seq, SSRC, TONE.get(seq), 20);
            byte[] buf = Arrays.copyOf(packet, packet.length + 16);
            int n = good.srtp().protectRtp(buf, 0, packet.length);
            buf[n - 1] ^= 1;
            good.send(buf, 0, n);
            seq++; // that sequence number is lost for the server

            // A peer whose certificate does not match what was signalled: its transport fails and closes.
            Events impostorEvents = new Events();
            WebRtcTransport b = server.createTransport(impostorEvents);
            StunMessage ok = impostor.check(b.iceParameters());
            assertThat(ok.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            b.connect(DtlsRole.CLIENT, List.of(DtlsCertificate.generate().sha256()));
            impostor.startDtls(b.dtlsParameters());
            assertThat(await(() -> impostorEvents.closed != null, 10_000)).isTrue();
            assertThat(impostorEvents.closed).isEqualTo(CloseReason.DTLS_FAILURE);
            assertThat(impostorEvents.states).contains(TransportState.FAILED);
            assertThat(b.state()).isEqualTo(TransportState.CLOSED);

            // The good transport still streams (the broken packet counts as one lost packet).
            for (; seq < 60; seq++) {
                good.sendRtp(seq, 960L * seq, SSRC, TONE.get(seq), 20);
            }
            assertThat(await(() -> a.stats().rtpPackets() == 59, 5_000)).isTrue();
            assertThat(await(() -> sink.decoded.size() == 59, 5_000)).isTrue();
            assertThat(a.stats().packetsLost()).isEqualTo(1);
            assertThat(a.state()).isEqualTo(TransportState.CONNECTED);

            assertThat(c.drops(DropReason.UNKNOWN_FIRST_BYTE)).isEqualTo(20);
            assertThat(c.drops(DropReason.STUN_UNKNOWN_UFRAG)).isEqualTo(21);
            assertThat(c.drops(DropReason.STUN_IGNORED)).isEqualTo(1);
            assertThat(c.drops(DropReason.STUN_REJECTED)).isEqualTo(1);
            assertThat(c.drops(DropReason.RTP_UNKNOWN_TUPLE)).isEqualTo(1);
            assertThat(c.drops(DropReason.DTLS_UNKNOWN_TUPLE)).isEqualTo(1);
            assertThat(c.drops(DropReason.SRTP_AUTH_FAILED)).isEqualTo(1);
            assertThat(c.transportsClosed(CloseReason.DTLS_FAILURE)).isEqualTo(1);
            assertThat(server.transportCount()).isEqualTo(1);
        }
    }

    @Test
    void rtpBeforeDtlsIsDropped() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false));
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            WebRtcTransport t = server.createTransport(null);
            checkUntilConnecting(browser, t); // ICE up, no connect() yet
            browser.send(LoopbackBrowser.rtp(1, 960, SSRC, TONE.get(0), 0));
            assertThat(await(() -> server.counters().drops(DropReason.RTP_NOT_READY) == 1, 2_000)).isTrue();
        }
    }

    @Test
    void rtpReachingATransportThatHasJustClosedIsCountedAsClosedNotAsNotReady() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false))) {
            WebRtcTransport t = server.createTransport(null);
            t.close();
            byte[] rtp = LoopbackBrowser.rtp(1, 960, SSRC, TONE.get(0), 0);
            t.onRtpRtcp(rtp, 0, rtp.length); // as the I/O thread does when it looked the tuple up just before

            assertThat(server.counters().drops(DropReason.TRANSPORT_CLOSED)).isEqualTo(1);
            assertThat(server.counters().drops(DropReason.RTP_NOT_READY)).isZero();
        }
    }

    @Test
    void consentTimeoutClosesTheTransport() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000);
        try (WebRtcServer server = WebRtcServer.start(
                loopbackConfig().withProtocols(true, false).withConsentTimeoutMillis(10_000), clock::get);
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            Events events = new Events();
            WebRtcTransport t = server.createTransport(events);
            connect(browser, t);
            clock.addAndGet(9_000);
            Thread.sleep(2 * WebRtcServer.TICK_MILLIS);
            assertThat(t.isClosed()).isFalse();
            clock.addAndGet(1_500);
            assertThat(await(() -> events.closed != null, 3_000)).isTrue();
            assertThat(events.closed).isEqualTo(CloseReason.ICE_CONSENT_TIMEOUT);
            assertThat(t.closeReason()).isEqualTo(CloseReason.ICE_CONSENT_TIMEOUT);
            assertThat(server.counters().transportsClosed(CloseReason.ICE_CONSENT_TIMEOUT)).isEqualTo(1);
            assertThat(server.transportCount()).isZero();
            assertThat(server.mappedTuples()).isZero();
        }
    }

    @Test
    void closingTheOnlyTcpConnectionClosesTheTransport() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(false, true))) {
            Events events = new Events();
            WebRtcTransport t = server.createTransport(events);
            LoopbackBrowser browser = LoopbackBrowser.tcp(server.tcpPort());
            assertThat(browser.check(t.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            browser.close();
            assertThat(await(() -> events.closed != null, 3_000)).isTrue();
            assertThat(events.closed).isEqualTo(CloseReason.ICE_DISCONNECTED);
        }
    }

    @Test
    void iceRestartMovesToNewCredentialsAndRetiresTheOld() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false));
             LoopbackBrowser first = LoopbackBrowser.udp(server.udpPort());
             LoopbackBrowser second = LoopbackBrowser.udp(server.udpPort())) {
            WebRtcTransport t = server.createTransport(null);
            IceParameters old = t.iceParameters();
            assertThat(first.check(old).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            IceParameters fresh = t.restartIce();
            assertThat(fresh.usernameFragment()).isNotEqualTo(old.usernameFragment());
            assertThat(server.mappedUfrags()).isEqualTo(2);
            assertThat(second.check(fresh).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            // The old ufrag is retired by ICE's events, which run after the response is sent.
            assertThat(await(() -> server.mappedUfrags() == 1, 2_000)).as("ufrags: %s", server.mappedUfrags()).isTrue();
            // The old ufrag from a new tuple is now unknown.
            try (LoopbackBrowser third = LoopbackBrowser.udp(server.udpPort())) {
                third.send(third.bindingRequest(old, old.password(), true));
                assertThat(await(() -> server.counters().drops(DropReason.STUN_UNKNOWN_UFRAG) == 1, 2_000)).isTrue();
            }
        }
    }

    @Test
    void creatingAndClosingManyTransportsLeaksNoThreads() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig())) {
            int before = Thread.activeCount();
            for (int i = 0; i < 50; i++) {
                server.createTransport(null).close();
            }
            assertThat(server.transportCount()).isZero();
            assertThat(server.mappedUfrags()).isZero();
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(before);
        }
    }

    @Test
    void transportLimitIsEnforced() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withMaxTransports(2))) {
            server.createTransport(null);
            WebRtcTransport second = server.createTransport(null);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.createTransport(null))
                    .isInstanceOf(TransportLimitException.class);
            second.close();
            assertThat(server.createTransport(null)).isNotNull();
        }
    }
}
