package com.jarvis.ingress.recording;

import com.jarvis.ingress.config.DurationText;
import com.jarvis.ingress.config.EnvReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Settings of the embedded audio sink (see README.md's configuration table).
 *
 * @param directory     where the WAV files live: DATA_DIR/audio
 * @param maxDuration   AUDIO_MAX_DURATION: audio kept per session; later audio is dropped and counted
 * @param maxTotalBytes AUDIO_MAX_TOTAL_MB: all files together; audio beyond it is dropped and counted
 * @param maxOpenFiles  AUDIO_MAX_OPEN_FILES: files held open at once (the least recently written is closed first);
 *                      default 4096: with fewer than the sessions recording at once, every frame (each session
 *                      writes every 20 ms) evicted one file and reopened another, 20 µs of the writer's CPU per frame
 * @param queueFrames   AUDIO_QUEUE_FRAMES: frames waiting for the writer thread; a full queue drops and counts
 * @param retention     AUDIO_RETENTION: a file is deleted this long after its session ended
 * @param sweepInterval AUDIO_SWEEP_INTERVAL: how often retention is applied
 */
public record RecordingConfig(Path directory, Duration maxDuration, long maxTotalBytes, int maxOpenFiles,
                              int queueFrames, Duration retention, Duration sweepInterval) {
    /** A WAV's size fields are 32-bit: 24 h of 16 kHz 16-bit audio (2.8 GB) fits, with room to spare. */
    static final Duration MAX_DURATION_LIMIT = Duration.ofHours(24);

    /** Reads the AUDIO_* variables; the files go to {@code dataDir}/audio (DATA_DIR, as IngressConfig read it). */
    public static RecordingConfig load(Function<String, String> env, Path dataDir) {
        EnvReader r = new EnvReader(env);
        Path dir = dataDir.resolve("audio");
        Duration maxDuration = duration(r, "AUDIO_MAX_DURATION", "1h");
        if (maxDuration.compareTo(MAX_DURATION_LIMIT) > 0) {
            r.problem("AUDIO_MAX_DURATION must be at most 24h (got " + maxDuration + ")");
        }
        int totalMb = r.integer("AUDIO_MAX_TOTAL_MB", 10_240, 1, Integer.MAX_VALUE);
        int openFiles = r.integer("AUDIO_MAX_OPEN_FILES", 4096, 1, 100_000);
        int queue = r.integer("AUDIO_QUEUE_FRAMES", 8192, 16, 1_000_000);
        Duration retention = duration(r, "AUDIO_RETENTION", "24h");
        Duration sweep = duration(r, "AUDIO_SWEEP_INTERVAL", "5m");
        r.throwIfProblems();
        return new RecordingConfig(dir, maxDuration, totalMb * 1024L * 1024L, openFiles, queue, retention, sweep);
    }

    /** The largest file: {@link #maxDuration} of samples. */
    long maxDataBytes() {
        return Math.min(maxDuration.toMillis() * WavFormat.BYTES_PER_SECOND / 1000, WavFormat.MAX_DATA_BYTES) & ~1L;
    }

    private static Duration duration(EnvReader r, String name, String fallback) {
        try {
            return DurationText.parse(r.text(name, fallback));
        } catch (IllegalArgumentException e) {
            r.problem(name + ": " + e.getMessage());
            return DurationText.parse(fallback);
        }
    }
}
