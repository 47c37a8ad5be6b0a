package com.jarvis.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.auth.JwtCodec;
import com.jarvis.ingress.auth.TokenType;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A table of bad requests per endpoint: each gets its precise 4xx and the JSON error shape, never a 500. */
class BadInputIT extends IntegrationTest {
    private String token;
    private String sessionId;

    record Case(String name, String method, String path, String contentType, String body, String auth, int status,
                String code) {
    }

    @BeforeEach
    void setUp() {
        token = api.newAccessToken();
        sessionId = api.createSession(token);
    }

    private List<Case> cases() {
        String s = "/api/session/" + sessionId;
        String huge = "{\"deviceIdentifier\":\"" + "a".repeat(200 * 1024) + "\"}";
        List<Case> c = new ArrayList<>();
        // register
        c.add(new Case("register malformed", "POST", "/api/auth/register", "application/json", "{\"deviceIdentifier\":", null, 400, "invalid_json"));
        c.add(new Case("register empty body", "POST", "/api/auth/register", "application/json", "", null, 400, "invalid_json"));
        c.add(new Case("register array", "POST", "/api/auth/register", "application/json", "[1,2]", null, 400, "validation_error"));
        c.add(new Case("register missing id", "POST", "/api/auth/register", "application/json", "{}", null, 400, "validation_error"));
        c.add(new Case("register id number", "POST", "/api/auth/register", "application/json", "{\"deviceIdentifier\":42}", null, 400, "validation_error"));
        c.add(new Case("register id blank", "POST", "/api/auth/register", "application/json", "{\"deviceIdentifier\":\"  \"}", null, 400, "validation_error"));
        c.add(new Case("register id too long", "POST", "/api/auth/register", "application/json", "{\"deviceIdentifier\":\"" + "a".repeat(300) + "\"}", null, 400, "validation_error"));
        c.add(new Case("register text/plain", "POST", "/api/auth/register", "text/plain", "{\"deviceIdentifier\":\"x\"}", null, 415, "unsupported_media_type"));
        c.add(new Case("register oversized", "POST", "/api/auth/register", "application/json", huge, null, 413, "payload_too_large"));
        c.add(new Case("register GET", "GET", "/api/auth/register", null, null, null, 405, "method_not_allowed"));
        // refresh
        c.add(new Case("refresh garbage", "POST", "/api/auth/refresh", "application/json", "{\"refreshToken\":\"abc.def.ghi\"}", null, 401, "invalid_token"));
        c.add(new Case("refresh missing", "POST", "/api/auth/refresh", "application/json", "{}", null, 400, "validation_error"));
        c.add(new Case("refresh wrong type", "POST", "/api/auth/refresh", "application/json", "{\"refreshToken\":[]}", null, 400, "validation_error"));
        c.add(new Case("refresh forged", "POST", "/api/auth/refresh", "application/json", "{\"refreshToken\":\"" + forged(TokenType.REFRESH) + "\"}", null, 401, "invalid_token"));
        // revoke
        c.add(new Case("revoke no token", "POST", "/api/auth/revoke", null, null, null, 401, "missing_token"));
        c.add(new Case("revoke basic auth", "POST", "/api/auth/revoke", null, null, "Basic Zm9vOmJhcg==", 401, "invalid_token"));
        // tokens on a protected endpoint
        c.add(new Case("forged secret", "POST", "/api/session/create", "application/json", "{}", "Bearer " + forged(TokenType.ACCESS), 401, "invalid_token"));
        c.add(new Case("alg none", "POST", "/api/session/create", "application/json", "{}", "Bearer " + algNone(), 401, "invalid_token"));
        c.add(new Case("expired", "POST", "/api/session/create", "application/json", "{}", "Bearer " + expired(), 401, "token_expired"));
        c.add(new Case("garbage token", "POST", "/api/session/create", "application/json", "{}", "Bearer %%%", 401, "invalid_token"));
        // create
        c.add(new Case("create malformed", "POST", "/api/session/create", "application/json", "{\"audioConfig\":", "Bearer " + token, 400, "invalid_json"));
        c.add(new Case("create sampleRate string", "POST", "/api/session/create", "application/json", "{\"audioConfig\":{\"sampleRate\":\"16000\"}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create sampleRate 44100", "POST", "/api/session/create", "application/json", "{\"audioConfig\":{\"sampleRate\":44100}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create channels 3", "POST", "/api/session/create", "application/json", "{\"audioConfig\":{\"channels\":3}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create bitDepth 24", "POST", "/api/session/create", "application/json", "{\"audioConfig\":{\"bitDepth\":24}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create codec mp3", "POST", "/api/session/create", "application/json", "{\"audioConfig\":{\"codec\":\"mp3\"}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create speed 5", "POST", "/api/session/create", "application/json", "{\"voiceConfig\":{\"speed\":5}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create pitch 0.1", "POST", "/api/session/create", "application/json", "{\"voiceConfig\":{\"pitch\":0.1}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create language bad", "POST", "/api/session/create", "application/json", "{\"voiceConfig\":{\"language\":\"english please\"}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create metadata array", "POST", "/api/session/create", "application/json", "{\"metadata\":[1]}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create metadata big", "POST", "/api/session/create", "application/json", "{\"metadata\":{\"x\":\"" + "m".repeat(5000) + "\"}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("create xml", "POST", "/api/session/create", "application/xml", "<a/>", "Bearer " + token, 415, "unsupported_media_type"));
        // get / patch / delete
        c.add(new Case("get bad id", "GET", "/api/session/not-a-uuid", null, null, "Bearer " + token, 404, "not_found"));
        c.add(new Case("get unknown id", "GET", "/api/session/" + UUID.randomUUID(), null, null, "Bearer " + token, 404, "not_found"));
        c.add(new Case("patch empty", "PATCH", s, "application/json", "{}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("patch context string", "PATCH", s, "application/json", "{\"contextData\":\"x\"}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("patch voice bad", "PATCH", s, "application/json", "{\"voiceConfig\":{\"speed\":\"fast\"}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("patch malformed", "PATCH", s, "application/json", "{", "Bearer " + token, 400, "invalid_json"));
        c.add(new Case("delete no token", "DELETE", s, null, null, null, 401, "missing_token"));
        // list
        c.add(new Case("list limit 0", "GET", "/api/sessions?limit=0", null, null, "Bearer " + token, 400, "validation_error"));
        c.add(new Case("list limit text", "GET", "/api/sessions?limit=ten", null, null, "Bearer " + token, 400, "validation_error"));
        c.add(new Case("list bad cursor", "GET", "/api/sessions?cursor=%21%21", null, null, "Bearer " + token, 400, "validation_error"));
        c.add(new Case("list bad status", "GET", "/api/sessions?status=zombie", null, null, "Bearer " + token, 400, "validation_error"));
        // webrtc (the session of setUp has no transport yet)
        String sid = "{\"sessionId\":\"" + sessionId + "\"";
        String fp = ",\"dtlsParameters\":{\"fingerprints\":[{\"algorithm\":\"sha-256\",\"value\":\"%s\"}]}}";
        c.add(new Case("capabilities no token", "GET", "/api/webrtc/capabilities", null, null, null, 401, "missing_token"));
        c.add(new Case("transport malformed", "POST", "/api/webrtc/transport/create", "application/json", "{\"sessionId\":", "Bearer " + token, 400, "invalid_json"));
        c.add(new Case("transport no session", "POST", "/api/webrtc/transport/create", "application/json", "{}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("transport bad session", "POST", "/api/webrtc/transport/create", "application/json", "{\"sessionId\":\"x\"}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("transport unknown session", "POST", "/api/webrtc/transport/create", "application/json", "{\"sessionId\":\"" + UUID.randomUUID() + "\"}", "Bearer " + token, 404, "not_found"));
        c.add(new Case("transport text/plain", "POST", "/api/webrtc/transport/create", "text/plain", sid + "}", "Bearer " + token, 415, "unsupported_media_type"));
        c.add(new Case("transport GET", "GET", "/api/webrtc/transport/create", null, null, "Bearer " + token, 405, "method_not_allowed"));
        c.add(new Case("connect no dtls", "POST", "/api/webrtc/transport/connect", "application/json", sid + "}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("connect bad fingerprint", "POST", "/api/webrtc/transport/connect", "application/json", sid + String.format(fp, "AB:CD"), "Bearer " + token, 400, "validation_error"));
        c.add(new Case("connect no transport", "POST", "/api/webrtc/transport/connect", "application/json", sid + String.format(fp, String.join(":", java.util.Collections.nCopies(32, "AB"))), "Bearer " + token, 409, "no_transport"));
        c.add(new Case("produce video", "POST", "/api/webrtc/producer/create", "application/json", sid + ",\"kind\":\"video\",\"rtpParameters\":{}}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("produce no parameters", "POST", "/api/webrtc/producer/create", "application/json", sid + ",\"kind\":\"audio\"}", "Bearer " + token, 400, "validation_error"));
        c.add(new Case("produce codecs string", "POST", "/api/webrtc/producer/create", "application/json", sid + ",\"kind\":\"audio\",\"rtpParameters\":{\"codecs\":\"opus\"}}", "Bearer " + token, 400, "validation_error"));
        // routing
        c.add(new Case("unknown route", "GET", "/api/nothing-here", null, null, "Bearer " + token, 404, "not_found"));
        return c;
    }

    @Test
    void everyBadRequestGetsItsStatusAndTheErrorShape() {
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            HttpRequest.Builder b = api.builder(c.path(), null);
            if (c.auth() != null) {
                b.header("Authorization", c.auth());
            }
            if (c.contentType() != null) {
                b.header("Content-Type", c.contentType());
            }
            b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(c.body()));
            Response r = api.send(b);
            if (r.status() != c.status() || !c.code().equals(r.errorCode()) || r.errorMessage().isEmpty()
                    || r.raw().contains("Exception") || r.raw().contains("at com.")) {
                failures.add(c.name() + ": expected " + c.status() + "/" + c.code() + " got " + r.status() + " " + r.raw());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void validationErrorsNameTheField() {
        Response r = api.post("/api/session/create", "{\"audioConfig\":{\"sampleRate\":44100}}", token);
        assertThat(r.errorMessage()).startsWith("audioConfig.sampleRate");
        r = api.post("/api/session/create", "{\"voiceConfig\":{\"language\":\"??\"}}", token);
        assertThat(r.errorMessage()).startsWith("voiceConfig.language");
    }

    private static String forged(TokenType type) {
        JwtCodec other = new JwtCodec("another-secret-that-is-long-enough-000000".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());
        return other.sign(type, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                Duration.ofHours(1));
    }

    private static String expired() {
        JwtCodec ours = new JwtCodec(JWT_SECRET.getBytes(StandardCharsets.UTF_8),
                Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
        return ours.sign(TokenType.ACCESS, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                Duration.ofHours(1));
    }

    private static String algNone() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"jarvis-ingress\",\"sub\":\"" + UUID.randomUUID()
                + "\",\"typ\":\"access\",\"exp\":9999999999,\"iat\":1}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
