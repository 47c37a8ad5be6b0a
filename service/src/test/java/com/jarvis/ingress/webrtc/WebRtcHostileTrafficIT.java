package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.transport.DropReason;
import com.jarvis.ingress.media.transport.MediaCounters;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.ServiceInstance;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input at the service level: while real libwebrtc clients stream, an unauthenticated socket blasts the shared
 * media UDP port with random datagrams, truncated and forged STUN (including checks naming a live transport's
 * ufrag with a wrong password), DTLS and RTP-looking garbage. The streams must still arrive (>= 95%) and every kind
 * of garbage must be dropped and counted.
 */
class WebRtcHostileTrafficIT {
    static final int SESSIONS = 3;
    static final int DURATION_MS = 10_000;

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void garbageOnTheMediaPortIsDroppedAndCountedWhileClientsStream() throws Exception {
        try (ServiceInstance svc = WebRtcNodeLoadIT.start()) {
            WebRtcServer server = svc.bean(WebRtcServer.class);
            WebRtcService webrtc = svc.bean(WebRtcService.class);
            MediaCounters counters = server.counters();
            Map<DropReason, Long> before = snapshot(counters);

            CompletableFuture<List<JsonNode>> clients = CompletableFuture.supplyAsync(() -> {
                try {
                    return WebRtcNodeLoadIT.runNode(svc, SESSIONS, DURATION_MS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Attack once the clients have transports, so forged checks can name a real ufrag.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (webrtc.transportCount() < SESSIONS && System.nanoTime() < deadline && !clients.isDone()) {
                Thread.sleep(50);
            }
            List<String> ufrags = new ArrayList<>();
            for (UUID id : webrtc.sessionsWithMedia()) {
                WebRtcTransport t = webrtc.transportOf(id);
                if (t != null) {
                    ufrags.add(t.iceParameters().usernameFragment());
                }
            }
            assertThat(ufrags).hasSize(SESSIONS);

            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> attack = CompletableFuture.supplyAsync(
                    () -> blast(new InetSocketAddress("127.0.0.1", server.udpPort()), ufrags, stop));
            List<JsonNode> results = clients.get(240, TimeUnit.SECONDS);
            stop.set(true);
            long sentGarbage = attack.get(30, TimeUnit.SECONDS);

            assertThat(results).hasSize(SESSIONS);
            List<String> problems = new ArrayList<>();
            for (JsonNode r : results) {
                String problem = WebRtcNodeLoadIT.checkSession(svc, r);
                if (problem != null) {
                    problems.add(problem);
                }
            }
            Map<DropReason, Long> after = snapshot(counters);
            Map<DropReason, Long> delta = new EnumMap<>(DropReason.class);
            for (DropReason reason : DropReason.values()) {
                delta.put(reason, after.get(reason) - before.get(reason));
            }
            System.out.println("hostile traffic: " + sentGarbage + " datagrams sent, drops " + delta);
            assertThat(problems).isEmpty();
            assertThat(sentGarbage).isGreaterThan(5_000);
            for (DropReason expected : List.of(DropReason.UNKNOWN_FIRST_BYTE, DropReason.STUN_UNKNOWN_UFRAG,
                    DropReason.STUN_IGNORED, DropReason.STUN_REJECTED, DropReason.DTLS_UNKNOWN_TUPLE,
                    DropReason.RTP_UNKNOWN_TUPLE)) {
                assertThat(delta.get(expected)).as(expected.name()).isPositive();
            }
            // Nothing the attacker sent reached a transport: no SRTP failure came from it (it never passed ICE).
            assertThat(delta.get(DropReason.SRTP_AUTH_FAILED)).isZero();
            // Operators see the same counts on /metrics.
            String metrics = svc.api().get("/metrics", null).raw();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "ingress_media_packets_dropped_total\\{reason=\"unknown_first_byte\"} ([0-9.E]+)").matcher(metrics);
            assertThat(m.find()).as("drops on /metrics").isTrue();
            assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(after.get(DropReason.UNKNOWN_FIRST_BYTE));

            WebRtcNodeLoadIT.endSessions(svc, results);
            assertThat(webrtc.transportCount()).isZero();
        }
    }

    private static Map<DropReason, Long> snapshot(MediaCounters counters) {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            m.put(r, counters.drops(r));
        }
        return m;
    }

    /**
     * Sends rounds of six kinds of garbage at about 2500 datagrams a second until stopped (or 30 s), answering nothing.
     * Returns how many datagrams were sent.
     */
    private static long blast(InetSocketAddress target, List<String> ufrags, AtomicBoolean stop) {
        Random random = new Random(42);
        long sent = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1);
            byte[] sink = new byte[2048];
            while (!stop.get() && System.nanoTime() < end) {
                for (int i = 0; i < 4; i++) {
                    for (byte[] packet : round(random, ufrags.get(random.nextInt(ufrags.size())))) {
                        socket.send(new DatagramPacket(packet, packet.length, target));
                        sent++;
                    }
                }
                // Read (and ignore) error responses so our socket buffer never fills.
                try {
                    while (true) {
                        socket.receive(new DatagramPacket(sink, sink.length));
                    }
                } catch (java.net.SocketTimeoutException drained) {
                    // nothing more
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sent;
    }

    /** One of each: random bytes, truncated STUN, forged STUN (bad password / unknown ufrag / no fingerprint), DTLS and RTP garbage. */
    private static List<byte[]> round(Random random, String liveUfrag) {
        List<byte[]> out = new ArrayList<>();
        byte[] junk = new byte[1 + random.nextInt(1200)];
        random.nextBytes(junk);
        junk[0] = (byte) (64 + random.nextInt(64)); // outside every RFC 7983 range
        out.add(junk);

        byte[] check = stunCheck(random, liveUfrag + ":attacker", "wrong-password-wrong-password!!", true);
        out.add(check); // a live ufrag with a bad MESSAGE-INTEGRITY: 401 from ICE
        out.add(java.util.Arrays.copyOf(check, 8 + random.nextInt(check.length - 8))); // truncated
        out.add(stunCheck(random, "nobody-has-this-ufrag:attacker", "x".repeat(32), true)); // unknown ufrag
        out.add(stunCheck(random, liveUfrag + ":attacker", "x".repeat(32), false)); // no FINGERPRINT: 400
        byte[] badCrc = stunCheck(random, liveUfrag + ":attacker", "x".repeat(32), true);
        badCrc[badCrc.length - 1] ^= 0x5a; // FINGERPRINT that does not match: silently ignored
        out.add(badCrc);

        byte[] dtls = new byte[13 + random.nextInt(200)];
        random.nextBytes(dtls);
        dtls[0] = 22; // handshake record
        dtls[1] = (byte) 0xfe;
        dtls[2] = (byte) 0xfd;
        out.add(dtls);

        byte[] rtp = new byte[12 + random.nextInt(300)];
        random.nextBytes(rtp);
        rtp[0] = (byte) 0x80;
        rtp[1] = (byte) (random.nextBoolean() ? 111 : 200); // Opus-looking RTP, or RTCP SR
        out.add(rtp);
        return out;
    }

    private static byte[] stunCheck(Random random, String username, String password, boolean fingerprint) {
        byte[] tx = new byte[StunConstants.TRANSACTION_ID_LENGTH];
        random.nextBytes(tx);
        StunMessageBuilder b = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, tx, 0)
                .username(username).priority(0x6e0001ff).iceControlling(random.nextLong()).useCandidate()
                .messageIntegrity(new StunIntegrity(password));
        if (fingerprint) {
            b.fingerprint();
        }
        return b.build();
    }
}
