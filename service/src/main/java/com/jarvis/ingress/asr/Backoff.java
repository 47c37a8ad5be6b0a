package com.jarvis.ingress.asr;

import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code initialMs}, capped at {@code maxMs}, with "equal jitter" (half the
 * delay fixed, half random) so that many sessions losing the same gateway do not reconnect in lockstep.
 * Used by one thread.
 */
final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int attempt;

    Backoff(long initialMs, long maxMs, DoubleSupplier random) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("need 1 <= initialMs <= maxMs");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the base, up to the cap. */
    long nextDelayMs() {
        long base = attempt >= 30 ? maxMs : Math.min(maxMs, initialMs << attempt);
        attempt++;
        long half = base / 2;
        return half + (long) (random.getAsDouble() * (base - half));
    }

    void reset() {
        attempt = 0;
    }

    int attempts() {
        return attempt;
    }
}
