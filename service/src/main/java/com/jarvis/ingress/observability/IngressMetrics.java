package com.jarvis.ingress.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The spec's ingress_* metrics, under exactly its names (Micrometer's Prometheus naming turns the counter
 * {@code ingress.sessions} into {@code ingress_sessions_total}). Label sets that are known up front are registered
 * at start-up, so every series is scraped at 0 before its first event.
 */
@Component
public class IngressMetrics {
    public static final String SOURCE_RTP = "rtp";
    public static final String SOURCE_DATACHANNEL = "datachannel";
    /** Values of the {@code status} label of ingress_auth_attempts_total; see docs/observability.md. */
    public static final String AUTH_SUCCESS = "success";
    public static final String AUTH_FAILURE = "failure";
    public static final String AUTH_CONFLICT = "conflict";
    public static final String AUTH_RATE_LIMITED = "rate_limited";

    private final MeterRegistry registry;
    private final Counter sessions;
    private final Counter webrtcConnections;
    private final AtomicLong webrtcActive = new AtomicLong();
    private final Map<String, Counter> audioChunks;
    private final Map<String, Counter> audioBytes;

    public IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessions = Counter.builder("ingress.sessions").description("Sessions created").register(registry);
        this.webrtcConnections = Counter.builder("ingress.webrtc.connections")
                .description("WebRTC transports that connected").register(registry);
        Gauge.builder("ingress.webrtc.connections.active", webrtcActive, AtomicLong::get)
                .description("WebRTC transports connected on this instance now").register(registry);
        this.audioChunks = Map.of(SOURCE_RTP, audioCounter("ingress.audio.chunks.received", SOURCE_RTP, "Audio chunks received"),
                SOURCE_DATACHANNEL, audioCounter("ingress.audio.chunks.received", SOURCE_DATACHANNEL, "Audio chunks received"));
        this.audioBytes = Map.of(SOURCE_RTP, audioCounter("ingress.audio.bytes.received", SOURCE_RTP, "Audio bytes received"),
                SOURCE_DATACHANNEL, audioCounter("ingress.audio.bytes.received", SOURCE_DATACHANNEL, "Audio bytes received"));
        for (String status : new String[] {AUTH_SUCCESS, AUTH_FAILURE, AUTH_CONFLICT, AUTH_RATE_LIMITED}) {
            authCounter(status);
        }
    }

    public void sessionCreated() {
        sessions.increment();
    }

    public void webrtcConnected() {
        webrtcConnections.increment();
        webrtcActive.incrementAndGet();
    }

    public void webrtcDisconnected() {
        webrtcActive.updateAndGet(n -> Math.max(0, n - 1));
    }

    /**
     * The counter of WebRTC transports closed for {@code reason} ({@code ingress_webrtc_transports_closed_total}).
     * Resolve every reason once at start-up, so each series is scraped from 0 and the close path does no lookup.
     */
    public Counter webrtcTransportsClosed(String reason) {
        return Counter.builder("ingress.webrtc.transports.closed").description("WebRTC transports closed, by reason")
                .tag("reason", reason).register(registry);
    }

    /**
     * The chunk and byte counters of {@link #SOURCE_RTP} or {@link #SOURCE_DATACHANNEL} (other sources are a bug),
     * resolved once so the packet path does no lookups.
     */
    public AudioSourceCounters audioSource(String source) {
        Counter chunks = audioChunks.get(source);
        if (chunks == null) {
            throw new IllegalArgumentException("unknown audio source: " + source);
        }
        return new AudioSourceCounters(chunks, audioBytes.get(source));
    }

    /** Counts one source's audio chunks and bytes. */
    public record AudioSourceCounters(Counter chunks, Counter bytes) {
        public void record(int size) {
            chunks.increment();
            bytes.increment(size);
        }
    }

    /** An authentication attempt with one of the AUTH_* outcomes. */
    public void authAttempt(String status) {
        authCounter(status).increment();
    }

    /**
     * An error response: {@code type} is the error code of the body, {@code endpoint} the route template (REST)
     * or the full method name (gRPC, e.g. {@code jarvis.ingress.v1.SessionService/StartSession}).
     */
    public void error(String type, String endpoint) {
        errorCounter(type, endpoint).increment();
    }

    /**
     * Registers the endpoint's {@code internal_error} series at 0, so that an alert on the 5xx rate has a series
     * to read before the first failure (the other error codes appear with their first occurrence).
     */
    public void knownEndpoint(String endpoint) {
        errorCounter("internal_error", endpoint);
    }

    private Counter errorCounter(String type, String endpoint) {
        return Counter.builder("ingress.errors").description("Error responses by error code and route")
                .tag("type", type).tag("endpoint", endpoint).register(registry);
    }

    private Counter authCounter(String status) {
        return Counter.builder("ingress.auth.attempts").description("Authentication attempts by outcome")
                .tag("status", status).register(registry);
    }

    private Counter audioCounter(String name, String source, String description) {
        return Counter.builder(name).description(description).tag("source", source).register(registry);
    }
}
