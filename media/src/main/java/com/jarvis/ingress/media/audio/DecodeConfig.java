package com.jarvis.ingress.media.audio;

import java.util.Objects;

/**
 * How a server decodes RTP audio.
 *
 * @param implementation which Opus decoder ({@code OPUS_DECODER})
 * @param threads        threads of the {@link DecodePool} shared by all streams
 * @param queuePackets   packets a stream may have waiting for decoding; more are dropped and counted
 */
public record DecodeConfig(OpusImplementation implementation, int threads, int queuePackets) {
    /** 50 packets: one second of 20 ms audio. */
    public static final int DEFAULT_QUEUE_PACKETS = 50;
    public static final int MAX_THREADS = 64;
    public static final int MAX_QUEUE_PACKETS = 1_000;

    public DecodeConfig {
        Objects.requireNonNull(implementation, "implementation");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("decode threads must be 1-" + MAX_THREADS);
        }
        if (queuePackets < 1 || queuePackets > MAX_QUEUE_PACKETS) {
            throw new IllegalArgumentException("decode queue must be 1-" + MAX_QUEUE_PACKETS + " packets");
        }
    }

    /** {@code auto}, one thread per available processor (at most {@link #MAX_THREADS}), 50 packets per stream. */
    public static DecodeConfig defaults() {
        return new DecodeConfig(OpusImplementation.AUTO, defaultThreads(), DEFAULT_QUEUE_PACKETS);
    }

    public static int defaultThreads() {
        return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    }

    public DecodeConfig withImplementation(OpusImplementation i) {
        return new DecodeConfig(i, threads, queuePackets);
    }
}
