package com.jarvis.ingress.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tokens this instance took from a shared (Redis) bucket ahead of use, so a busy key costs one Redis round trip
 * per batch instead of one per request.
 *
 * <p>How exact that stays. A lease holds at most {@code quota / 20} tokens (none beyond the request's own for
 * quotas under 40 per window, which keeps the default session-create, register and refresh limits exact) for at
 * most {@link #TTL}. Tokens leave the shared bucket before any instance admits a request with them, so the
 * instances together admit in any interval at most what an exact bucket admits over that interval plus one
 * {@link #TTL} before it: the quota plus the refill of 500 ms (quota/120 for a per-minute policy). The other error
 * is an early refusal: while another instance holds unused leased tokens, a client may be refused up to that many
 * requests before the bucket is really empty. Leases grow only with demand (one token at first, doubled each time
 * a lease is spent within its TTL), and an expired lease's unused tokens go back to Redis with the next call for
 * its key; if no call comes, they are lost, which delays the bucket being full again by at most one lease.
 */
final class TokenLeases {
    static final Duration TTL = Duration.ofMillis(500);
    /** A lease holds at most this fraction of the quota (1/20, i.e. 5 %). */
    static final long QUOTA_SHARE = 20;

    /** What the next Redis call for a key asks for: tokens to take (at least 1) and unused tokens to give back. */
    record Ask(long want, long refund) {
    }

    private final Cache<String, Lease> leases;
    private final LongSupplier nanoTime;
    private final long ttlNanos;

    TokenLeases(long maxKeys, LongSupplier nanoTime) {
        this.leases = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(1)).build();
        this.nanoTime = nanoTime;
        this.ttlNanos = TTL.toNanos();
    }

    /** The largest lease for a policy: 1 (no lease beyond the request's own token) for quotas under 40. */
    static long maxLease(RateLimitPolicy policy) {
        return Math.max(1, policy.quota() / QUOTA_SHARE);
    }

    /** Spends one leased token of {@code key}, or answers null when this instance holds none that are current. */
    ConsumptionProbe takeLocal(String key) {
        Lease lease = leases.getIfPresent(key);
        return lease == null ? null : lease.take(nanoTime.getAsLong());
    }

    /** Puts back a token {@link #takeLocal} spent for a request that a later bucket refused. */
    void giveBack(String key) {
        Lease lease = leases.getIfPresent(key);
        if (lease != null) {
            lease.giveBack();
        }
    }

    /** What to ask Redis for, for a request that found no current leased token; hands over an expired leftover. */
    Ask ask(String key, RateLimitPolicy policy) {
        Lease lease = leases.getIfPresent(key);
        return lease == null ? new Ask(1, 0) : lease.ask(nanoTime.getAsLong(), maxLease(policy), ttlNanos);
    }

    /**
     * Records what Redis granted: one token is the request's own, the rest become this instance's lease. Returns the
     * probe for the request, whose remaining count adds the leased tokens to what Redis has left.
     */
    ConsumptionProbe granted(String key, RateLimitPolicy policy, long granted, long redisRemaining,
                             long nanosToFull) {
        Lease lease = leases.get(key, k -> new Lease());
        long local = lease.add(granted - 1, redisRemaining, nanosToFull, nanoTime.getAsLong() + ttlNanos,
                policy.quota());
        return ConsumptionProbe.consumed(remaining(redisRemaining, local, policy.quota()), nanosToFull);
    }

    /**
     * What the RateLimit header shows as left: Redis's count plus the lease here, but never a full bucket after a
     * request (Redis refills while a lease is out, so the sum can pass the quota for up to one TTL).
     */
    private static long remaining(long redisRemaining, long leased, long quota) {
        return Math.min(quota - 1, redisRemaining + leased);
    }

    /** One key's lease. Small critical sections only; never held across a Redis call. */
    private static final class Lease {
        private long tokens;
        private long expiresAt;
        private long redisRemaining;
        private long nanosToFull;
        /** Tokens taken by the last grant (the request's own included), for sizing the next. */
        private long lastGrant = 1;
        private long quota = Long.MAX_VALUE;

        synchronized ConsumptionProbe take(long now) {
            if (tokens <= 0 || now - expiresAt >= 0) {
                return null;
            }
            tokens--;
            return ConsumptionProbe.consumed(remaining(redisRemaining, tokens, quota), nanosToFull);
        }

        synchronized void giveBack() {
            tokens++;
        }

        synchronized Ask ask(long now, long max, long ttl) {
            boolean expired = now - expiresAt >= 0;
            long refund = expired ? tokens : 0;
            long want;
            if (now - expiresAt > ttl) {
                want = 1; // idle for a while: start small again
            } else if (tokens > 0 && expired) {
                want = lastGrant - tokens; // what was used within the TTL
            } else if (!expired) {
                want = lastGrant * 2; // spent before it expired: demand outgrew the lease
            } else {
                want = lastGrant;
            }
            if (expired) {
                tokens = 0;
            }
            return new Ask(Math.max(1, Math.min(max, want)), refund);
        }

        synchronized long add(long extra, long remaining, long toFull, long until, long quota) {
            this.quota = quota;
            tokens += extra;
            lastGrant = extra + 1;
            redisRemaining = remaining;
            nanosToFull = toFull;
            expiresAt = until;
            return tokens;
        }
    }
}
