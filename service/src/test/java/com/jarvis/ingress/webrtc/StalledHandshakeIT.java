package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsHandshakeExecutor;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Logged-in devices that open transports and stall their DTLS handshakes (signal transport/connect and send
 * nothing, or send a ClientHello and nothing after it) against real Node wrtc clients connecting at the same time.
 * With the old fixed pool of 16 handshake threads, 20 stalled transports (five users at the default cap of four)
 * held every thread for the connect timeout and no other client could finish its handshake.
 */
class StalledHandshakeIT {
    static final String DB = PostgresTestDatabase.create("ingress_stalled_dtls");
    static final int USERS = 5;
    static final int TRANSPORTS_PER_USER = 4;

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void devicesStallingTheirHandshakesDoNotStopOtherClientsConnecting() throws Exception {
        // A long connect timeout: the stalled transports would hold their threads for all of it.
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "RTC_CONNECT_TIMEOUT_MS", "90000"),
                WebRtcBrowserIT.Capture.class)) {
            ApiClient api = svc.api();
            ExecutorService attackerHandshakes = DtlsHandshakeExecutor.newBoundedPool(4);
            List<AutoCloseable> held = new ArrayList<>();
            try {
                int stalled = 0;
                for (int u = 0; u < USERS; u++) {
                    String token = api.newAccessToken();
                    for (int t = 0; t < TRANSPORTS_PER_USER; t++) {
                        boolean sendHello = (stalled++ % 2) == 1;
                        held.addAll(stall(api, token, sendHello, attackerHandshakes));
                    }
                }
                assertThat(svc.bean(WebRtcService.class).transportCount()).isEqualTo(USERS * TRANSPORTS_PER_USER);

                List<JsonNode> results = WebRtcNodeLoadIT.runNode(svc, 2, 4000);
                List<String> problems = new ArrayList<>();
                for (JsonNode r : results) {
                    String problem = WebRtcNodeLoadIT.checkSession(svc, r);
                    if (problem != null) {
                        problems.add(problem);
                    }
                    System.out.println("beside stalled handshakes, connected after " + r.at("/timings/connectedMs"));
                    assertThat(r.at("/timings/connectedMs").asLong()).as("connected without waiting: %s", r)
                            .isBetween(1L, 10_000L);
                }
                assertThat(problems).isEmpty();
                WebRtcNodeLoadIT.endSessions(svc, results);
            } finally {
                for (AutoCloseable c : held) {
                    c.close();
                }
                attackerHandshakes.shutdownNow();
            }
        }
    }

    /**
     * One stalled transport of {@code token}'s user: a session, transport/create, a nominating ICE check from a
     * UDP socket, transport/connect with a certificate's fingerprint, then (if {@code sendHello}) the ClientHello of
     * a real DTLS client whose later flights are never sent.
     */
    private static List<AutoCloseable> stall(ApiClient api, String token, boolean sendHello, ExecutorService handshakes)
            throws IOException {
        String session = api.createSession(token);
        ApiClient.Response created = api.post("/api/webrtc/transport/create",
                "{\"sessionId\":\"" + session + "\"}", token);
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        JsonNode options = created.body().get("transportOptions");
        String ufrag = options.at("/iceParameters/usernameFragment").asString();
        String password = options.at("/iceParameters/password").asString();
        int port = -1;
        for (JsonNode c : options.get("iceCandidates")) {
            if ("udp".equals(c.get("protocol").asString())) {
                port = c.get("port").asInt();
            }
        }
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        udp.setSoTimeout(5_000);
        List<AutoCloseable> held = new ArrayList<>(List.of(udp));

        byte[] tx = new byte[12];
        new SecureRandom().nextBytes(tx);
        byte[] check = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, tx, 0)
                .username(ufrag + ":stall" + Long.toHexString(new SecureRandom().nextLong()))
                .priority(1_853_824_767).iceControlling(42).useCandidate()
                .messageIntegrity(new StunIntegrity(password)).fingerprint().build();
        udp.send(new DatagramPacket(check, check.length, server));
        assertThat(answered(udp)).as("ICE check answered").isTrue();

        DtlsCertificate certificate = DtlsCertificate.generate();
        DtlsFingerprint fp = certificate.sha256();
        ApiClient.Response connected = api.post("/api/webrtc/transport/connect", "{\"sessionId\":\"" + session
                + "\",\"dtlsParameters\":{\"role\":\"client\",\"fingerprints\":[{\"algorithm\":\"" + fp.algorithm()
                + "\",\"value\":\"" + fp.value() + "\"}]}}", token);
        assertThat(connected.status()).as(connected.raw()).isEqualTo(200);
        if (sendHello) {
            AtomicBoolean first = new AtomicBoolean(true);
            DtlsEndpoint client = new DtlsEndpoint(certificate, DtlsConfig.defaults(), handshakes, (buf, off, len) -> {
                if (first.getAndSet(false)) {
                    try {
                        udp.send(new DatagramPacket(buf, off, len, server));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, new DtlsListener() { });
            client.start(DtlsRole.CLIENT, DtlsFingerprint.parse(
                    options.at("/dtlsParameters/fingerprints/0/algorithm").asString(),
                    options.at("/dtlsParameters/fingerprints/0/value").asString()));
            held.add(0, client);
        }
        return held;
    }

    private static boolean answered(DatagramSocket udp) throws IOException {
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        try {
            udp.receive(in);
        } catch (SocketTimeoutException e) {
            return false;
        }
        StunMessage m = StunMessage.parse(in.getData(), 0, in.getLength());
        return m != null && m.stunClass() == StunClass.SUCCESS_RESPONSE;
    }
}
