package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.transport.DtlsParameters;
import com.jarvis.ingress.media.transport.IceCandidate;
import com.jarvis.ingress.media.transport.IceParameters;
import com.jarvis.ingress.media.transport.RtpParameters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's REST API as mediasoup-client's app uses it: register (one device per client, so per-user transport
 * caps do not apply), session/create, webrtc transport/create, transport/connect, producer/create, GET the session's
 * stats, DELETE. One HTTP/1.1 client for all simulated clients; at most {@code maxInFlight} requests at once, so
 * the connection pool stays bounded whatever the number of clients.
 */
final class RestSignalling implements Signalling {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 5;

    private final String base;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String runId = Long.toHexString(System.currentTimeMillis());
    private final AtomicLong retries = new AtomicLong();

    RestSignalling(String baseUrl, int maxInFlight, Executor executor) {
        this.base = baseUrl.replaceAll("/+$", "");
        this.inFlight = new Semaphore(maxInFlight);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .executor(executor).build();
    }

    @Override
    public Device register(int index) throws Exception {
        JsonNode reg = callRetrying("POST", "/api/auth/register", null,
                Map.of("deviceIdentifier", "loadgen-" + runId + "-" + index));
        String token = text(reg, "accessToken", "register");
        return codec -> openSession(token, codec);
    }

    private Handle openSession(String token, String codec) throws Exception {
        Map<String, Object> audio = new LinkedHashMap<>();
        audio.put("sampleRate", 16000);
        audio.put("channels", 1);
        audio.put("bitDepth", 16);
        audio.put("codec", codec);
        JsonNode session = callRetrying("POST", "/api/session/create", token,
                Map.of("audioConfig", audio, "metadata", Map.of("clientVersion", "loadgen")));
        return new RestHandle(token, text(session, "sessionId", "session/create"));
    }

    /** GET /api/webrtc/capabilities with a device of its own: Opus {@code parameters.maxplaybackrate}. */
    @Override
    public int maxPlaybackRate() throws Exception {
        JsonNode reg = callRetrying("POST", "/api/auth/register", null,
                Map.of("deviceIdentifier", "loadgen-" + runId + "-capabilities"));
        JsonNode codecs = call("GET", "/api/webrtc/capabilities", text(reg, "accessToken", "register"), null)
                .path("capabilities").path("codecs");
        for (JsonNode c : codecs) {
            if ("audio/opus".equalsIgnoreCase(c.path("mimeType").asString(""))) {
                return c.path("parameters").path("maxplaybackrate").asInt(48_000);
            }
        }
        return 48_000;
    }

    /** From the service's Prometheus endpoint: RTP packets received, media drops and transport closes. */
    @Override
    public ServerCounters serverCounters() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> out = new TreeMap<>();
        long rtp = 0;
        for (String line : r.body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("ingress_media_packets_dropped_total{")
                    || line.startsWith("ingress_webrtc_transports_closed_total{")) {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } else if (line.startsWith("ingress_audio_chunks_received_total{") && line.contains("source=\"rtp\"")) {
                rtp = (long) Double.parseDouble(line.substring(space + 1));
            }
        }
        return new ServerCounters(rtp, out);
    }

    private final class RestHandle implements Handle {
        private final String token;
        private final String sessionId;

        RestHandle(String token, String sessionId) {
            this.token = token;
            this.sessionId = sessionId;
        }

        @Override
        public ServerTransport createTransport() throws Exception {
            JsonNode o = call("POST", "/api/webrtc/transport/create", token, Map.of("sessionId", sessionId))
                    .path("transportOptions");
            JsonNode ice = o.path("iceParameters");
            List<IceCandidate> candidates = new ArrayList<>();
            for (JsonNode c : o.path("iceCandidates")) {
                candidates.add(new IceCandidate(c.path("foundation").asString(), c.path("priority").asLong(),
                        c.path("ip").asString(null), c.path("address").asString(null), c.path("port").asInt(),
                        c.path("type").asString(), c.path("protocol").asString(), c.path("tcpType").asString(null)));
            }
            List<DtlsFingerprint> fingerprints = new ArrayList<>();
            for (JsonNode f : o.path("dtlsParameters").path("fingerprints")) {
                fingerprints.add(DtlsFingerprint.parse(f.path("algorithm").asString(), f.path("value").asString()));
            }
            return new ServerTransport(text(o, "id", "transport/create"),
                    new IceParameters(text(ice, "usernameFragment", "iceParameters"),
                            text(ice, "password", "iceParameters"), ice.path("iceLite").asBoolean()),
                    candidates, new DtlsParameters(o.path("dtlsParameters").path("role").asString("auto"),
                            fingerprints));
        }

        @Override
        public void connect(List<DtlsFingerprint> fingerprints) throws Exception {
            List<Map<String, String>> fp = fingerprints.stream()
                    .map(f -> Map.of("algorithm", f.algorithm(), "value", f.value())).toList();
            call("POST", "/api/webrtc/transport/connect", token, Map.of("sessionId", sessionId,
                    "dtlsParameters", Map.of("role", "client", "fingerprints", fp)));
        }

        @Override
        public void produce(RtpParameters rtpParameters) throws Exception {
            JsonNode r = call("POST", "/api/webrtc/producer/create", token,
                    Map.of("sessionId", sessionId, "kind", "audio", "rtpParameters", rtpParameters));
            text(r, "producerId", "producer/create");
        }

        @Override
        public ServerStats stats() throws Exception {
            JsonNode s = call("GET", "/api/session/" + sessionId, token, null).path("stats");
            return new ServerStats(s.path("packets").asLong(), s.path("packetsLost").asLong(),
                    s.path("audioSeconds").asDouble(), s.path("dataChunks").asLong());
        }

        @Override
        public void close() throws Exception {
            call("DELETE", "/api/session/" + sessionId, token, null);
        }
    }

    private JsonNode call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        inFlight.acquire();
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            inFlight.release();
        }
        if (r.statusCode() / 100 != 2) {
            throw new HttpError(r.statusCode(), r.headers().firstValueAsLong("Retry-After").orElse(1),
                    method + " " + path + " -> HTTP " + r.statusCode() + ": "
                            + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    }

    /**
     * {@link #call} that retries 429 and 503 answers (database or limiter busy) like a patient app would, at most
     * {@link #ATTEMPTS} times, waiting Retry-After (1..5 s). Only for register and session/create, which are not
     * part of the connect time.
     */
    private JsonNode callRetrying(String method, String path, String token, Object body) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call(method, path, token, body);
            } catch (HttpError e) {
                if (attempt >= ATTEMPTS || (e.status != 429 && e.status != 503)) {
                    throw e;
                }
                retries.incrementAndGet();
                TimeUnit.SECONDS.sleep(Math.max(1, Math.min(5, e.retryAfterSeconds)));
            }
        }
    }

    /** Requests of register and session/create that were answered 429/503 and sent again. */
    long retries() {
        return retries.get();
    }

    /** A non-2xx answer. */
    private static final class HttpError extends IOException {
        final int status;
        final long retryAfterSeconds;

        HttpError(int status, long retryAfterSeconds, String message) {
            super(message);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private static String text(JsonNode node, String field, String what) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IOException(what + ": response has no \"" + field + "\": " + node);
        }
        return v.asString();
    }
}
