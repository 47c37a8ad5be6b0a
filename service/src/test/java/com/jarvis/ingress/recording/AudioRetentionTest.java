package com.jarvis.ingress.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.recording.SessionEndTimes.SessionEnd;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AudioRetentionTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Duration DAY = Duration.ofHours(24);
    static final Instant LONG_AGO = NOW.minus(Duration.ofDays(30));

    @Test
    void anEndedSessionsAudioIsDueExactlyRetentionAfterTheEnd() {
        assertThat(AudioRetention.due(new SessionEnd(true, NOW.minus(DAY).plusSeconds(1)), LONG_AGO, NOW, DAY)).isFalse();
        assertThat(AudioRetention.due(new SessionEnd(true, NOW.minus(DAY)), LONG_AGO, NOW, DAY)).isTrue();
        assertThat(AudioRetention.due(new SessionEnd(true, NOW.minus(DAY).minusSeconds(1)), NOW, NOW, DAY))
                .as("the end time decides, not when the file was last written").isTrue();
    }

    @Test
    void anOpenSessionsAudioIsNeverDue() {
        assertThat(AudioRetention.due(new SessionEnd(true, null), LONG_AGO, NOW, DAY)).isFalse();
    }

    @Test
    void anOrphanFileIsDueRetentionAfterItWasLastWritten() {
        assertThat(AudioRetention.due(SessionEnd.UNKNOWN, NOW.minus(DAY).plusSeconds(1), NOW, DAY)).isFalse();
        assertThat(AudioRetention.due(SessionEnd.UNKNOWN, NOW.minus(DAY), NOW, DAY)).isTrue();
    }
}
