package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Per-user transport slots: refused at the cap, given back once per lease, nothing kept for users at zero. */
class UserTransportQuotaTest {
    private final UserTransportQuota quota = new UserTransportQuota(2);
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void eachUserHasTheirOwnCap() {
        UserTransportQuota.Lease first = quota.tryAcquire(alice);
        assertThat(first).isNotNull();
        assertThat(quota.tryAcquire(alice)).isNotNull();
        assertThat(quota.tryAcquire(alice)).isNull();
        assertThat(quota.tryAcquire(bob)).isNotNull();
        first.release();
        assertThat(quota.tryAcquire(alice)).isNotNull();
        assertThat(quota.openTransports(alice)).isEqualTo(2);
    }

    @Test
    void releasingTwiceGivesBackOneSlot() {
        UserTransportQuota.Lease lease = quota.tryAcquire(alice);
        UserTransportQuota.Lease other = quota.tryAcquire(alice);
        lease.release();
        lease.release();
        assertThat(quota.openTransports(alice)).isOne();
        other.release();
        assertThat(quota.openTransports(alice)).isZero();
    }
}
