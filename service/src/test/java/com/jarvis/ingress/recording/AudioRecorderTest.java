package com.jarvis.ingress.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.support.AudioEnvelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder end to end on real files: frames from "media threads" to a WAV per session. */
class AudioRecorderTest {
    @TempDir
    Path dir;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AudioRecorder recorder;

    AudioRecorder start(Duration maxDuration, long maxTotalBytes, int maxOpen) {
        RecordingConfig config = new RecordingConfig(dir, maxDuration, maxTotalBytes, maxOpen, 1024,
                Duration.ofHours(24), Duration.ofMinutes(5));
        recorder = new AudioRecorder(new AudioFiles(dir), config, meters);
        recorder.start();
        return recorder;
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.stop();
        }
    }

    /** 20 ms frame number {@code k}: samples k*320 ... (a ramp, so order and gaps show). */
    static AudioFrame frame(int k) {
        short[] pcm = new short[400]; // a reused buffer bigger than the frame, as the decoders hand out
        for (int i = 0; i < 320; i++) {
            pcm[i] = (short) (k * 320 + i);
        }
        return AudioFrame.of(pcm, 320);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    double dropped(String reason) {
        return meters.counter("ingress.audio.sink.frames.dropped", "reason", reason).count();
    }

    @Test
    void writesEachSessionsFramesInOrderAndFinishesTheFileWhenAudioEnds() throws Exception {
        start(Duration.ofHours(1), 1L << 30, 16);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        for (int k = 0; k < 100; k++) {
            recorder.onAudio(a, frame(k));
            if (k % 2 == 0) {
                recorder.onAudio(b, frame(k / 2));
            }
        }
        recorder.onAudioEnded(a);
        recorder.onAudioEnded(b);
        AudioFiles files = new AudioFiles(dir);
        await(() -> files.find(a).map(w -> w.seconds() == 2.0).orElse(false)
                && files.find(b).map(w -> w.seconds() == 1.0).orElse(false)
                && meters.get("ingress.audio.sink.files.open").gauge().value() == 0);
        short[] samples = AudioEnvelope.readWav(dir.resolve(a + ".wav")).samples();
        assertThat(samples).hasSize(32_000);
        for (int i = 0; i < samples.length; i++) {
            assertThat(samples[i]).isEqualTo((short) i);
        }
        assertThat(AudioEnvelope.readWav(dir.resolve(b + ".wav")).seconds()).isEqualTo(1.0);
        assertThat(meters.counter("ingress.audio.sink.bytes.written").count()).isEqualTo(96_000);

        // More audio after the end (a new transport for the same session) is appended.
        recorder.onAudio(a, frame(100));
        recorder.onAudioEnded(a);
        await(() -> files.find(a).map(w -> w.seconds() == 2.02).orElse(false));
    }

    @Test
    void anIdleWriterSleepsUntilTheNextFrameAndTicksOnlyWhileAFileIsOpen() throws Exception {
        start(Duration.ofHours(1), 1L << 30, 16);
        Thread.sleep(100);
        long passes = recorder.writerPasses();
        Thread.sleep(300);
        // Nothing open, nothing queued: no 10 ms tick (it would be ~30 passes).
        assertThat(recorder.writerPasses() - passes).isLessThanOrEqualTo(1);

        // A single frame (far below the queue's wake-up mark) still wakes it and reaches the file.
        UUID a = UUID.randomUUID();
        recorder.onAudio(a, frame(0));
        AudioFiles files = new AudioFiles(dir);
        await(() -> files.find(a).map(w -> w.seconds() == 0.02).orElse(false));
        // With a file open it ticks, to flush it; after the end, idle again.
        recorder.onAudioEnded(a);
        await(() -> meters.get("ingress.audio.sink.files.open").gauge().value() == 0);
        Thread.sleep(100);
        passes = recorder.writerPasses();
        Thread.sleep(300);
        assertThat(recorder.writerPasses() - passes).isLessThanOrEqualTo(1);
        assertThat(AudioEnvelope.readWav(dir.resolve(a + ".wav")).seconds()).isEqualTo(0.02);
    }

    @Test
    void audioBeyondTheMaximumDurationIsDroppedAndCounted() throws Exception {
        start(Duration.ofMillis(500), 1L << 30, 16);
        UUID a = UUID.randomUUID();
        for (int k = 0; k < 50; k++) {
            recorder.onAudio(a, frame(k));
        }
        await(() -> dropped(AudioRecorder.DROP_MAX_DURATION) == 25);
        recorder.onAudioEnded(a);
        await(() -> meters.get("ingress.audio.sink.files.open").gauge().value() == 0);
        assertThat(AudioEnvelope.readWav(dir.resolve(a + ".wav")).seconds()).isEqualTo(0.5);
    }

    @Test
    void theDiskBudgetBoundsAllFilesTogether() throws Exception {
        start(Duration.ofHours(1), 6400, 16);
        for (int s = 0; s < 3; s++) {
            UUID id = UUID.randomUUID();
            for (int k = 0; k < 5; k++) {
                recorder.onAudio(id, frame(k));
            }
        }
        // 15 frames of 640 bytes offered, 10 fit in 6400 bytes.
        await(() -> dropped(AudioRecorder.DROP_DISK_BUDGET) == 5);
        recorder.stop();
        long total;
        try (var list = Files.list(dir)) {
            total = list.mapToLong(f -> f.toFile().length() - 44).sum();
        }
        assertThat(total).isEqualTo(6400);
    }

    @Test
    void atMostMaxOpenFilesAreOpenAndAClosedOneIsReopenedToAppend() throws Exception {
        start(Duration.ofHours(1), 1L << 30, 2);
        UUID[] ids = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        for (int k = 0; k < 30; k++) {
            for (UUID id : ids) {
                recorder.onAudio(id, frame(k));
            }
        }
        AudioFiles files = new AudioFiles(dir);
        await(() -> meters.counter("ingress.audio.sink.bytes.written").count() == 3 * 30 * 640);
        assertThat(meters.get("ingress.audio.sink.files.open").gauge().value()).isLessThanOrEqualTo(2);
        recorder.stop();
        for (UUID id : ids) {
            short[] samples = AudioEnvelope.readWav(dir.resolve(id + ".wav")).samples();
            assertThat(samples).hasSize(30 * 320);
            assertThat(samples[samples.length - 1]).isEqualTo((short) (30 * 320 - 1));
            assertThat(files.find(id)).isPresent();
        }
    }

    @Test
    void everyFrameIsWrittenOrCountedAsDroppedWhenTheQueueOverflows() throws Exception {
        RecordingConfig config = new RecordingConfig(dir, Duration.ofHours(1), 1L << 30, 16, 16,
                Duration.ofHours(24), Duration.ofMinutes(5));
        recorder = new AudioRecorder(new AudioFiles(dir), config, meters);
        recorder.start();
        UUID[] ids = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        int offered = 20_000;
        for (int k = 0; k < offered; k++) {
            recorder.onAudio(ids[k % ids.length], frame(k)); // far faster than 20 ms per frame: the queue of 16 overflows
        }
        await(() -> meters.counter("ingress.audio.sink.bytes.written").count() / 640
                + dropped(AudioRecorder.DROP_QUEUE_FULL) == offered);
        recorder.stop();
        long samples = 0;
        for (UUID id : ids) {
            samples += AudioEnvelope.readWav(dir.resolve(id + ".wav")).samples().length;
        }
        assertThat(samples * 2).isEqualTo((long) meters.counter("ingress.audio.sink.bytes.written").count());
        System.out.println("queue_full drops: " + dropped(AudioRecorder.DROP_QUEUE_FULL));
    }
}
