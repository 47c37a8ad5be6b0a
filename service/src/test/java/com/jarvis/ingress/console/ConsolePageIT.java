package com.jarvis.ingress.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.auth.JwtCodec;
import com.jarvis.ingress.auth.TokenClaims;
import com.jarvis.ingress.auth.TokenType;
import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console page end to end, in Debian's Chromium with a fake microphone playing {@code e2e/speech.wav}
 * ({@code e2e/run-console.mjs} drives the page): register with the keyboard, Talk for 5 s over WHIP, the page shows
 * "connected" and rising server figures that match {@code GET /api/session/:id} read right after, a transcript
 * published into the session (as the ASR gateway would) appears through the event stream, Stop ends the session,
 * the recording plays back; labels, keyboard focus, colour contrast and a narrow screen. Full-page screenshots
 * are left in {@code service/target/console-screenshots/} (the ones in docs/images are copies).
 */
class ConsolePageIT {
    static final String HEARD = "turn on the kitchen lights";
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
    static ServiceInstance svc;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        E2eHarness.prepare();
        svc = ServiceInstance.start(Map.of(
                "DATABASE_URL", PostgresTestDatabase.url(PostgresTestDatabase.create("ingress_console")),
                "DATA_DIR", Files.createTempDirectory("console-it").toString()));
        api = svc.api();
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
    }

    /**
     * Runs the page driver in a mode ({@code rtp}: an audio track; {@code data}: PCM chunks on a data channel);
     * publishes a transcript into the session once it says it is talking.
     */
    static JsonNode drive(String mode) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder pb = new ProcessBuilder(List.of("node", "run-console.mjs", "http://127.0.0.1:" + svc.port(),
                "--wav=" + E2eHarness.SPEECH_WAV, "--out=" + SCREENSHOTS, "--talk-ms=5000", "--transcript=" + HEARD,
                "--mode=" + mode))
                .directory(E2eHarness.DIR.toFile());
        Path err = Files.createTempFile("console-e2e", ".log");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        JsonNode result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode node = ApiClient.JSON.readTree(line);
                if ("talking".equals(node.path("step").asString(""))) {
                    UUID session = UUID.fromString(node.get("sessionId").asString());
                    SessionService sessions = svc.bean(SessionService.class);
                    sessions.recordTranscript(session, new Transcript("turn on the", false, 0.5f, Instant.now()));
                    assertThat(sessions.recordTranscript(session, new Transcript(HEARD, true, 0.93f, Instant.now())))
                            .isTrue();
                } else if (node.has("ok")) {
                    result = node;
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(err);
        System.out.println("[console e2e stderr] " + stderr.substring(Math.max(0, stderr.length() - 6000)));
        assertThat(result).as("result line; stderr: %s", stderr).isNotNull();
        System.out.println("[console result] " + result);
        assertThat(result.path("ok").asBoolean()).as("console run: %s", result).isTrue();
        return result;
    }

    @Test
    void aPersonRegistersTalksSeesTheFiguresAndTranscriptStopsAndPlaysBack() throws Exception {
        JsonNode r = drive("rtp");
        String sessionId = r.get("sessionId").asString();
        String token = r.get("accessToken").asString();
        assertThat(r.path("pageErrors").isMissingNode()).as("page errors: %s", r.path("pageErrors")).isTrue();
        assertThat(r.get("cspViolations")).as("CSP violations").isEmpty();

        // Health and version, as /health says.
        JsonNode health = api.get("/health", null).body();
        assertThat(r.at("/health/status").asString()).isEqualTo(health.get("status").asString()).isEqualTo("ok");
        assertThat(r.at("/health/version").asString()).isEqualTo(health.get("version").asString())
                .isNotEqualTo("unknown");
        assertThat(r.at("/health/components").asString()).contains("database up");

        // The device as registered and stored in localStorage.
        assertThat(r.at("/device/shown").asString()).isEqualTo(r.at("/device/identifier").asString())
                .startsWith("console-e2e-");

        // Talking: "connected", and figures that rise and match the API's, read just after the page's.
        JsonNode samples = r.get("samples");
        assertFiguresMatch(samples, sessionId, "packets");
        assertThat(samples.get(1).at("/api/dataChunks").asLong()).isZero();
        // The fake microphone plays speech: the level meter moved.
        assertThat(samples.findValues("level")).anyMatch(v -> v.asDouble() > 0.01);

        // The transcript arrived through the event stream (the interim one replaced by the final one).
        assertThat(r.get("transcript")).extracting(JsonNode::asString).containsExactly(HEARD);

        // Stop ended the session, for the page and the API.
        assertThat(r.at("/afterStop/page/status").asString()).isEqualTo("ended");
        assertThat(r.at("/afterStop/page/connection").asString()).isEqualTo("closed");
        assertThat(r.at("/afterStop/talkLabel").asString()).isEqualTo("Talk");
        assertThat(api.get("/api/session/" + sessionId, token).body().get("status").asString()).isEqualTo("ended");
        // Playback: the embedded sink's WAV of about the time talked.
        assertThat(r.get("playbackSeconds").asDouble()).isBetween(3.0, 30.0);

        // Accessibility basics.
        assertThat(r.get("unlabelled")).as("controls without a name").isEmpty();
        List<String> focused = r.get("focusOrder").findValuesAsString("id");
        assertThat(focused).contains("device-id", "register");
        assertThat(r.get("focusOrder").findValues("ring")).allMatch(JsonNode::asBoolean);
        assertThat(r.at("/contrast/checked").asInt()).isGreaterThan(20);
        assertThat(r.at("/contrast/lowest/0/ratio").asDouble()).as("lowest contrast %s", r.get("contrast"))
                .isGreaterThanOrEqualTo(4.5);
        assertThat(r.get("mobileOverflow").asInt()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);

        for (String shot : List.of("console.png", "console-ended.png", "console-mobile.png")) {
            assertThat(Files.size(SCREENSHOTS.resolve(shot))).as(shot).isGreaterThan(20_000);
        }
    }

    @Test
    void theMicrophoneCanGoAsAudioChunksOnADataChannel() throws Exception {
        JsonNode r = drive("data");
        String sessionId = r.get("sessionId").asString();
        String token = r.get("accessToken").asString();
        assertThat(r.get("cspViolations")).as("CSP violations (the AudioWorklet module is 'self')").isEmpty();
        JsonNode samples = r.get("samples");
        assertFiguresMatch(samples, sessionId, "dataChunks");
        assertThat(samples.get(1).at("/api/packets").asLong()).as("no RTP in data channel mode").isZero();
        assertThat(samples.get(1).at("/api/dataDecodeErrors").asLong()).isZero();
        assertThat(samples.get(1).at("/api/dataAudioSeconds").asDouble()).isGreaterThan(2.0);
        JsonNode session = api.get("/api/session/" + sessionId, token).body();
        assertThat(session.get("status").asString()).isEqualTo("ended");
        assertThat(session.at("/audioConfig/codec").asString()).isEqualTo("pcm");
        assertThat(session.at("/audioConfig/sampleRate").asInt()).isEqualTo(48_000);
        assertThat(r.get("transcript")).extracting(JsonNode::asString).containsExactly(HEARD);
        assertThat(r.get("playbackSeconds").asDouble()).isBetween(3.0, 30.0);
    }

    @Test
    void aPageWithAnExpiredAccessTokenRefreshesItAndCarriesOn() throws Exception {
        // A device registered earlier whose access token has expired since (same user, device and login).
        JsonNode reg = api.register("console-refresh-" + UUID.randomUUID());
        String session = api.createSession(reg.get("accessToken").asString());
        byte[] secret = svc.bean(IngressConfig.class).jwtSecret();
        TokenClaims claims = new JwtCodec(secret, Clock.systemUTC())
                .verify(reg.get("accessToken").asString(), TokenType.ACCESS);
        String expired = new JwtCodec(secret, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
                .sign(TokenType.ACCESS, claims.userId(), claims.deviceId(), claims.familyId(), UUID.randomUUID(),
                        Duration.ofHours(1));
        assertThat(api.get("/api/sessions", expired).errorCode()).isEqualTo("token_expired");
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("deviceIdentifier", "console-refresh");
        device.put("userId", reg.get("userId").asString());
        device.put("deviceToken", reg.get("deviceToken").asString());
        device.put("accessToken", expired);
        device.put("refreshToken", reg.get("refreshToken").asString());
        Path file = Files.createTempFile("console-device", ".json");
        Files.writeString(file, ApiClient.JSON.writeValueAsString(device));

        List<JsonNode> out = E2eHarness.runClient(List.of("node", "run-console.mjs", "http://127.0.0.1:" + svc.port(),
                "--preload=" + file, "--out=" + SCREENSHOTS), Map.of(), 120);
        JsonNode r = out.get(out.size() - 1);
        assertThat(r.path("ok").asBoolean()).as("console run: %s", r).isTrue();
        // The page refreshed, kept the new pair, and listed the sessions with the new token.
        assertThat(r.at("/notice").asString()).isEmpty();
        assertThat(r.get("sessionRows")).extracting(JsonNode::asString).containsExactly(session);
        String renewed = r.at("/stored/accessToken").asString();
        assertThat(renewed).isNotEqualTo(expired);
        assertThat(r.at("/stored/refreshToken").asString()).isNotEqualTo(reg.get("refreshToken").asString());
        assertThat(api.get("/api/sessions", renewed).status()).isEqualTo(200);
    }

    /**
     * Each sample: the page showed "connected", status active and a positive {@code counter} (RTP packets or data
     * chunks), refreshed moments ago, and no more than the API's, read just after, and at most what arrives in
     * 2.5 s behind it (at the rate the API's two readings show: this machine may be loaded); both counters and
     * the audio seconds rose between the samples.
     */
    static void assertFiguresMatch(JsonNode samples, String sessionId, String counter) {
        assertThat(samples).hasSize(2);
        JsonNode a = samples.get(0);
        JsonNode b = samples.get(1);
        double perSecond = (b.at("/api/" + counter).asDouble() - a.at("/api/" + counter).asDouble())
                / ((b.get("atMs").asDouble() - a.get("atMs").asDouble()) / 1000.0);
        double secondsPerUnit = b.at("/api/audioSeconds").asDouble() / Math.max(1, b.at("/api/" + counter).asDouble());
        for (JsonNode s : samples) {
            JsonNode page = s.get("page");
            JsonNode apiStats = s.get("api");
            assertThat(page.get("connection").asString()).isEqualTo("connected");
            assertThat(page.get("sessionId").asString()).isEqualTo(sessionId);
            assertThat(page.get("status").asString()).isEqualTo("active");
            assertThat(apiStats.get("status").asString()).isEqualTo("active");
            // Polled once a second; 2.5 s allows for a loaded machine delaying the page's timers.
            assertThat(page.get("ageMs").asLong()).as("age of the page's figures").isBetween(0L, 2500L);
            long shown = page.get(counter).asLong();
            long actual = apiStats.get(counter).asLong();
            assertThat(shown).as(counter).isPositive();
            assertThat(actual - shown).as("API %d vs page %d %s (%.1f/s)", actual, shown, counter, perSecond)
                    .isBetween(0L, Math.max(25L, Math.round(perSecond * 2.5)));
            double behind = apiStats.get("audioSeconds").asDouble() - page.get("audioSeconds").asDouble();
            assertThat(behind).as("audio seconds").isBetween(-0.06, Math.max(0.5, perSecond * secondsPerUnit * 2.5));
            assertThat(page.get("packetsLost").asLong()).isLessThanOrEqualTo(apiStats.get("packetsLost").asLong() + 5);
            assertThat(page.get("jitterMs").asDouble()).isBetween(0.0, 200.0);
        }
        assertThat(perSecond).as("%s per second", counter).isPositive();
        assertThat(b.at("/page/" + counter).asLong()).isGreaterThan(a.at("/page/" + counter).asLong());
        assertThat(b.at("/page/audioSeconds").asDouble()).isGreaterThan(a.at("/page/audioSeconds").asDouble());
    }
}
