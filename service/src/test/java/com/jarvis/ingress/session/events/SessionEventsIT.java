package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.SessionCache;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.support.Poll;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.TestDevice;
import com.jarvis.ingress.support.SseStream;
import com.jarvis.ingress.support.SseStream.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code GET /api/session/:id/events} over the network with a client that reads the stream as it arrives. The
 * transcripts come through {@link SessionService#recordTranscript}, the entry point the ASR forwarder calls.
 */
class SessionEventsIT extends IntegrationTest {
    @Autowired
    SessionService sessions;
    @Autowired
    SessionEventHub hub;
    @Autowired
    SessionCache cache;
    @Autowired
    JdbcClient jdbc;



    private SseStream watch(String sessionId, String token) {
        return SseStream.open(port, "/api/session/" + sessionId + "/events", token);
    }

    private static Transcript heard(String text, boolean isFinal, float confidence) {
        return new Transcript(text, isFinal, confidence, Instant.now());
    }

    private static void assertState(Event e, String sessionId, String status) {
        assertThat(e.name()).isEqualTo("state");
        assertThat(e.data().get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(e.data().get("status").asString()).isEqualTo(status);
    }

    private static void assertTranscript(Event e, String text, boolean isFinal, double confidence) {
        assertThat(e.name()).isEqualTo("transcript");
        assertThat(e.data().get("text").asString()).isEqualTo(text);
        assertThat(e.data().get("isFinal").asBoolean()).isEqualTo(isFinal);
        assertThat(e.data().get("confidence").asDouble()).isCloseTo(confidence, org.assertj.core.data.Offset.offset(0.001));
    }


    @Test
    void aWatcherReceivesStateChangesAndTranscriptsInOrderAndTheStreamEndsWithTheSession() throws Exception {
        TestDevice d = TestDevice.register(api);
        String id = api.createSession(d.token());
        UUID sid = UUID.fromString(id);
        try (SseStream stream = watch(id, d.token())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(stream.headers().firstValue("X-Request-Id")).isPresent();
            assertState(stream.next(), id, "pending");

            sessions.markActive(sid);
            assertThat(sessions.recordTranscript(sid, heard("turn on", false, 0.4f))).isTrue();
            assertThat(sessions.recordTranscript(sid, heard("turn on the lights", true, 0.93f))).isTrue();
            assertThat(sessions.recordTranscript(sid, heard("and", false, 0.2f))).isTrue();
            assertState(stream.next(), id, "active");
            assertTranscript(stream.next(), "turn on", false, 0.4);
            assertTranscript(stream.next(), "turn on the lights", true, 0.93);
            assertTranscript(stream.next(), "and", false, 0.2);

            assertThat(api.delete("/api/session/" + id, d.token()).status()).isEqualTo(200);
            Event last = stream.next();
            assertState(last, id, "ended");
            assertThat(last.data().get("at").asString()).isNotEmpty();
            stream.awaitEnd();
        }
        Poll.until(() -> hub.watchers(d.userId()) == 0, "the watcher's place is freed");
        // The final transcript was also stored, as GET shows it.
        Response r = api.get("/api/session/" + id, d.token());
        assertThat(r.body().at("/contextData/transcript/0/text").asString()).isEqualTo("turn on the lights");
        // Completing the stream (an async dispatch) is neither an error nor a 5xx.
        String metrics = api.get("/metrics", null).raw();
        assertThat(metrics).contains("route=\"/api/session/{sessionId}/events\",status_code=\"200\"");
        assertThat(metrics.lines().filter(l -> l.contains("/api/session/{sessionId}/events"))
                .filter(l -> l.contains("type=\"internal_error\"") || l.contains("status_code=\"5"))
                .filter(l -> !l.endsWith(" 0.0")))
                .isEmpty();
    }

    @Test
    void aLateWatcherFirstGetsTheCurrentStateAndTheTranscriptSoFarThenLiveEventsAndKeepAlives() {
        TestDevice d = TestDevice.register(api);
        String id = api.createSession(d.token());
        UUID sid = UUID.fromString(id);
        sessions.markActive(sid);
        sessions.recordTranscript(sid, heard("what's the weather", true, 0.9f));
        sessions.recordTranscript(sid, heard("in paris", false, 0.5f)); // interim: not kept, not replayed
        sessions.recordTranscript(sid, heard("in paris tomorrow", true, 0.8f));
        try (SseStream stream = watch(id, d.token())) {
            assertState(stream.next(), id, "active");
            assertTranscript(stream.next(), "what's the weather", true, 0.9);
            assertTranscript(stream.next(), "in paris tomorrow", true, 0.8);
            sessions.recordTranscript(sid, heard("thanks", true, 0.99f));
            assertTranscript(stream.next(), "thanks", true, 0.99);
            assertThat(stream.poll(Duration.ofMillis(300))).isNull();
            // An idle stream gets a keep-alive comment (every SESSION_EVENTS_HEARTBEAT; triggered here).
            hub.heartbeats();
            Poll.until(() -> stream.comments().contains("keepalive"), "a keep-alive comment arrives");
            assertThat(stream.poll(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void watchingAClosedSessionGivesItsFinalStateAndTranscriptThenEnds() {
        TestDevice d = TestDevice.register(api);
        String id = api.createSession(d.token());
        sessions.recordTranscript(UUID.fromString(id), heard("goodbye", true, 0.7f));
        api.delete("/api/session/" + id, d.token());
        try (SseStream stream = watch(id, d.token())) {
            assertState(stream.next(), id, "ended");
            assertTranscript(stream.next(), "goodbye", true, 0.7);
            stream.awaitEnd();
        }
    }

    @Test
    void unknownForeignAndMalformedIdsAre404JsonLikeGetAndATokenIsRequired() {
        TestDevice owner = TestDevice.register(api);
        TestDevice stranger = TestDevice.register(api);
        String id = api.createSession(owner.token());
        for (String path : List.of(id, UUID.randomUUID().toString(), "not-a-uuid", id.toUpperCase() + "0")) {
            try (SseStream s = watch(path, stranger.token())) {
                assertThat(s.status()).as(path).isEqualTo(404);
                assertThat(s.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                assertThat(s.error().at("/error/code").asString()).isEqualTo("not_found");
            }
        }
        try (SseStream s = watch(id, null)) {
            assertThat(s.status()).isEqualTo(401);
            assertThat(s.error().at("/error/code").asString()).isEqualTo("missing_token");
        }
        assertThat(hub.watchers(stranger.userId())).isZero();
    }

    @Test
    void aUserBeyondTheWatcherCapGets429UntilOneOfItsStreamsEnds() throws Exception {
        TestDevice d = TestDevice.register(api);
        List<String> ids = new ArrayList<>();
        List<SseStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // SESSION_EVENTS_MAX_WATCHERS_PER_USER's default
                ids.add(api.createSession(d.token()));
                SseStream s = watch(ids.get(i), d.token());
                assertThat(s.status()).isEqualTo(200);
                s.next();
                open.add(s);
            }
            String extra = api.createSession(d.token());
            try (SseStream refused = watch(extra, d.token())) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.error().at("/error/code").asString()).isEqualTo("too_many_watchers");
                assertThat(refused.error().at("/error/message").asString()).contains("4");
            }
            // Another user is not affected.
            TestDevice other = TestDevice.register(api);
            try (SseStream s = watch(api.createSession(other.token()), other.token())) {
                assertThat(s.status()).isEqualTo(200);
            }
            // Ending a watched session ends its stream and frees the place.
            api.delete("/api/session/" + ids.get(0), d.token());
            open.get(0).next();
            open.get(0).awaitEnd();
            Poll.until(() -> hub.watchers(d.userId()) == 3, "the ended stream's place is freed");
            try (SseStream admitted = watch(extra, d.token())) {
                assertThat(admitted.status()).isEqualTo(200);
                assertState(admitted.next(), extra, "pending");
            }
        } finally {
            open.forEach(SseStream::close);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aDeviceThatDisconnectsFreesItsPlaceAndIsNoServerError(CapturedOutput output) throws Exception {
        TestDevice d = TestDevice.register(api);
        String id = api.createSession(d.token());
        SseStream s = watch(id, d.token());
        s.next();
        assertThat(hub.watchers(d.userId())).isEqualTo(1);
        s.close();
        // The next write (at the latest the heartbeat) finds the connection gone.
        Poll.until(() -> {
            hub.heartbeats();
            return hub.watchers(d.userId()) == 0;
        }, "the disconnected watcher is released");
        Thread.sleep(200);
        assertThat(output.getOut()).doesNotContain("Unhandled error").doesNotContain("Failure in @ExceptionHandler");
    }

    @Test
    void anExpiryByAnotherInstanceReachesTheWatcherAtTheNextReCheck() {
        TestDevice d = TestDevice.register(api);
        String id = api.createSession(d.token());
        UUID sid = UUID.fromString(id);
        try (SseStream stream = watch(id, d.token())) {
            assertState(stream.next(), id, "pending");
            // What another instance's sweeper does: the row changes, the shared cache entry goes; no event here.
            jdbc.sql("UPDATE sessions SET status = 'expired', ended_at = now(), updated_at = now() WHERE id = ?")
                    .param(sid).update();
            cache.evict(sid);
            hub.recheck();
            assertState(stream.next(), id, "expired");
            stream.awaitEnd();
        }
    }
}
