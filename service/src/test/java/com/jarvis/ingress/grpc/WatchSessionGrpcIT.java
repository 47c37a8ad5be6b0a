package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.v1.SessionEvent;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.grpc.v1.SessionStatus;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.grpc.v1.StopSessionRequest;
import com.jarvis.ingress.grpc.v1.WatchSessionRequest;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.support.Poll;
import com.jarvis.ingress.session.events.SessionEventHub;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.TestDevice;
import io.grpc.Metadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** WatchSession over the network: the same events, order, errors and caps as the SSE endpoint. */
class WatchSessionGrpcIT extends GrpcIntegrationTest {
    @Autowired
    SessionService sessions;
    @Autowired
    SessionEventHub hub;
    @Autowired
    MeterRegistry registry;


    /** A WatchSession call read as it arrives: events in a queue, then its final status; cancellable. */
    static class Watch implements ClientResponseObserver<WatchSessionRequest, SessionEvent> {
        final BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Status> end = new LinkedBlockingQueue<>();
        volatile ClientCallStreamObserver<WatchSessionRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchSessionRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(SessionEvent value) {
            events.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.add(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.add(Status.OK);
        }

        SessionEvent next() throws InterruptedException {
            SessionEvent e = events.poll(20, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 20 s; end: " + end.peek());
            }
            return e;
        }

        Status awaitEnd() throws InterruptedException {
            Status s = end.poll(20, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("the call is still open after 20 s");
            }
            return s;
        }

        void cancel() {
            call.cancel("client done", null);
        }
    }


    private Watch watch(String token, String sessionId) {
        return watch(token, sessionId, new Watch());
    }

    private <W extends Watch> W watch(String token, String sessionId, W w) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        SessionServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .watchSession(WatchSessionRequest.newBuilder().setSessionId(sessionId).build(), w);
        return w;
    }

    private String start(String token) {
        return sessions(token).startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
    }

    private static void assertState(SessionEvent e, String sessionId, SessionStatus status) {
        assertThat(e.getSessionId()).isEqualTo(sessionId);
        assertThat(e.getEventCase()).isEqualTo(SessionEvent.EventCase.STATE);
        assertThat(e.getState().getStatus()).isEqualTo(status);
        assertThat(e.getState().hasAt()).isTrue();
    }

    private static void assertTranscript(SessionEvent e, String text, boolean isFinal, float confidence) {
        assertThat(e.getEventCase()).isEqualTo(SessionEvent.EventCase.TRANSCRIPT);
        assertThat(e.getTranscript().getText()).isEqualTo(text);
        assertThat(e.getTranscript().getIsFinal()).isEqualTo(isFinal);
        assertThat(e.getTranscript().getConfidence()).isEqualTo(confidence);
    }

    private static Transcript heard(String text, boolean isFinal, float confidence) {
        return new Transcript(text, isFinal, confidence, Instant.now());
    }


    @Test
    void aWatcherReceivesStateChangesAndTranscriptsInOrderAndTheCallCompletesWhenTheSessionStops() throws Exception {
        TestDevice d = TestDevice.register(api);
        String id = start(d.token());
        UUID sid = UUID.fromString(id);
        Watch w = watch(d.token(), id);
        assertState(w.next(), id, SessionStatus.SESSION_STATUS_PENDING);

        sessions.markActive(sid);
        sessions.recordTranscript(sid, heard("play", false, 0.25f));
        sessions.recordTranscript(sid, heard("play some jazz", true, 0.875f));
        assertState(w.next(), id, SessionStatus.SESSION_STATUS_ACTIVE);
        assertTranscript(w.next(), "play", false, 0.25f);
        assertTranscript(w.next(), "play some jazz", true, 0.875f);

        sessions(d.token()).stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
        assertState(w.next(), id, SessionStatus.SESSION_STATUS_ENDED);
        assertThat(w.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(w.events).isEmpty();
        Poll.until(() -> hub.watchers(d.userId()) == 0, "the watcher's place is freed");
    }

    @Test
    void aLateWatcherFirstGetsTheCurrentStateAndTheTranscriptSoFar() throws Exception {
        TestDevice d = TestDevice.register(api);
        String id = start(d.token());
        UUID sid = UUID.fromString(id);
        sessions.markActive(sid);
        sessions.recordTranscript(sid, heard("set a timer", true, 0.9f));
        sessions.recordTranscript(sid, heard("for ten", false, 0.5f));
        sessions.recordTranscript(sid, heard("for ten minutes", true, 0.75f));
        Watch w = watch(d.token(), id);
        assertState(w.next(), id, SessionStatus.SESSION_STATUS_ACTIVE);
        assertTranscript(w.next(), "set a timer", true, 0.9f);
        assertTranscript(w.next(), "for ten minutes", true, 0.75f);
        sessions.recordTranscript(sid, heard("started", true, 1f));
        assertTranscript(w.next(), "started", true, 1f);
        w.cancel();
        Poll.until(() -> hub.watchers(d.userId()) == 0, "the cancelled watcher is released");
    }

    @Test
    void unknownAndForeignIdsAreNotFoundMalformedOnesInvalid() throws Exception {
        TestDevice owner = TestDevice.register(api);
        TestDevice stranger = TestDevice.register(api);
        String id = start(owner.token());
        for (String target : List.of(id, UUID.randomUUID().toString())) {
            Watch w = watch(stranger.token(), target);
            Status s = w.awaitEnd();
            assertThat(s.getCode()).as(target).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(s.getDescription()).isEqualTo("Session not found");
            assertThat(w.events).isEmpty();
        }
        // Like every other RPC: a malformed id is a bad argument naming the field.
        for (String target : List.of("not-a-uuid", "")) {
            Watch w = watch(stranger.token(), target);
            Status s = w.awaitEnd();
            assertThat(s.getCode()).as(target).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(s.getDescription()).startsWith("session_id:");
            assertThat(w.events).isEmpty();
        }
        assertThat(hub.watchers(stranger.userId())).isZero();
    }

    @Test
    void aUserBeyondTheWatcherCapIsRefusedWithResourceExhaustedUntilACallIsCancelled() throws Exception {
        TestDevice d = TestDevice.register(api);
        List<Watch> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Watch w = watch(d.token(), start(d.token()));
            w.next();
            open.add(w);
        }
        String extra = start(d.token());
        Status refused = watch(d.token(), extra).awaitEnd();
        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getDescription()).contains("at a time");

        open.get(0).cancel();
        Poll.until(() -> hub.watchers(d.userId()) == 3, "the cancelled call frees its place");
        Watch admitted = watch(d.token(), extra);
        assertState(admitted.next(), extra, SessionStatus.SESSION_STATUS_PENDING);
        admitted.cancel();
        open.forEach(Watch::cancel);
        Poll.until(() -> hub.watchers(d.userId()) == 0, "every place is freed");
    }

    /** Reads only what it asks for: a device that stopped reading. */
    static final class StalledWatch extends Watch {
        @Override
        public void beforeStart(ClientCallStreamObserver<WatchSessionRequest> requestStream) {
            super.beforeStart(requestStream);
            requestStream.disableAutoRequestWithInitial(1);
        }
    }

    @Test
    void aClientThatStopsReadingKeepsTheNewestEventsAndTheEndWhileTheOldestAreDroppedAndCounted() throws Exception {
        TestDevice d = TestDevice.register(api);
        String id = start(d.token());
        UUID sid = UUID.fromString(id);
        StalledWatch w = watch(d.token(), id, new StalledWatch());
        assertState(w.next(), id, SessionStatus.SESSION_STATUS_PENDING);
        double droppedBefore = registry.get("ingress.session.events.dropped").tag("reason", "queue_full").counter().count();

        // Far more than the transport's buffers (HTTP/2 window, ~1 MiB) plus SESSION_EVENTS_QUEUE (256) can hold.
        String filler = "x".repeat(2000);
        int sent = 1500;
        for (int i = 0; i < sent; i++) {
            sessions.recordTranscript(sid, heard(i + " " + filler, false, 0.5f));
        }
        sessions(d.token()).stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
        double dropped = registry.get("ingress.session.events.dropped").tag("reason", "queue_full").counter().count()
                - droppedBefore;
        assertThat(dropped).isPositive();

        w.call.request(Integer.MAX_VALUE);
        List<Integer> received = new ArrayList<>();
        SessionEvent e;
        while ((e = w.next()).getEventCase() == SessionEvent.EventCase.TRANSCRIPT) {
            received.add(Integer.parseInt(e.getTranscript().getText().split(" ")[0]));
        }
        assertState(e, id, SessionStatus.SESSION_STATUS_ENDED);
        assertThat(w.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        // In order, the newest included, the dropped ones missing, nothing else lost.
        assertThat(received).isSorted().doesNotHaveDuplicates().contains(sent - 1);
        assertThat(received.size() + (long) dropped).isEqualTo(sent);
        Poll.until(() -> hub.watchers(d.userId()) == 0, "the watcher's place is freed");
    }
}
