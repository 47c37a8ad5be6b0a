package com.jarvis.ingress.recording;

import com.jarvis.ingress.recording.AudioFiles.Stored;
import com.jarvis.ingress.recording.SessionEndTimes.SessionEnd;
import com.jarvis.ingress.scheduling.PeriodicTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes session audio files {@code AUDIO_RETENTION} after their session ended, as the database records it: once
 * right after start-up (files of sessions that passed retention while the service was down) and then every
 * {@code AUDIO_SWEEP_INTERVAL}. Runs whether or not the sink writes (files from an earlier run still expire).
 */
public class AudioRetention extends PeriodicTask {
    private static final Logger log = LoggerFactory.getLogger(AudioRetention.class);
    static final int BATCH = 500;

    private final AudioFiles files;
    private final SessionEndTimes endTimes;
    private final Duration retention;
    private final Clock clock;
    private final Counter deleted;

    AudioRetention(AudioFiles files, SessionEndTimes endTimes, RecordingConfig config, Clock clock, MeterRegistry meters) {
        // The first sweep right away (in the background: start-up does not wait for it).
        super("audio-retention", Duration.ZERO, config.sweepInterval());
        this.files = files;
        this.endTimes = endTimes;
        this.retention = config.retention();
        this.clock = clock;
        this.deleted = Counter.builder("ingress.audio.sink.files.deleted")
                .description("Session audio files deleted after their retention").register(meters);
    }

    /**
     * Whether a file's retention is over: {@code retention} after its session ended; never while the session is
     * open; for a session the database does not know (an orphan), {@code retention} after the file was last written.
     */
    static boolean due(SessionEnd end, Instant fileModified, Instant now, Duration retention) {
        if (!end.known()) {
            return !fileModified.plus(retention).isAfter(now);
        }
        return end.endedAt() != null && !end.endedAt().plus(retention).isAfter(now);
    }

    /** One pass over the directory; returns the number of files deleted. Failures are logged and retried next time. */
    public int sweepOnce() {
        int count = 0;
        try {
            List<Stored> all = files.list();
            for (int from = 0; from < all.size(); from += BATCH) {
                List<Stored> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                Map<UUID, SessionEnd> ends = endTimes.of(batch.stream().map(Stored::sessionId).toList());
                Instant now = clock.instant();
                for (Stored s : batch) {
                    if (due(ends.getOrDefault(s.sessionId(), SessionEnd.UNKNOWN), s.modified(), now, retention) && files.delete(s)) {
                        deleted.increment();
                        count++;
                    }
                }
            }
            if (count > 0) {
                log.info("Deleted the audio of {} session(s) past their retention of {}", count, retention);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Audio retention sweep failed, will retry: {}", e.toString());
        }
        return count;
    }

    @Override
    protected void runOnce() {
        sweepOnce();
    }
}
