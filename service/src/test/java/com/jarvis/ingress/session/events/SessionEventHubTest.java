package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.session.SessionStatus;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.support.Poll;
import com.jarvis.ingress.error.ServiceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's fan-out on its real writer threads, with a recording sink in place of SSE / gRPC. */
class SessionEventHubTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.000Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SessionEventHub hub;

    /** Records what it is given; {@code ready} plays gRPC flow control. */
    static class RecordingSink implements EventSink {
        final List<String> written = new ArrayList<>();
        volatile boolean ready = true;
        volatile int heartbeats;
        volatile String ended;

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public synchronized void send(SessionEvent event) {
            written.add(event instanceof SessionEvent.State s ? "state:" + s.status().wire()
                    : "text:" + ((SessionEvent.Heard) event).transcript().text());
        }

        @Override
        public void heartbeat() {
            heartbeats++;
        }

        @Override
        public void complete() {
            ended = "complete";
        }

        @Override
        public void abort(String reason) {
            ended = "abort:" + reason;
        }

        synchronized List<String> written() {
            return List.copyOf(written);
        }
    }

    private SessionEventHub hub(int perUser, int total, int queue) {
        hub = new SessionEventHub(new EventsConfig(perUser, total, queue, Duration.ofHours(1)), id -> Optional.empty(),
                registry);
        return hub;
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.shutdown();
        }
    }

    private static SessionEvent.State state(UUID id, SessionStatus status) {
        return new SessionEvent.State(id, status, T0);
    }

    private static Transcript heard(String text, boolean isFinal, Instant at) {
        return new Transcript(text, isFinal, 0.9f, at);
    }


    private double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    @Test
    void deliversSnapshotThenLiveEventsInPublishOrderAndCompletesAfterTheClosingState() throws Exception {
        hub(4, 10, 100);
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(user, session, sink);
        s.start(List.of(state(session, SessionStatus.PENDING)), Set.of());
        hub.stateChanged(session, SessionStatus.ACTIVE, T0);
        for (int i = 0; i < 50; i++) {
            hub.transcript(session, heard("t" + i, i % 2 == 0, T0.plusMillis(i)));
        }
        hub.stateChanged(session, SessionStatus.ENDED, T0);
        hub.transcript(session, heard("after the end", true, T0));
        Poll.until(() -> sink.ended != null, "sink.ended != null");

        List<String> expected = new ArrayList<>(List.of("state:pending", "state:active"));
        for (int i = 0; i < 50; i++) {
            expected.add("text:t" + i);
        }
        expected.add("state:ended");
        assertThat(sink.written()).containsExactlyElementsOf(expected);
        assertThat(sink.ended).isEqualTo("complete");
        assertThat(hub.watchers()).isZero();
        assertThat(hub.watchers(user)).isZero();
        assertThat(counter("ingress.session.events.sent", "type", "transcript")).isEqualTo(50);
    }

    @Test
    void eventsPublishedBeforeTheSnapshotAreKeptUnlessTheSnapshotShowsThem() throws Exception {
        hub(4, 10, 100);
        UUID session = UUID.randomUUID();
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(UUID.randomUUID(), session, sink);
        Transcript stored = heard("already stored", true, T0.plusMillis(1));
        hub.stateChanged(session, SessionStatus.ACTIVE, T0);
        hub.transcript(session, stored);
        hub.transcript(session, heard("interim", false, T0.plusMillis(2)));
        // The snapshot was read after both changes were stored.
        s.start(List.of(state(session, SessionStatus.ACTIVE), new SessionEvent.Heard(session, stored)),
                Set.of(SessionSnapshot.key(stored)));
        hub.transcript(session, heard("live", true, T0.plusMillis(3)));
        Poll.until(() -> sink.written().size() >= 4, "sink.written().size() >= 4");
        Thread.sleep(50);
        assertThat(sink.written()).containsExactly("state:active", "text:already stored", "text:interim", "text:live");
    }

    @Test
    void aClosedSnapshotEndsTheStreamAfterTheTranscriptSoFar() throws Exception {
        hub(4, 10, 100);
        UUID session = UUID.randomUUID();
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(UUID.randomUUID(), session, sink);
        s.start(List.of(state(session, SessionStatus.EXPIRED),
                new SessionEvent.Heard(session, heard("bye", true, T0))), Set.of());
        Poll.until(() -> sink.ended != null, "sink.ended != null");
        assertThat(sink.written()).containsExactly("state:expired", "text:bye");
        assertThat(hub.watchers()).isZero();
    }

    @Test
    void statusesOnlyMoveForwardSoAStaleReReadIsIgnored() throws Exception {
        hub(4, 10, 100);
        UUID session = UUID.randomUUID();
        RecordingSink sink = new RecordingSink();
        hub.subscribe(UUID.randomUUID(), session, sink).start(List.of(state(session, SessionStatus.PENDING)), Set.of());
        hub.stateChanged(session, SessionStatus.ACTIVE, T0);
        hub.stateChanged(session, SessionStatus.ACTIVE, T0);
        hub.stateChanged(session, SessionStatus.PENDING, T0);
        hub.stateChanged(session, SessionStatus.EXPIRED, T0);
        Poll.until(() -> sink.ended != null, "sink.ended != null");
        assertThat(sink.written()).containsExactly("state:pending", "state:active", "state:expired");
    }

    @Test
    void aLaggingWatcherKeepsOnlyTheNewestEventsButNeverLosesTheEnd() throws Exception {
        hub(4, 10, 3);
        UUID session = UUID.randomUUID();
        RecordingSink sink = new RecordingSink();
        Subscription s = hub.subscribe(UUID.randomUUID(), session, sink);
        s.start(List.of(state(session, SessionStatus.ACTIVE)), Set.of());
        Poll.until(() -> sink.written().size() == 1, "sink.written().size() == 1");
        sink.ready = false; // the client stopped reading
        for (int i = 0; i < 10; i++) {
            hub.transcript(session, heard("t" + i, false, T0));
        }
        hub.stateChanged(session, SessionStatus.ENDED, T0);
        assertThat(s.queued()).isLessThanOrEqualTo(3 + 1);
        assertThat(counter("ingress.session.events.dropped", "reason", "queue_full")).isEqualTo(8);
        sink.ready = true;
        s.wake();
        Poll.until(() -> sink.ended != null, "sink.ended != null");
        assertThat(sink.written()).containsExactly("state:active", "text:t8", "text:t9", "state:ended");
    }

    @Test
    void capsPerUserAndPerInstanceRefuseAndReleasingFreesThePlace() {
        hub(2, 3, 10);
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Subscription a1 = hub.subscribe(alice, UUID.randomUUID(), new RecordingSink());
        hub.subscribe(alice, UUID.randomUUID(), new RecordingSink());
        assertThatThrownBy(() -> hub.subscribe(alice, UUID.randomUUID(), new RecordingSink()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.TOO_MANY_REQUESTS);
                    assertThat(e.code()).isEqualTo("too_many_watchers");
                });
        hub.subscribe(bob, UUID.randomUUID(), new RecordingSink());
        assertThatThrownBy(() -> hub.subscribe(bob, UUID.randomUUID(), new RecordingSink()))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE);
                    assertThat(e.code()).isEqualTo("watchers_unavailable");
                });
        assertThat(hub.watchers()).isEqualTo(3);
        assertThat(counter("ingress.session.watchers.refused", "reason", "user_limit")).isEqualTo(1);
        assertThat(counter("ingress.session.watchers.refused", "reason", "instance_limit")).isEqualTo(1);

        a1.release();
        a1.release(); // idempotent
        assertThat(hub.watchers()).isEqualTo(2);
        assertThat(hub.watchers(alice)).isEqualTo(1);
        hub.subscribe(alice, UUID.randomUUID(), new RecordingSink());
        assertThat(registry.get("ingress.session.watchers").gauge().value()).isEqualTo(3);
    }

    @Test
    void aReleasedWatcherGetsNothingMore() throws Exception {
        hub(4, 10, 10);
        UUID session = UUID.randomUUID();
        RecordingSink gone = new RecordingSink();
        RecordingSink staying = new RecordingSink();
        Subscription s = hub.subscribe(UUID.randomUUID(), session, gone);
        s.start(List.of(state(session, SessionStatus.ACTIVE)), Set.of());
        hub.subscribe(UUID.randomUUID(), session, staying).start(List.of(state(session, SessionStatus.ACTIVE)), Set.of());
        Poll.until(() -> gone.written().size() == 1, "gone.written().size() == 1");
        s.release();
        hub.transcript(session, heard("only for the one staying", true, T0));
        Poll.until(() -> staying.written().size() == 2, "staying.written().size() == 2");
        assertThat(gone.written()).containsExactly("state:active");
        assertThat(gone.ended).isNull();
        assertThat(hub.watchers()).isEqualTo(1);
    }

    @Test
    void aFailingWriteReleasesTheWatcher() throws Exception {
        hub(4, 10, 10);
        UUID session = UUID.randomUUID();
        RecordingSink broken = new RecordingSink() {
            @Override
            public synchronized void send(SessionEvent event) {
                throw new IllegalStateException("connection reset");
            }
        };
        hub.subscribe(UUID.randomUUID(), session, broken).start(List.of(state(session, SessionStatus.ACTIVE)), Set.of());
        Poll.until(() -> hub.watchers() == 0, "hub.watchers() == 0");
    }

    @Test
    void heartbeatsGoOnlyToIdleStartedStreamsAndShutdownAbortsEveryStream() throws Exception {
        hub(4, 10, 10);
        UUID session = UUID.randomUUID();
        RecordingSink started = new RecordingSink();
        RecordingSink notStarted = new RecordingSink();
        hub.subscribe(UUID.randomUUID(), session, started).start(List.of(state(session, SessionStatus.ACTIVE)), Set.of());
        hub.subscribe(UUID.randomUUID(), session, notStarted);
        Poll.until(() -> started.written().size() == 1, "started.written().size() == 1");
        hub.heartbeats();
        Poll.until(() -> started.heartbeats == 1, "started.heartbeats == 1");
        assertThat(notStarted.heartbeats).isZero();

        hub.shutdown();
        Poll.until(() -> started.ended != null && notStarted.ended != null, "started.ended != null && notStarted.ended != null");
        assertThat(started.ended).isEqualTo("abort:shutting_down");
        assertThat(hub.watchers()).isZero();
        assertThatThrownBy(() -> hub.subscribe(UUID.randomUUID(), session, new RecordingSink()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE));
    }

    @Test
    void theSnapshotDoesNotCountAgainstTheLiveBound() throws Exception {
        hub(4, 10, 2);
        UUID session = UUID.randomUUID();
        RecordingSink sink = new RecordingSink();
        sink.ready = false;
        Subscription s = hub.subscribe(UUID.randomUUID(), session, sink);
        List<SessionEvent> snapshot = new ArrayList<>(List.of(state(session, SessionStatus.ACTIVE)));
        for (int i = 0; i < 5; i++) {
            snapshot.add(new SessionEvent.Heard(session, heard("s" + i, true, T0.plusMillis(i))));
        }
        s.start(snapshot, Set.of());
        for (int i = 0; i < 4; i++) {
            hub.transcript(session, heard("l" + i, false, T0));
        }
        sink.ready = true;
        s.wake();
        Poll.until(() -> sink.written().size() == 8, "sink.written().size() == 8");
        assertThat(sink.written()).containsExactly("state:active", "text:s0", "text:s1", "text:s2", "text:s3",
                "text:s4", "text:l2", "text:l3");
        assertThat(counter("ingress.session.events.dropped", "reason", "queue_full")).isEqualTo(2);
    }
}
