package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.SessionStatus;
import com.jarvis.ingress.support.IntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two relays on this machine's Redis, as two instances. A session watched here twice (its event watchers and its
 * media) stays subscribed until both have let go: the first unwatch must not cut the other's events.
 */
class RedisEventRelayIT {

    private static RedisEventRelay relay(String origin) {
        return new RedisEventRelay(IntegrationTest.REDIS_URL, origin, JsonMapper.builder().build(),
                new SimpleMeterRegistry());
    }

    @Test
    void aSessionWatchedTwiceStaysWatchedUntilTheLastUnwatch() throws Exception {
        UUID session = UUID.randomUUID();
        BlockingQueue<SessionEvent> here = new LinkedBlockingQueue<>();
        try (RedisEventRelay a = relay("a-" + UUID.randomUUID()); RedisEventRelay b = relay("b-" + UUID.randomUUID())) {
            a.start(here::add);
            b.start(e -> { });
            a.watch(session); // the session's event watchers
            a.watch(session); // its media
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            SessionEvent first = null;
            while (first == null && System.nanoTime() < deadline) { // until both relays are connected
                a.awaitWatching(session);
                b.publish(new SessionEvent.State(session, SessionStatus.ACTIVE, Instant.now()));
                first = here.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(first).isNotNull();
            Thread.sleep(300);
            here.clear();

            a.unwatch(session); // the watchers leave; the media still wants the session's close
            b.publish(new SessionEvent.State(session, SessionStatus.ENDED, Instant.now()));
            SessionEvent ended = here.poll(5, TimeUnit.SECONDS);
            assertThat(ended).isInstanceOfSatisfying(SessionEvent.State.class,
                    s -> assertThat(s.status()).isEqualTo(SessionStatus.ENDED));

            a.unwatch(session); // the last one: no longer subscribed
            a.unwatch(session); // one too many changes nothing
            Thread.sleep(300);
            b.publish(new SessionEvent.State(session, SessionStatus.EXPIRED, Instant.now()));
            assertThat(here.poll(1, TimeUnit.SECONDS)).isNull();
        }
    }
}
