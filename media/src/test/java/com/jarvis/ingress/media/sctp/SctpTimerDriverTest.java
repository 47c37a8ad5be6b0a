package com.jarvis.ingress.media.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SctpTimerDriverTest {

    @Test
    void retransmitsALostInitOnTheSharedScheduler() throws Exception {
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        try {
            SctpTimerDriver driver = new SctpTimerDriver(ses, System::currentTimeMillis);
            ConcurrentLinkedQueue<byte[]> toServer = new ConcurrentLinkedQueue<>();
            SctpConfig fast = new SctpConfig(5000, 5000, 1200, 16, 16, 262144, 1_310_720, 1_310_720, 16384, 50,
                    20, 1000, 60_000, 20, 10, 8);
            AtomicReference<SctpAssociation> server = new AtomicReference<>();
            CountDownLatch established = new CountDownLatch(1);
            boolean[] dropFirst = {true};
            SctpAssociation client = new SctpAssociation(fast, TestLink.SECRET, (b, o, l) -> {
                if (dropFirst[0]) {
                    dropFirst[0] = false; // the first INIT is lost: only the T1 timer can recover
                    return;
                }
                toServer.add(Arrays.copyOfRange(b, o, o + l));
            }, new SctpAssociationListener() {
                @Override
                public void onStateChanged(SctpState state) {
                    if (state == SctpState.ESTABLISHED) {
                        established.countDown();
                    }
                }
            }, System::currentTimeMillis);
            server.set(new SctpAssociation(fast, TestLink.SECRET,
                    (b, o, l) -> {
                        byte[] copy = Arrays.copyOfRange(b, o, o + l);
                        ses.execute(() -> {
                            client.onPacket(copy, 0, copy.length);
                            driver.kick(client);
                        });
                    }, new SctpAssociationListener() { }, System::currentTimeMillis));
            client.connect();
            driver.kick(client);
            long deadline = System.currentTimeMillis() + 5000;
            while (established.getCount() > 0 && System.currentTimeMillis() < deadline) {
                byte[] p = toServer.poll();
                if (p != null) {
                    ses.execute(() -> server.get().onPacket(p, 0, p.length));
                } else {
                    Thread.sleep(2);
                }
            }
            assertThat(established.await(1, TimeUnit.SECONDS)).isTrue();
            assertThat(server.get().state()).isEqualTo(SctpState.ESTABLISHED);
        } finally {
            ses.shutdownNow();
        }
    }

    @Test
    void aTimerReArmedFromItsOwnFiringKeepsFiring() throws Exception {
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor();
        try {
            SctpTimerDriver driver = new SctpTimerDriver(ses, System::currentTimeMillis);
            SctpConfig fast = new SctpConfig(5000, 5000, 1200, 16, 16, 262144, 1_310_720, 1_310_720, 16384, 10,
                    10, 40, 60_000, 20, 10, 8);
            java.util.concurrent.atomic.AtomicInteger inits = new java.util.concurrent.atomic.AtomicInteger();
            // Every INIT is lost: each T1 expiry re-arms T1 from inside the timer task, and only the driver can
            // run the next one. Before the fix the second expiry never came.
            SctpAssociation client = new SctpAssociation(fast, TestLink.SECRET, (b, o, l) -> inits.incrementAndGet(),
                    new SctpAssociationListener() { }, System::currentTimeMillis);
            client.connect();
            driver.kick(client);
            long deadline = System.currentTimeMillis() + 5000;
            while (inits.get() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(inits.get()).isGreaterThanOrEqualTo(4);
        } finally {
            ses.shutdownNow();
        }
    }
}
