package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The signalling endpoints over real HTTP: response shapes a mediasoup-client accepts, every validation rule as a
 * 400 naming its field, 404 for unknown or foreign sessions, 409 for the wrong order, 503 when ports run out.
 */
class WebRtcApiIT extends IntegrationTest {
    static final String FINGERPRINT = "sha-256";
    static final String FP_VALUE = String.join(":", java.util.Collections.nCopies(32, "AB"));
    static final String OPUS = "{\"mimeType\":\"audio/opus\",\"payloadType\":111,\"clockRate\":48000,\"channels\":2,"
            + "\"rtcpFeedback\":[{\"type\":\"transport-cc\",\"parameter\":\"\"}],"
            + "\"parameters\":{\"minptime\":10,\"useinbandfec\":1}}";

    @Autowired
    WebRtcServer server;
    @Autowired
    WebRtcService webrtc;

    private String token;
    private String sessionId;

    @BeforeEach
    void session() {
        token = api.newAccessToken();
        sessionId = api.createSession(token);
    }

    static String rtpParameters(String codec) {
        return "{\"mid\":\"0\",\"codecs\":[" + codec + "],\"headerExtensions\":["
                + "{\"uri\":\"urn:ietf:params:rtp-hdrext:sdes:mid\",\"id\":1,\"encrypt\":false,\"parameters\":{}},"
                + "{\"uri\":\"urn:ietf:params:rtp-hdrext:ssrc-audio-level\",\"id\":10,\"encrypt\":false,\"parameters\":{}}],"
                + "\"encodings\":[{\"ssrc\":123456,\"dtx\":false}],\"rtcp\":{\"cname\":\"abc\",\"reducedSize\":true}}";
    }

    static String produceBody(String sessionId, String kind, String rtpParameters) {
        return "{\"sessionId\":\"" + sessionId + "\",\"kind\":\"" + kind + "\",\"rtpParameters\":" + rtpParameters + "}";
    }

    static String connectBody(String sessionId, String algorithm, String value) {
        return "{\"sessionId\":\"" + sessionId + "\",\"dtlsParameters\":{\"role\":\"client\",\"fingerprints\":"
                + "[{\"algorithm\":\"" + algorithm + "\",\"value\":\"" + value + "\"}]}}";
    }

    private Response create(String session) {
        return api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + session + "\"}", token);
    }

    private static void assertError(Response r, int status, String code, String messageStart) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.raw()).isEqualTo(code);
        if (messageStart != null) {
            assertThat(r.errorMessage()).as(r.raw()).startsWith(messageStart);
        }
    }

    @Test
    void capabilitiesHaveTheMediasoupShapeWithoutNulls() {
        Response r = api.get("/api/webrtc/capabilities", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).doesNotContain("null");
        JsonNode codecs = r.body().at("/capabilities/codecs");
        assertThat(codecs.size()).isEqualTo(1);
        JsonNode opus = codecs.get(0);
        assertThat(opus.get("kind").asString()).isEqualTo("audio");
        assertThat(opus.get("mimeType").asString()).isEqualTo("audio/opus");
        assertThat(opus.get("preferredPayloadType").asInt()).isEqualTo(100);
        assertThat(opus.get("clockRate").asInt()).isEqualTo(48000);
        assertThat(opus.get("channels").asInt()).isEqualTo(2);
        assertThat(opus.at("/parameters/useinbandfec").asInt()).isEqualTo(1);
        assertThat(opus.get("rtcpFeedback").toString())
                .isEqualTo("[{\"type\":\"nack\",\"parameter\":\"\"},{\"type\":\"transport-cc\",\"parameter\":\"\"}]");

        Map<String, Integer> expected = Map.of("urn:ietf:params:rtp-hdrext:sdes:mid", 1,
                "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", 4,
                "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", 5,
                "urn:ietf:params:rtp-hdrext:ssrc-audio-level", 10,
                "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", 13);
        JsonNode exts = r.body().at("/capabilities/headerExtensions");
        assertThat(exts.size()).isEqualTo(expected.size());
        for (JsonNode e : exts) {
            String uri = e.get("uri").asString();
            assertThat(expected).containsKey(uri);
            assertThat(e.get("preferredId").asInt()).as(uri).isEqualTo(expected.get(uri));
            assertThat(e.get("kind").asString()).isEqualTo("audio");
            assertThat(e.get("preferredEncrypt").asBoolean()).isFalse();
            if (uri.contains("transport-wide-cc")) {
                assertThat(e.get("direction").asString()).isEqualTo("recvonly");
            }
        }
        assertThat(api.get("/api/webrtc/capabilities", null).status()).isEqualTo(401);
    }

    @Test
    void transportOptionsHaveTheMediasoupShape() {
        Response r = create(sessionId);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.raw()).doesNotContain("null");
        JsonNode o = r.body().get("transportOptions");
        assertThat(o.get("id").asString()).isNotBlank();
        assertThat(o.at("/iceParameters/usernameFragment").asString()).hasSize(32);
        assertThat(o.at("/iceParameters/password").asString()).hasSize(32);
        assertThat(o.at("/iceParameters/iceLite").asBoolean()).isTrue();

        JsonNode candidates = o.get("iceCandidates");
        assertThat(candidates.size()).isEqualTo(2);
        List<String> protocols = new ArrayList<>();
        for (JsonNode c : candidates) {
            String protocol = c.get("protocol").asString();
            protocols.add(protocol);
            assertThat(c.get("foundation").asString()).isNotBlank();
            assertThat(c.get("priority").asLong()).isPositive();
            assertThat(c.get("ip").asString()).isEqualTo("127.0.0.1");
            assertThat(c.get("address").asString()).isEqualTo("127.0.0.1");
            assertThat(c.get("type").asString()).isEqualTo("host");
            if (protocol.equals("udp")) {
                assertThat(c.get("port").asInt()).isEqualTo(server.udpPort());
                assertThat(c.has("tcpType")).as("udp candidate %s", c).isFalse();
            } else {
                assertThat(c.get("port").asInt()).isEqualTo(server.tcpPort());
                assertThat(c.get("tcpType").asString()).isEqualTo("passive");
            }
        }
        assertThat(protocols).containsExactlyInAnyOrder("udp", "tcp");

        assertThat(o.at("/dtlsParameters/role").asString()).isEqualTo("auto");
        JsonNode fps = o.at("/dtlsParameters/fingerprints");
        assertThat(fps.size()).isGreaterThanOrEqualTo(1);
        assertThat(fps.get(0).get("algorithm").asString()).isEqualTo("sha-256");
        assertThat(fps.get(0).get("value").asString()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(o.get("sctpParameters").toString()).contains("\"port\":5000", "\"OS\":1024", "\"MIS\":1024",
                "\"maxMessageSize\":262144");
    }

    @Test
    void aSecondTransportClosesTheFirstAndDeletingTheSessionClosesIt() {
        String first = create(sessionId).body().at("/transportOptions/id").asString();
        assertThat(server.transport(first)).isNotNull();
        String second = create(sessionId).body().at("/transportOptions/id").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(server.transport(first)).isNull();
        assertThat(server.transport(second)).isNotNull();
        assertThat(webrtc.transportOf(UUID.fromString(sessionId)).id()).isEqualTo(second);

        assertThat(api.delete("/api/session/" + sessionId, token).status()).isEqualTo(200);
        assertThat(server.transport(second)).isNull();
        assertThat(webrtc.transportOf(UUID.fromString(sessionId))).isNull();
        // An ended session takes no new transport.
        assertError(create(sessionId), 409, "session_closed", null);
    }

    @Test
    void sessionIdIsValidatedAndOwned() {
        for (String body : List.of("{}", "{\"sessionId\":42}", "{\"sessionId\":\"not-a-uuid\"}", "{\"sessionId\":\"\"}",
                "[]")) {
            for (String path : List.of("transport/create", "transport/connect", "transport/restart-ice",
                    "producer/create")) {
                Response r = api.post("/api/webrtc/" + path, body, token);
                assertError(r, 400, "validation_error", null);
                assertThat(r.errorMessage()).as(path + " " + body).isNotBlank().doesNotContain("Exception");
            }
        }
        assertError(api.post("/api/webrtc/transport/create", "{\"sessionId\":\"nope\"}", token), 400,
                "validation_error", "sessionId");
        assertError(api.post("/api/webrtc/transport/create", "{\"sessionId\":", token), 400, "invalid_json", null);

        String unknown = UUID.randomUUID().toString();
        assertError(create(unknown), 404, "not_found", null);
        assertError(api.post("/api/webrtc/transport/connect", connectBody(unknown, FINGERPRINT, FP_VALUE), token),
                404, "not_found", null);
        assertError(api.post("/api/webrtc/producer/create", produceBody(unknown, "audio", rtpParameters(OPUS)), token),
                404, "not_found", null);
        assertError(restartIce(unknown, token), 404, "not_found", null);

        // Another user's session looks exactly like a missing one.
        String stranger = api.newAccessToken();
        assertThat(create(sessionId).status()).isEqualTo(200);
        assertError(api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessionId + "\"}", stranger),
                404, "not_found", null);
        assertError(api.post("/api/webrtc/transport/connect", connectBody(sessionId, FINGERPRINT, FP_VALUE), stranger),
                404, "not_found", null);
        assertError(api.post("/api/webrtc/producer/create", produceBody(sessionId, "audio", rtpParameters(OPUS)),
                stranger), 404, "not_found", null);
        assertError(restartIce(sessionId, stranger), 404, "not_found", null);
        assertThat(restartIce(sessionId, null).status()).isEqualTo(401);
        assertThat(api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessionId + "\"}", null).status())
                .isEqualTo(401);
    }

    private Response restartIce(String session, String bearer) {
        return api.post("/api/webrtc/transport/restart-ice", "{\"sessionId\":\"" + session + "\"}", bearer);
    }

    @Test
    void restartIceGivesNewCredentialsForTheSameTransport() {
        JsonNode options = create(sessionId).body().get("transportOptions");
        String transportId = options.get("id").asString();
        String oldUfrag = options.at("/iceParameters/usernameFragment").asString();
        Response r = restartIce(sessionId, token);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode ice = r.body().get("iceParameters");
        assertThat(ice.get("usernameFragment").asString()).hasSize(32).isNotEqualTo(oldUfrag);
        assertThat(ice.get("password").asString()).hasSize(32)
                .isNotEqualTo(options.at("/iceParameters/password").asString());
        assertThat(ice.get("iceLite").asBoolean()).isTrue();
        assertThat(r.body().properties()).hasSize(1);
        // Same transport; both ufrags are accepted until the client checks with the new one.
        assertThat(webrtc.transportOf(UUID.fromString(sessionId)).id()).isEqualTo(transportId);
        assertThat(webrtc.transportOf(UUID.fromString(sessionId)).iceParameters().usernameFragment())
                .isEqualTo(ice.get("usernameFragment").asString());
        assertThat(server.counters().iceRestarts()).isPositive();
        // After the session ends there is no transport to restart.
        assertThat(api.delete("/api/session/" + sessionId, token).status()).isEqualTo(200);
        assertError(restartIce(sessionId, token), 409, "session_closed", null);
    }

    @Test
    void connectAndProduceNeedATransportFirst() {
        assertError(restartIce(sessionId, token), 409, "no_transport", null);
        assertError(api.post("/api/webrtc/transport/connect", connectBody(sessionId, FINGERPRINT, FP_VALUE), token),
                409, "no_transport", null);
        assertError(api.post("/api/webrtc/producer/create", produceBody(sessionId, "audio", rtpParameters(OPUS)), token),
                409, "no_transport", null);
    }

    @Test
    void connectValidatesDtlsParametersAndIsAcceptedOnce() {
        assertThat(create(sessionId).status()).isEqualTo(200);
        String path = "/api/webrtc/transport/connect";
        assertError(api.post(path, connectBody(sessionId, FINGERPRINT, "AB:CD"), token), 400, "validation_error",
                "dtlsParameters.fingerprints[0]");
        assertError(api.post(path, connectBody(sessionId, FINGERPRINT, "zz:" + FP_VALUE.substring(3)), token), 400,
                "validation_error", "dtlsParameters.fingerprints[0]");
        assertError(api.post(path, connectBody(sessionId, "md5", "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"),
                token), 400, "validation_error", "dtlsParameters.fingerprints[0]");
        assertError(api.post(path, connectBody(sessionId, "sha-999", FP_VALUE), token), 400, "validation_error",
                "dtlsParameters.fingerprints[0]");
        assertError(api.post(path, "{\"sessionId\":\"" + sessionId + "\"}", token), 400, "validation_error",
                "dtlsParameters");
        assertError(api.post(path, "{\"sessionId\":\"" + sessionId + "\",\"dtlsParameters\":{\"fingerprints\":[]}}",
                token), 400, "validation_error", "dtlsParameters.fingerprints");
        assertError(api.post(path, "{\"sessionId\":\"" + sessionId + "\",\"dtlsParameters\":{\"role\":\"boss\","
                + "\"fingerprints\":[{\"algorithm\":\"sha-256\",\"value\":\"" + FP_VALUE + "\"}]}}", token), 400,
                "validation_error", "dtlsParameters.role");
        assertError(api.post(path, "{\"sessionId\":\"" + sessionId + "\",\"dtlsParameters\":{\"fingerprints\":[7]}}",
                token), 400, "validation_error", "dtlsParameters.fingerprints[0]");

        Response ok = api.post(path, connectBody(sessionId, FINGERPRINT, FP_VALUE), token);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.body().get("success").asBoolean()).isTrue();
        assertError(api.post(path, connectBody(sessionId, FINGERPRINT, FP_VALUE), token), 409,
                "transport_already_connected", null);
    }

    @Test
    void produceValidatesKindAndRtpParameters() {
        assertThat(create(sessionId).status()).isEqualTo(200);
        String path = "/api/webrtc/producer/create";
        String pcmu = "{\"mimeType\":\"audio/PCMU\",\"payloadType\":0,\"clockRate\":8000,\"channels\":1}";
        String vp8 = "{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000}";
        assertError(api.post(path, produceBody(sessionId, "audio", rtpParameters(pcmu)), token), 400,
                "validation_error", "rtpParameters");
        assertThat(api.post(path, produceBody(sessionId, "audio", rtpParameters(pcmu)), token).errorMessage())
                .contains("audio/PCMU");
        assertError(api.post(path, produceBody(sessionId, "audio", rtpParameters(vp8)), token), 400,
                "validation_error", "rtpParameters");
        assertError(api.post(path, produceBody(sessionId, "video", rtpParameters(vp8)), token), 400,
                "validation_error", "kind");
        assertError(api.post(path, produceBody(sessionId, "video", rtpParameters(OPUS)), token), 400,
                "validation_error", "kind");
        assertError(api.post(path, "{\"sessionId\":\"" + sessionId + "\",\"rtpParameters\":" + rtpParameters(OPUS)
                + "}", token), 400, "validation_error", "kind");
        assertError(api.post(path, "{\"sessionId\":\"" + sessionId + "\",\"kind\":\"audio\"}", token), 400,
                "validation_error", "rtpParameters");
        assertError(api.post(path, produceBody(sessionId, "audio", "{\"codecs\":[],\"encodings\":[{}]}"), token), 400,
                "validation_error", "rtpParameters.codecs");
        assertError(api.post(path, produceBody(sessionId, "audio", "{\"codecs\":[" + OPUS + "],\"encodings\":[]}"),
                token), 400, "validation_error", "rtpParameters.encodings");
        assertError(api.post(path, produceBody(sessionId, "audio", "{\"codecs\":\"opus\",\"encodings\":[{}]}"), token),
                400, "validation_error", "rtpParameters.codecs");
        String badRate = OPUS.replace("48000", "44100");
        assertError(api.post(path, produceBody(sessionId, "audio", rtpParameters(badRate)), token), 400,
                "validation_error", "rtpParameters");

        Response ok = api.post(path, produceBody(sessionId, "audio", rtpParameters(OPUS)), token);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.text("producerId")).isNotBlank();
        assertError(api.post(path, produceBody(sessionId, "audio", rtpParameters(OPUS)), token), 409,
                "producer_exists", null);
    }

    /** Per-transport ports from a range of two: the third transport is refused at once, and a freed port is reused. */
    @Test
    void exhaustedPortsAnswer503() throws Exception {
        int base = WebRtcBrowserIT.freePortRange(2);
        String db = PostgresTestDatabase.create("ingress_webrtc_ports");
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", REDIS_URL, "RTC_SINGLE_PORT", "false", "RTC_MIN_PORT", String.valueOf(base),
                "RTC_MAX_PORT", String.valueOf(base + 1)))) {
            ApiClient other = svc.api();
            String t = other.newAccessToken();
            List<String> sessions = List.of(other.createSession(t), other.createSession(t), other.createSession(t));
            for (int i = 0; i < 2; i++) {
                Response r = other.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessions.get(i) + "\"}", t);
                assertThat(r.status()).as(r.raw()).isEqualTo(200);
                assertThat(r.body().at("/transportOptions/iceCandidates/0/port").asInt()).isBetween(base, base + 1);
            }
            Response third = CompletableFuture.supplyAsync(() -> other.post("/api/webrtc/transport/create",
                    "{\"sessionId\":\"" + sessions.get(2) + "\"}", t)).get(10, TimeUnit.SECONDS);
            assertError(third, 503, "media_ports_exhausted", null);
            assertThat(svc.bean(WebRtcServer.class).portsInUse()).isEqualTo(2);
            // Replacing a session's transport reuses its port; ending a session frees one for the waiting session.
            assertThat(other.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessions.get(0) + "\"}", t)
                    .status()).isEqualTo(200);
            assertThat(other.delete("/api/session/" + sessions.get(1), t).status()).isEqualTo(200);
            assertThat(svc.bean(WebRtcServer.class).portsInUse()).isEqualTo(1);
            assertThat(other.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessions.get(2) + "\"}", t)
                    .status()).isEqualTo(200);
        }
    }
}
