package com.jarvis.ingress.whip;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.transport.Producer;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.webrtc.WebRtcService;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The WHIP endpoint over HTTP with the offers Chromium and GStreamer really make (test resources): the 201 and its
 * headers, the producer the offer maps to, refused offers (nothing allocated), OPTIONS, PATCH (trickle, ICE
 * restart, If-Match) and DELETE. Media flowing is {@code WhipBrowserIT} / {@code WhipGstreamerIT}.
 */
class WhipApiIT extends IntegrationTest {
    static final String FP = String.join(":", java.util.Collections.nCopies(32, "AB"));

    @Autowired
    WebRtcServer server;
    @Autowired
    WebRtcService webrtc;

    String token;

    @BeforeEach
    void device() {
        token = api.newAccessToken();
    }

    Response post(String query, String contentType, byte[] body, String bearer) {
        HttpRequest.Builder b = api.builder("/api/whip" + query, bearer).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return api.send(b);
    }

    Response post(String sdp) {
        return post("", "application/sdp", sdp.getBytes(StandardCharsets.UTF_8), token);
    }

    Response patch(String location, String ifMatch, String contentType, String body, String bearer) {
        HttpRequest.Builder b = api.builder(location, bearer).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return api.send(b);
    }

    static String header(Response r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void gstreamerOfferCreatesASessionTransportAndProducer() {
        int before = server.transportCount();
        Response r = post(SdpSamples.gstreamer());
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        String sessionId = header(r, "X-Session-Id");
        assertThat(header(r, "Location")).isEqualTo("/api/whip/" + sessionId);
        assertThat(header(r, "Content-Type")).startsWith("application/sdp");
        assertThat(header(r, "Accept-Patch")).isEqualTo("application/trickle-ice-sdpfrag");
        // A publish that creates a session spends the session-create bucket too.
        assertThat(header(r, "RateLimit-Policy")).startsWith("\"session-create\"").contains("\"webrtc\"", "\"user\"");
        WebRtcTransport transport = webrtc.transportOf(UUID.fromString(sessionId));
        assertThat(transport).isNotNull();
        assertThat(server.transportCount()).isEqualTo(before + 1);
        assertThat(header(r, "ETag")).isEqualTo("\"" + transport.iceParameters().usernameFragment() + "\"");

        String answer = r.raw();
        assertThat(answer).startsWith("v=0\r\n").contains("\r\na=ice-lite\r\n", "a=group:BUNDLE audio0\r\n",
                "a=setup:passive\r\n", "a=recvonly\r\n", "a=rtcp-mux\r\n", "a=rtpmap:111 opus/48000/2\r\n",
                "a=ice-ufrag:" + transport.iceParameters().usernameFragment() + "\r\n",
                "a=ice-pwd:" + transport.iceParameters().password() + "\r\n", "a=end-of-candidates\r\n");
        int udpPort = transport.iceCandidates().stream().filter(c -> c.protocol().equals("udp")).findFirst()
                .orElseThrow().port();
        assertThat(answer).contains("m=audio " + udpPort + " UDP/TLS/RTP/SAVPF 111\r\n")
                .containsPattern("a=candidate:\\S+ 1 udp \\d+ 127\\.0\\.0\\.1 " + udpPort + " typ host\r\n")
                .containsPattern("a=candidate:\\S+ 1 tcp \\d+ 127\\.0\\.0\\.1 \\d+ typ host tcptype passive\r\n")
                .containsPattern("a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\r\n");

        Producer producer = transport.producer();
        assertThat(producer.payloadType()).isEqualTo(111);
        assertThat(producer.ssrc()).isEqualTo(1855970660L);
        Response session = api.get("/api/session/" + sessionId, token);
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.text("status")).isEqualTo("pending");
    }

    @Test
    void chromiumOfferBundlesAudioAndDataAndKeepsTheClientsIds() {
        Response r = post(SdpSamples.chromium());
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        String answer = r.raw();
        assertThat(answer).contains("a=group:BUNDLE 0 1\r\n", "m=application ", "UDP/DTLS/SCTP webrtc-datachannel\r\n",
                "a=sctp-port:5000\r\n", "a=max-message-size:262144\r\n", "a=rtcp-rsize\r\n",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .doesNotContain("abs-send-time", "transport-wide-cc", "G722", "PCMU");
        assertThat(answer.split("\r\nm=", -1)).hasSize(3); // one answer section per offered one
        WebRtcTransport transport = webrtc.transportOf(UUID.fromString(header(r, "X-Session-Id")));
        assertThat(transport.producer().ssrc()).isEqualTo(1590237439L);
        assertThat(transport.producer().rtpParameters().extensionId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"))
                .isEqualTo(1);
    }

    @Test
    void videoAndOtherAudioSectionsAreRejectedWithPortZero() {
        String offer = SdpSamples.chromium().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2 3")
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sendonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:96 VP8/90000\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\na=sendonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n";
        Response r = post(offer);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.raw()).contains("a=group:BUNDLE 0 1\r\n", "\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\n",
                "\r\nm=audio 0 UDP/TLS/RTP/SAVPF 0\r\n", "a=mid:2\r\n", "a=mid:3\r\n");
    }

    @Test
    void anExistingSessionOfTheCallerCanBeUsed() {
        String sessionId = api.createSession(token);
        Response r = post("?sessionId=" + sessionId, "application/sdp", SdpSamples.gstreamer().getBytes(), token);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(header(r, "X-Session-Id")).isEqualTo(sessionId);
        assertThat(header(r, "RateLimit-Policy")).startsWith("\"webrtc\"").doesNotContain("session-create");

        String other = api.newAccessToken();
        Response foreign = post("?sessionId=" + sessionId, "application/sdp", SdpSamples.gstreamer().getBytes(), other);
        assertThat(foreign.status()).isEqualTo(404);
        Response malformed = post("?sessionId=nope", "application/sdp", SdpSamples.gstreamer().getBytes(), token);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorMessage()).startsWith("sessionId:");
    }

    @Test
    void refusedOffersGetAClearErrorAndAllocateNothing() {
        String good = SdpSamples.chromium();
        String fp = "a=fingerprint:sha-256 2C:53:BF:0E:72:69:25:4C:33:F8:42:22:E9:61:6B:BF:34:D8:AB:54:2F:58:40:47:93:23:96:EE:EF:57:79:76\r\n";
        Object[][] cases = {
            {good.replace(fp, ""), 422, "unsupported_offer", "no a=fingerprint"},
            {good.replace("a=setup:actpass", "a=setup:sideways"), 400, "invalid_sdp", "a=setup must be"},
            {good.replace("a=setup:actpass", "a=setup:passive"), 422, "unsupported_offer", "a=setup:passive"},
            {good.replace("a=group:BUNDLE 0 1\r\n", ""), 422, "unsupported_offer", "the offer must bundle"},
            {good.replace("a=rtcp-mux\r\n", ""), 422, "unsupported_offer", "the audio m-section must have a=rtcp-mux"},
            {good.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 foo/48000/2"), 422, "unsupported_offer",
                "the offer has no audio m-section"},
            {good.replace("a=sendonly", "a=recvonly"), 422, "unsupported_offer", "the offer has no audio m-section"},
            {good.replace("m=audio", "m=video"), 422, "unsupported_offer", "the offer has no audio m-section"},
            {good.replace("2C:53:BF", "ZZ:53:BF"), 400, "invalid_sdp", "a=fingerprint: invalid sha-256"},
            {good.replace("a=ice-pwd:TBM0mNxWUIyh8UbELnkAbzS4", "a=ice-pwd:short"), 400, "invalid_sdp", "a=ice-ufrag must be"},
            {"hello world", 400, "invalid_sdp", "SDP must start with the line v=0"},
            {good.replace("s=-", "s=-\u0000"), 400, "invalid_sdp", "line 3 contains control character"},
            {good.replace("s=-", "s=" + "x".repeat(5000)), 400, "invalid_sdp", "line 3 is longer than 4096"},
            {good + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v\r\n".repeat(17).replace("a=mid:v", "a=mid:v"), 400,
                "invalid_sdp", "SDP has more than 16 m-sections"},
            {"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + "a=x\r\n".repeat(600), 400, "invalid_sdp",
                "line 517: more than 512 attributes"},
            {"", 400, "invalid_sdp", "the request has no body"},
        };
        int transports = server.transportCount();
        for (Object[] c : cases) {
            Response r = post((String) c[0]);
            assertThat(r.status()).as("%s -> %s", c[3], r.raw()).isEqualTo(c[1]);
            assertThat(r.errorCode()).as(r.raw()).isEqualTo(c[2]);
            assertThat(r.errorMessage()).as(r.raw()).contains((String) c[3]);
            assertThat(header(r, "Content-Type")).startsWith("application/json");
        }
        Response json = post("", "application/json", "{}".getBytes(), token);
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.errorMessage()).isEqualTo("Content-Type must be application/sdp");
        Response garbage = post("", "not a/type;;", good.getBytes(), token);
        assertThat(garbage.status()).isEqualTo(415);
        assertThat(garbage.errorMessage()).startsWith("Content-Type must be application/sdp");
        Response none = post("", null, good.getBytes(), token);
        assertThat(none.status()).isEqualTo(415);
        Response latin1 = post("", "application/sdp", new byte[] {'v', '=', '0', '\r', '\n', (byte) 0xff}, token);
        assertThat(latin1.status()).isEqualTo(400);
        assertThat(latin1.errorMessage()).isEqualTo("the body is not UTF-8 text");
        Response huge = post("", "application/sdp", new byte[1024 * 1024], token);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("payload_too_large");
        Response anonymous = post("", "application/sdp", good.getBytes(), null);
        assertThat(anonymous.status()).isEqualTo(401);

        assertThat(server.transportCount()).isEqualTo(transports);
        assertThat(api.get("/api/sessions", token).body().get("sessions")).isEmpty();
    }

    @Test
    void aRefusalAfterTheSessionWasCreatedEndsThatSession() {
        for (int i = 0; i < 4; i++) { // RTC_MAX_TRANSPORTS_PER_USER
            assertThat(post(SdpSamples.gstreamer()).status()).isEqualTo(201);
        }
        int transports = server.transportCount();
        Response refused = post(SdpSamples.gstreamer());
        assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("user_transport_limit");
        assertThat(header(refused, "Retry-After")).isNotNull();
        assertThat(server.transportCount()).isEqualTo(transports);
        // The session made for the refused offer is ended, not left pending.
        var sessions = api.get("/api/sessions", token).body().get("sessions");
        assertThat(sessions).hasSize(5);
        assertThat(sessions.get(0).get("status").asString()).isEqualTo("ended");
        assertThat(api.get("/api/sessions?status=pending", token).body().get("sessions")).hasSize(4);
    }

    @Test
    void optionsAnswersAcceptPostWithoutAToken() {
        Response r = api.send(api.builder("/api/whip", null).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isEqualTo(204);
        assertThat(header(r, "Accept-Post")).isEqualTo("application/sdp");
        Response resource = api.send(api.builder("/api/whip/" + UUID.randomUUID(), null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(resource.status()).isEqualTo(204);
        assertThat(header(resource, "Accept-Patch")).isEqualTo("application/trickle-ice-sdpfrag");
    }

    @Test
    void patchTrickleNeedsTheCurrentEtagAndIceRestartChangesIt() {
        Response created = post(SdpSamples.chromium());
        String location = header(created, "Location");
        String etag = header(created, "ETag");
        UUID sessionId = UUID.fromString(header(created, "X-Session-Id"));
        String trickle = "a=ice-ufrag:9mxM\r\na=ice-pwd:TBM0mNxWUIyh8UbELnkAbzS4\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
                + "a=mid:0\r\na=candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host\r\na=end-of-candidates\r\n";
        String frag = "application/trickle-ice-sdpfrag";

        assertThat(patch(location, etag, frag, trickle, token).status()).isEqualTo(204);
        Response noMatch = patch(location, null, frag, trickle, token);
        assertThat(noMatch.status()).isEqualTo(428);
        assertThat(noMatch.errorCode()).isEqualTo("precondition_required");
        assertThat(patch(location, "\"other\"", frag, trickle, token).status()).isEqualTo(412);
        assertThat(patch(location, etag, "application/sdp", trickle, token).status()).isEqualTo(415);
        assertThat(patch(location, etag, frag, "b=garbage\r\n", token).status()).isEqualTo(400);
        assertThat(patch(location, etag, frag, trickle, api.newAccessToken()).status()).isEqualTo(404);

        String oldUfrag = webrtc.transportOf(sessionId).iceParameters().usernameFragment();
        String restart = trickle.replace("9mxM", "newU").replace("TBM0mNxWUIyh8UbELnkAbzS4", "newPasswordNewPassword1");
        Response restarted = patch(location, "*", frag, restart, token);
        assertThat(restarted.status()).as(restarted.raw()).isEqualTo(200);
        assertThat(header(restarted, "Content-Type")).startsWith(frag);
        String newUfrag = webrtc.transportOf(sessionId).iceParameters().usernameFragment();
        assertThat(newUfrag).isNotEqualTo(oldUfrag);
        assertThat(header(restarted, "ETag")).isEqualTo("\"" + newUfrag + "\"");
        assertThat(restarted.raw()).contains("a=ice-ufrag:" + newUfrag + "\r\n", "a=mid:0\r\n", " typ host",
                "a=end-of-candidates");
        assertThat(patch(location, etag, frag, trickle, token).status()).isEqualTo(412);
        assertThat(patch(location, header(restarted, "ETag"), frag, restart, token).status()).isEqualTo(204);
    }

    @Test
    void deleteEndsTheSessionAndFreesTheTransport() {
        int before = server.transportCount();
        Response created = post(SdpSamples.gstreamer());
        String location = header(created, "Location");
        UUID sessionId = UUID.fromString(header(created, "X-Session-Id"));
        assertThat(server.transportCount()).isEqualTo(before + 1);

        assertThat(api.delete(location, api.newAccessToken()).status()).isEqualTo(404);
        assertThat(api.delete(location, token).status()).isEqualTo(200);
        assertThat(webrtc.transportOf(sessionId)).isNull();
        assertThat(server.transportCount()).isEqualTo(before);
        assertThat(api.get("/api/session/" + sessionId, token).text("status")).isEqualTo("ended");
        assertThat(api.delete(location, token).status()).isEqualTo(200); // idempotent
        Response patchAfter = patch(location, "*", "application/trickle-ice-sdpfrag",
                "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\n", token);
        assertThat(patchAfter.status()).isEqualTo(409);
        assertThat(api.delete("/api/whip/not-a-uuid", token).status()).isEqualTo(404);
    }
}
