package com.jarvis.ingress.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread (or the server) does; fails the test naming it when it does not happen. */
public final class Poll {
    private Poll() {
    }

    public static void until(BooleanSupplier condition, String what) {
        until(condition, what, Duration.ofSeconds(20));
    }

    public static void until(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
