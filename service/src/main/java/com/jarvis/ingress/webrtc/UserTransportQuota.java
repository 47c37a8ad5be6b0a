package com.jarvis.ingress.webrtc;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many open transports each user holds on this instance, at most {@code maxPerUser}: so that one account, with
 * as many sessions as it likes, cannot take the instance's whole media capacity. A slot is a {@link Lease}, given
 * back once when its transport closes, for whatever reason.
 */
final class UserTransportQuota {
    private final int maxPerUser;
    private final ConcurrentHashMap<UUID, Integer> open = new ConcurrentHashMap<>();

    UserTransportQuota(int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be positive");
        }
        this.maxPerUser = maxPerUser;
    }

    int maxPerUser() {
        return maxPerUser;
    }

    /** A slot for one more transport of {@code user}, or null when the user holds {@code maxPerUser} already. */
    Lease tryAcquire(UUID user) {
        boolean[] granted = new boolean[1];
        open.compute(user, (u, n) -> {
            int held = n == null ? 0 : n;
            if (held >= maxPerUser) {
                return n;
            }
            granted[0] = true;
            return held + 1;
        });
        return granted[0] ? new Lease(user) : null;
    }

    /** Transports {@code user} holds now. */
    int openTransports(UUID user) {
        return open.getOrDefault(user, 0);
    }

    /** One user's slot; {@link #release()} is idempotent, so every path that ends a transport may call it. */
    final class Lease {
        private final UUID user;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(UUID user) {
            this.user = user;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                // Drop the entry at zero, so users who come and go leave nothing behind.
                open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
