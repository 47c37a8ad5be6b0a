package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.SseStream;
import com.jarvis.ingress.support.SseStream.Event;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances sharing PostgreSQL and Redis: the device watches on one, its session changes on the other (where
 * its media, and so the ASR forwarder, live). Everything still arrives, in order, through Redis.
 */
class SessionEventsRelayIT {

    @Test
    void eventsOfASessionChangedOnAnotherInstanceReachTheWatcherInOrder() {
        String db = PostgresTestDatabase.create("ingress_events_relay");
        Map<String, String> env = Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379");
        try (ServiceInstance media = ServiceInstance.start(env);
             ServiceInstance edge = ServiceInstance.start(env)) {
            ApiClient api = media.api();
            String token = api.newAccessToken();
            String id = api.createSession(token);
            UUID sid = UUID.fromString(id);
            try (SseStream stream = SseStream.open(edge.port(), "/api/session/" + id + "/events", token)) {
                Event first = stream.next();
                assertThat(first.data().get("status").asString()).isEqualTo("pending");

                SessionService sessions = media.bean(SessionService.class);
                sessions.markActive(sid);
                for (int i = 0; i < 20; i++) {
                    sessions.recordTranscript(sid, new Transcript("word " + i, i % 5 == 4, 0.5f, Instant.now()));
                }
                assertThat(api.delete("/api/session/" + id, token).status()).isEqualTo(200);

                Event active = stream.next();
                assertThat(active.name()).isEqualTo("state");
                assertThat(active.data().get("status").asString()).isEqualTo("active");
                for (int i = 0; i < 20; i++) {
                    Event e = stream.next();
                    assertThat(e.name()).isEqualTo("transcript");
                    assertThat(e.data().get("text").asString()).isEqualTo("word " + i);
                    assertThat(e.data().get("isFinal").asBoolean()).isEqualTo(i % 5 == 4);
                }
                Event ended = stream.next();
                assertThat(ended.data().get("status").asString()).isEqualTo("ended");
                stream.awaitEnd();
            }
            // Nothing is delivered twice on the instance where the change happened (it ignores its own messages).
            String metrics = edge.api().get("/metrics", null).raw();
            assertThat(metrics).contains("ingress_session_events_relayed_total{direction=\"in\"} 22.0");
        }
    }
}
