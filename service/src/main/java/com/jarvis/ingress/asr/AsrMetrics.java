package com.jarvis.ingress.asr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The ingress_asr_* metrics, registered at start-up (at 0 while forwarding is off): frames and bytes sent,
 * reconnects, dropped frames by reason, dropped transcript events, open streams, and the delay from a frame being
 * complete (its last packet's arrival) to it being handed to the gateway stream.
 */
@Component
public class AsrMetrics {
    /** Why frames never reached the gateway (label {@code reason} of ingress_asr_frames_dropped_total). */
    public enum DropReason {
        /** The session's buffer was full (gateway slow or away): the oldest frames went. */
        buffer_full,
        /** Written to a stream that failed within a second after: possibly never read by the gateway. */
        stream_failed,
        /** More sessions than ASR_MAX_SESSIONS were forwarding. */
        session_limit,
        /** The session ended and its buffer could not be delivered within the drain timeout, or shutdown. */
        abandoned,
        /** An Opus packet too large for a frame. */
        oversize
    }

    private final Counter framesSent;
    private final Counter bytesSent;
    private final Counter reconnects;
    private final Counter eventsDropped;
    private final Counter eventsReceived;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Timer sendDelay;

    public AsrMetrics(MeterRegistry registry) {
        framesSent = Counter.builder("ingress.asr.frames.sent").description("Audio frames handed to the ASR gateway")
                .register(registry);
        bytesSent = Counter.builder("ingress.asr.bytes.sent").description("Audio payload bytes sent to the ASR gateway")
                .register(registry);
        reconnects = Counter.builder("ingress.asr.reconnects")
                .description("ASR gateway streams reopened after a failure").register(registry);
        eventsReceived = Counter.builder("ingress.asr.events.received")
                .description("Recognition events received from the ASR gateway").register(registry);
        eventsDropped = Counter.builder("ingress.asr.events.dropped")
                .description("Recognition events dropped because the transcript queue was full").register(registry);
        for (DropReason r : DropReason.values()) {
            dropped.put(r, Counter.builder("ingress.asr.frames.dropped")
                    .description("Audio frames that never reached the ASR gateway, by reason")
                    .tag("reason", r.name()).register(registry));
        }
        Gauge.builder("ingress.asr.streams.open", openStreams, AtomicInteger::get)
                .description("ASR gateway streams open now").register(registry);
        sendDelay = Timer.builder("ingress.asr.send.delay")
                .description("From a frame being complete (its last packet's arrival) to it leaving for the gateway")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void sent(int bytes, long delayNanos) {
        framesSent.increment();
        bytesSent.increment(bytes);
        sendDelay.record(Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    void dropped(DropReason reason, int frames) {
        if (frames > 0) {
            dropped.get(reason).increment(frames);
        }
    }

    void reconnect() {
        reconnects.increment();
    }

    void eventReceived() {
        eventsReceived.increment();
    }

    void eventDropped() {
        eventsDropped.increment();
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    /** For tests and benchmarks. */
    public double droppedFrames() {
        return dropped.values().stream().mapToDouble(Counter::count).sum();
    }

    public double droppedFrames(DropReason reason) {
        return dropped.get(reason).count();
    }

    public double framesSent() {
        return framesSent.count();
    }

    public double reconnects() {
        return reconnects.count();
    }

    public int openStreams() {
        return openStreams.get();
    }

    public Timer sendDelay() {
        return sendDelay;
    }
}
