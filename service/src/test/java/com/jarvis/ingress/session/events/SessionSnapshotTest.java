package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.AudioConfig;
import com.jarvis.ingress.session.Session;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.SessionStatus;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.session.VoiceConfig;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The snapshot reads contextData.transcript, which a client may also have written anything into. */
class SessionSnapshotTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2026-01-01T10:00:00.123Z");

    private static Session session(SessionStatus status, String contextData) {
        return new Session(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), status, AudioConfig.DEFAULT,
                VoiceConfig.DEFAULT, "{}", contextData, T, T.plusSeconds(5), T.plusSeconds(3600),
                status.isOpen() ? null : T.plusSeconds(9), null);
    }

    @Test
    void stateFirstThenTheStoredFinalTranscriptsInOrder() {
        Session s = session(SessionStatus.ACTIVE, """
                {"transcript":[{"text":"one","confidence":0.9,"at":"2026-01-01T10:00:01.000Z"},
                               {"text":"two","confidence":0.5,"at":"2026-01-01T10:00:02.000Z"}],"other":1}""");
        SessionSnapshot snap = SessionSnapshot.of(s, JSON);
        assertThat(snap.events()).hasSize(3);
        assertThat(snap.events().get(0)).isEqualTo(new SessionEvent.State(s.id(), SessionStatus.ACTIVE, T.plusSeconds(5)));
        SessionEvent.Heard one = (SessionEvent.Heard) snap.events().get(1);
        assertThat(one.transcript()).isEqualTo(new Transcript("one", true, 0.9f, Instant.parse("2026-01-01T10:00:01Z")));
        assertThat(((SessionEvent.Heard) snap.events().get(2)).transcript().text()).isEqualTo("two");
        assertThat(snap.finals()).contains(SessionSnapshot.key(one.transcript()));
        // A live transcript stored with the same time (to the millisecond) and text is recognised as the same.
        assertThat(snap.finals()).contains(SessionSnapshot.key(
                new Transcript("one", true, 0.9f, Instant.parse("2026-01-01T10:00:01.000456Z"))));
    }

    @Test
    void aClosedSessionsStateIsItsEnd() {
        Session s = session(SessionStatus.ENDED, "{}");
        assertThat(SessionSnapshot.of(s, JSON).events())
                .containsExactly(new SessionEvent.State(s.id(), SessionStatus.ENDED, T.plusSeconds(9)));
    }

    @Test
    void entriesThatAreNotTranscriptsAreSkippedAndTheCountIsBounded() {
        StringBuilder many = new StringBuilder("{\"transcript\":[1,\"x\",null,{\"text\":5},{\"nope\":true},"
                + "{\"text\":\"odd\",\"confidence\":\"high\",\"at\":\"yesterday\"}");
        for (int i = 0; i < SessionService.MAX_TRANSCRIPT_ENTRIES + 50; i++) {
            many.append(",{\"text\":\"t").append(i).append("\"}");
        }
        many.append("]}");
        SessionSnapshot snap = SessionSnapshot.of(session(SessionStatus.ACTIVE, many.toString()), JSON);
        assertThat(snap.events()).hasSize(1 + SessionService.MAX_TRANSCRIPT_ENTRIES);
        assertThat(((SessionEvent.Heard) snap.events().get(1)).transcript().text()).isEqualTo("t50");

        SessionSnapshot odd = SessionSnapshot.of(session(SessionStatus.ACTIVE,
                "{\"transcript\":[{\"text\":\"odd\",\"confidence\":\"high\",\"at\":\"yesterday\"}]}"), JSON);
        Transcript t = ((SessionEvent.Heard) odd.events().get(1)).transcript();
        assertThat(t.confidence()).isZero();
        assertThat(t.at()).isNull();
        assertThat(SessionSnapshot.of(session(SessionStatus.PENDING, "{\"transcript\":\"not a list\"}"), JSON)
                .events()).hasSize(1);
    }
}
