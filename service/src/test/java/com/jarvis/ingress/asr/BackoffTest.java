package com.jarvis.ingress.asr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleUpToTheCapWithHalfOfEachRandom() {
        Backoff low = new Backoff(100, 5000, () -> 0.0);
        Backoff high = new Backoff(100, 5000, () -> 0.999999);
        List<Long> lows = new ArrayList<>();
        List<Long> highs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lows.add(low.nextDelayMs());
            highs.add(high.nextDelayMs());
        }
        assertThat(lows).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 2500L, 2500L, 2500L, 2500L);
        assertThat(highs).containsExactly(99L, 199L, 399L, 799L, 1599L, 3199L, 4999L, 4999L, 4999L, 4999L);
    }

    @Test
    void jitterSpreadsSessionsThatFailTogether() {
        Random r = new Random(1);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            Backoff b = new Backoff(100, 5000, r::nextDouble);
            for (int k = 0; k < 5; k++) {
                b.nextDelayMs();
            }
            long d = b.nextDelayMs(); // base 3200
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isBetween(1600L, 1800L);
        assertThat(max).isBetween(3000L, 3200L);
    }

    @Test
    void resetStartsOverAndManyAttemptsNeverOverflow() {
        Backoff b = new Backoff(100, 5000, () -> 0.0);
        for (int i = 0; i < 100; i++) {
            assertThat(b.nextDelayMs()).isBetween(50L, 5000L);
        }
        b.reset();
        assertThat(b.attempts()).isZero();
        assertThat(b.nextDelayMs()).isEqualTo(50L);
    }
}
