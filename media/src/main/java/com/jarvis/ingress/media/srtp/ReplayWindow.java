package com.jarvis.ingress.media.srtp;

/**
 * A sliding replay window over packet indices (RFC 3711 section 3.3.2), 1024 packets wide. The bitmap is a ring
 * indexed by {@code index mod 1024}; it also remembers the highest index, which is what ROC estimation needs.
 */
final class ReplayWindow {
    static final int SIZE = 1024;

    private final long[] bits = new long[SIZE / 64];
    private long highest = -1;

    /** Highest accepted index, or -1 before the first packet. */
    long highest() {
        return highest;
    }

    /** True when {@code index} was already accepted or is too old to tell. */
    boolean isReplay(long index) {
        if (highest < 0 || index > highest) {
            return false;
        }
        if (highest - index >= SIZE) {
            return true;
        }
        int bit = (int) (index & (SIZE - 1));
        return (bits[bit >>> 6] & (1L << bit)) != 0;
    }

    /** Records an authenticated packet. */
    void accept(long index) {
        if (index > highest) {
            long delta = highest < 0 ? SIZE : index - highest;
            if (delta >= SIZE) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    int bit = (int) (i & (SIZE - 1));
                    bits[bit >>> 6] &= ~(1L << bit);
                }
            }
            highest = index;
        }
        int bit = (int) (index & (SIZE - 1));
        bits[bit >>> 6] |= 1L << bit;
    }
}
