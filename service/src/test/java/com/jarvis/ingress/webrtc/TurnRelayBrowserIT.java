package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.session.SessionStats;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * TURN through a real coturn (the shipped configuration, see {@link Coturn}) with credentials minted by the
 * service: Chromium + mediasoup-client with {@code iceTransportPolicy: 'relay'} streams the tone through the relay;
 * coturn refuses wrong, expired and unknown-secret credentials and relays to nothing but the ingress.
 */
class TurnRelayBrowserIT {
    static final int DURATION_MS = 8_000;
    static final String DB = PostgresTestDatabase.create("ingress_turn");
    /** The current secret (mints) and the one being rotated out (still accepted by coturn). */
    static final String SECRET = "turn-test-secret-0123456789abcdef0123456789";
    static final String OLD_SECRET = "turn-test-old-secret-0123456789abcdef01234567";

    static Coturn coturn;
    static ServiceInstance svc;

    @BeforeAll
    static void start() throws Exception {
        E2eHarness.prepare();
        coturn = Coturn.start(List.of(SECRET, OLD_SECRET));
        svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379", "TURN_SECRET", SECRET + "," + OLD_SECRET,
                "TURN_URLS", coturn.udpUrl(), "TURN_TTL", "1h"), WebRtcBrowserIT.Capture.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (svc != null) {
            svc.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void chromiumStreamsTheToneThroughTheRelay() throws Exception {
        JsonNode result = streamThroughRelay(List.of());
        assertThat(result.at("/iceServers/0/urls/0").asString()).as("the service's iceServers").isEqualTo(coturn.udpUrl());
        assertThat(result.at("/selectedCandidatePair/local/relayProtocol").asString()).isEqualTo("udp");
    }

    /** A client that can only get out over TCP: TURN over TCP to coturn, which relays to the ingress over UDP. */
    @Test
    void chromiumStreamsTheToneThroughTheRelayOverTcp() throws Exception {
        IceServer tcp = new TurnCredentials(SECRET, List.of("turn:127.0.0.1:" + coturn.port + "?transport=tcp"),
                Duration.ofHours(1), Clock.systemUTC()).mint(UUID.randomUUID().toString());
        Path servers = Files.createTempFile("ice-servers", ".json");
        try {
            Files.writeString(servers, ApiClient.JSON.writeValueAsString(List.of(Map.of("urls", tcp.urls(),
                    "username", tcp.username(), "credential", tcp.credential()))));
            JsonNode result = streamThroughRelay(List.of("--ice-servers=" + servers));
            assertThat(result.at("/selectedCandidatePair/local/relayProtocol").asString()).isEqualTo("tcp");
        } finally {
            Files.deleteIfExists(servers);
        }
    }

    /**
     * Chromium streams the tone with {@code iceTransportPolicy: 'relay'}; asserts that it used a relay candidate,
     * that the server saw it at coturn's relay address (not Chromium's own) and decoded the tone. Returns the
     * browser's result.
     */
    private static JsonNode streamThroughRelay(List<String> extraArgs) throws Exception {
        Set<UUID> earlier = svc.bean(WebRtcService.class).sessionsWithMedia();
        List<String> command = new ArrayList<>(List.of("node", "run-browser.mjs", "http://127.0.0.1:" + svc.port(),
                "--duration=" + DURATION_MS, "--keep-session", "--ice-transport-policy=relay"));
        command.addAll(extraArgs);
        CompletableFuture<List<JsonNode>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return E2eHarness.runClient(command, Map.of("E2E_PROXY", "1"), 180);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        // While the browser streams (its transport closes when it is done): the tuple the server sends to.
        IceTuple tuple = null;
        while (tuple == null && !run.isDone()) {
            tuple = selectedTuple(earlier);
            Thread.sleep(100);
        }
        List<JsonNode> results = run.get(200, TimeUnit.SECONDS);
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.get("ok").asBoolean()).as("browser result %s\ncoturn log:\n%s", result, coturn.log()).isTrue();
        assertThat(result.at("/selectedCandidatePair/local/candidateType").asString()).isEqualTo("relay");

        UUID sessionId = UUID.fromString(result.get("sessionId").asString());
        assertThat(tuple).as("a selected tuple while the browser streamed").isNotNull();
        assertThat(tuple.remote().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(tuple.remote().getPort()).isBetween(coturn.minRelayPort, coturn.maxRelayPort);

        long sent = result.get("packetsSent").asLong();
        assertThat(sent).isGreaterThan(DURATION_MS / 20 * 8 / 10);
        SessionStats stats = svc.bean(WebRtcService.class).stats(sessionId);
        assertThat(stats.packets()).as("RTP packets received of %d sent", sent).isGreaterThanOrEqualTo((long) (sent * 0.95));
        short[] pcm = svc.bean(CapturingAudioListener.class).capture(sessionId).pcm();
        assertThat(pcm.length).isGreaterThan(16000 * 4);
        assertThat(ToneAnalyzer.dominantFrequency(pcm, pcm.length / 2, 16000, 16000)).isBetween(430.0, 450.0);
        return result;
    }

    /** The selected tuple of a transport of a session not in {@code earlier}, or null. */
    private static IceTuple selectedTuple(Set<UUID> earlier) {
        WebRtcService webrtc = svc.bean(WebRtcService.class);
        for (UUID session : webrtc.sessionsWithMedia()) {
            WebRtcTransport transport = webrtc.transportOf(session);
            if (!earlier.contains(session) && transport != null && transport.selectedTuple() != null) {
                return transport.selectedTuple();
            }
        }
        return null;
    }

    @Test
    void coturnAcceptsTheServiceCredentialsAndRefusesWrongExpiredAndUnknownOnes() throws Exception {
        ApiClient api = svc.api();
        JsonNode registration = api.register("turn-" + UUID.randomUUID());
        String userId = registration.get("userId").asString();
        ApiClient.Response r = api.get("/api/webrtc/ice-servers", registration.get("accessToken").asString());
        assertThat(r.status()).isEqualTo(200);
        JsonNode turn = r.body().at("/iceServers/0");
        assertThat(turn.get("urls").get(0).asString()).isEqualTo(coturn.udpUrl());
        String username = turn.get("username").asString();
        String credential = turn.get("credential").asString();
        assertThat(username).endsWith(":" + userId);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry - Instant.now().getEpochSecond()).isBetween(3500L, 3600L);

        assertThat(coturn.uclient(username, credential, null).exitCode()).as("service credential").isZero();

        Coturn.UclientResult wrong = coturn.uclient(username, credential.substring(1) + "A", null);
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).contains("Cannot complete Allocation");

        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        IceServer expired = new TurnCredentials(SECRET, List.of(coturn.udpUrl()), Duration.ofHours(1), twoHoursAgo)
                .mint(userId);
        Coturn.UclientResult refused = coturn.uclient(expired.username(), expired.credential(), null);
        assertThat(refused.exitCode()).as("expired credential").isNotZero();
        assertThat(refused.output()).contains("Cannot complete Allocation");

        IceServer rotated = new TurnCredentials(OLD_SECRET, List.of(coturn.udpUrl()), Duration.ofHours(1),
                Clock.systemUTC()).mint(userId);
        assertThat(coturn.uclient(rotated.username(), rotated.credential(), null).exitCode())
                .as("a credential of the secret being rotated out").isZero();

        IceServer unknown = new TurnCredentials("some-other-secret-0123456789abcdef0123", List.of(coturn.udpUrl()),
                Duration.ofHours(1), Clock.systemUTC()).mint(userId);
        assertThat(coturn.uclient(unknown.username(), unknown.credential(), null).exitCode()).isNotZero();

        assertThat(api.get("/api/webrtc/ice-servers", null).status()).as("authenticated only").isEqualTo(401);
    }

    @Test
    void theShippedRelayPolicyRefusesPeersOtherThanTheIngress() throws Exception {
        IceServer valid = new TurnCredentials(SECRET, List.of(coturn.udpUrl()), Duration.ofHours(1), Clock.systemUTC())
                .mint(UUID.randomUUID().toString());
        for (String peer : List.of("10.1.2.3", "192.168.1.1", "169.254.169.254", "8.8.8.8")) {
            Coturn.UclientResult r = coturn.uclient(valid.username(), valid.credential(), peer);
            assertThat(r.exitCode()).as("peer %s", peer).isNotZero();
            assertThat(r.output()).as("peer %s", peer).contains("403");
        }
    }

    @Test
    void chromiumGathersARelayCandidateOnlyWithAValidCredential() throws Exception {
        IceServer valid = new TurnCredentials(SECRET, List.of(coturn.udpUrl()), Duration.ofHours(1), Clock.systemUTC())
                .mint(UUID.randomUUID().toString());
        JsonNode good = gather(valid.username(), valid.credential());
        List<JsonNode> relays = relayCandidates(good);
        assertThat(relays).as("gathered %s", good).isNotEmpty();
        assertThat(relays.get(0).get("port").asInt()).isBetween(coturn.minRelayPort, coturn.maxRelayPort);

        JsonNode bad = gather(valid.username(), "not-the-credential");
        assertThat(relayCandidates(bad)).as("gathered %s", bad).isEmpty();
    }

    private static JsonNode gather(String username, String credential) throws Exception {
        return E2eHarness.gather(Map.of("iceTransportPolicy", "relay", "timeoutMs", 10_000, "iceServers",
                List.of(Map.of("urls", List.of(coturn.udpUrl()), "username", username, "credential", credential))));
    }

    private static List<JsonNode> relayCandidates(JsonNode gathered) {
        List<JsonNode> out = new ArrayList<>();
        gathered.get("candidates").forEach(c -> {
            if ("relay".equals(c.get("type").asString())) {
                out.add(c);
            }
        });
        return out;
    }
}
