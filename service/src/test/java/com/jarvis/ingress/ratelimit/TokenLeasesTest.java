package com.jarvis.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How a lease is sized, spent, expired and given back, on a hand-driven clock. */
class TokenLeasesTest {
    private static final RateLimitPolicy THOUSAND = RateLimitPolicy.perMinute("thousand", 1000);
    private final AtomicLong now = new AtomicLong();
    private final TokenLeases leases = new TokenLeases(100, now::get);

    /** Asks, then records Redis granting what was asked (with {@code redisLeft} left there). */
    private TokenLeases.Ask grant(String key, long redisLeft) {
        TokenLeases.Ask ask = leases.ask(key, THOUSAND);
        leases.granted(key, THOUSAND, ask.want(), redisLeft, 0);
        return ask;
    }

    @Test
    void anUnknownKeyAsksForOneTokenAndHoldsNone() {
        assertThat(leases.takeLocal("k")).isNull();
        assertThat(grant("k", 999)).isEqualTo(new TokenLeases.Ask(1, 0));
        assertThat(leases.takeLocal("k")).isNull();
    }

    @Test
    void aLeaseSpentWithinItsTtlDoublesUpToOneTwentiethOfTheQuota() {
        long[] wants = new long[8];
        for (int i = 0; i < wants.length; i++) {
            wants[i] = grant("k", 500).want();
            while (leases.takeLocal("k") != null) {
                // spend the lease
            }
        }
        assertThat(wants).containsExactly(1, 2, 4, 8, 16, 32, 50, 50);
    }

    @Test
    void smallQuotasGetNoLeaseSoTheirDecisionsStayExact() {
        assertThat(TokenLeases.maxLease(RateLimitPolicy.perMinute("create", 30))).isEqualTo(1);
        assertThat(TokenLeases.maxLease(RateLimitPolicy.perMinute("user", 120))).isEqualTo(6);
    }

    @Test
    void leasedTokensCountInTheRemainingAndAreSpentLocally() {
        grant("k", 900);
        TokenLeases.Ask ask = leases.ask("k", THOUSAND);
        assertThat(ask.want()).isEqualTo(2);
        ConsumptionProbe own = leases.granted("k", THOUSAND, 2, 897, 5);
        assertThat(own.getRemainingTokens()).isEqualTo(898);
        ConsumptionProbe local = leases.takeLocal("k");
        assertThat(local.isConsumed()).isTrue();
        assertThat(local.getRemainingTokens()).isEqualTo(897);
        assertThat(leases.takeLocal("k")).isNull();
    }

    @Test
    void theRemainingCountNeverShowsAFullBucketWhileRedisRefilledBesideALease() {
        grant("k", 999);
        grant("k", 997); // 1 leased here
        // Redis refilled to full meanwhile (another instance's grant reports it): 999 + 1 leased, shown as 999.
        TokenLeases.Ask ask = leases.ask("k", THOUSAND);
        assertThat(leases.granted("k", THOUSAND, ask.want(), 999, 0).getRemainingTokens()).isEqualTo(999);
    }

    @Test
    void anExpiredLeaseIsNotSpentAndItsLeftoverIsRefundedOnce() {
        grant("k", 999);
        grant("k", 997); // 2 granted: the request's own and 1 leased
        now.addAndGet(TokenLeases.TTL.toNanos());
        assertThat(leases.takeLocal("k")).as("expired").isNull();
        // Only 1 of the 2 was used within the TTL: ask for that much next time, and give the other back.
        assertThat(leases.ask("k", THOUSAND)).isEqualTo(new TokenLeases.Ask(1, 1));
        assertThat(leases.ask("k", THOUSAND).refund()).as("refunded once").isZero();
    }

    @Test
    void aTokenGivenBackIsSpentAgain() {
        grant("k", 999);
        grant("k", 997);
        assertThat(leases.takeLocal("k")).isNotNull();
        assertThat(leases.takeLocal("k")).isNull();
        leases.giveBack("k");
        assertThat(leases.takeLocal("k")).isNotNull();
    }

    @Test
    void aKeyIdleForMoreThanATtlStartsSmallAgain() {
        for (int i = 0; i < 5; i++) {
            grant("k", 500);
            while (leases.takeLocal("k") != null) {
                // spend
            }
        }
        now.addAndGet(3 * TokenLeases.TTL.toNanos());
        assertThat(leases.ask("k", THOUSAND).want()).isEqualTo(1);
    }
}
