package com.jarvis.ingress.recording;

import com.jarvis.ingress.media.audio.AudioFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time of the embedded sink's writer thread per 20 ms frame, and its wake-ups per second, with N sessions each
 * offering 50 frames a second, spread over 1 ms slots as packets arrive (issue 11's decode measurements). Not a
 * test: run with the service's test classpath,
 * {@code java -cp service/target/test-classes:service/target/classes:<its dependencies> \
 * com.jarvis.ingress.recording.AudioRecorderCpu 500 12 [maxOpenFiles]} (sessions, seconds, of which the first 2 s
 * are not measured; {@code AUDIO_MAX_OPEN_FILES}, default the service's).
 */
public final class AudioRecorderCpu {
    private static final int WARM_UP_MILLIS = 2_000;

    private AudioRecorderCpu() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("audio-recorder-cpu");
        int maxOpenFiles = args.length > 2 ? Integer.parseInt(args[2]) : RecordingConfig.load(k -> null, dir)
                .maxOpenFiles(); // the default unless given
        RecordingConfig config = new RecordingConfig(dir, Duration.ofHours(1), 1L << 34, maxOpenFiles, 8192,
                Duration.ofHours(24), Duration.ofMinutes(5));
        AudioRecorder recorder = new AudioRecorder(new AudioFiles(dir), config, new SimpleMeterRegistry());
        recorder.start();
        UUID[] ids = new UUID[sessions];
        for (int i = 0; i < sessions; i++) {
            ids[i] = UUID.randomUUID();
        }
        short[] pcm = new short[320];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (1000 * Math.sin(i / 5.0));
        }
        AudioFrame frame = AudioFrame.of(pcm, pcm.length);
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("audio-sink-writer")).findFirst().orElseThrow();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpu0 = 0;
        long wall0 = 0;
        long waits0 = 0;
        long next = System.nanoTime();
        for (int tick = 0; tick < seconds * 1000; tick++) {
            if (tick == WARM_UP_MILLIS) {
                cpu0 = cpu.getThreadCpuTime(writer.getId());
                wall0 = System.nanoTime();
                waits0 = writerWaits();
            }
            for (int s = tick % 20; s < sessions; s += 20) { // each session every 20 ms, in its own 1 ms slot
                recorder.onAudio(ids[s], frame);
            }
            next += 1_000_000;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(sleep);
            }
        }
        double used = (cpu.getThreadCpuTime(writer.getId()) - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        long frames = (seconds * 1000L - WARM_UP_MILLIS) / 20 * sessions;
        System.out.printf("writer thread: %.1f %% of a core, %.2f us CPU per frame, %.0f wake-ups per second%n",
                100 * used / wall, used * 1e6 / frames, (writerWaits() - waits0) / wall);
        recorder.stop();
    }

    /** Voluntary context switches of the writer thread so far (Linux). */
    private static long writerWaits() throws Exception {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                if (Files.readString(t.resolve("comm")).trim().equals("audio-sink-writ")) {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                }
            }
        }
        return -1;
    }
}
