package com.jarvis.ingress.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.jarvis.ingress.support.AudioEnvelope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
    @TempDir
    Path dir;

    static byte[] samples(int count, int start) {
        ByteBuffer b = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            b.putShort((short) (start + i));
        }
        return b.array();
    }

    static short[] shorts(int count, int start) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) (start + i);
        }
        return s;
    }

    @Test
    void headerIsCanonicalAndTheDurationIsTheSamplesWritten() throws Exception {
        Path file = dir.resolve("a.wav");
        try (WavWriter w = WavWriter.open(file, 1 << 20)) {
            // More than the internal buffer, in odd-sized pieces.
            for (int i = 0; i < 10; i++) {
                assertThat(w.append(samples(3200, i * 3200), 6400)).isEqualTo(6400);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(44 + 64_000);
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4)).isEqualTo("RIFF");
        assertThat(h.getInt(4)).isEqualTo(36 + 64_000);
        assertThat(new String(bytes, 8, 8)).isEqualTo("WAVEfmt ");
        assertThat(h.getInt(16)).isEqualTo(16);
        assertThat(h.getShort(20)).isEqualTo((short) 1);   // PCM
        assertThat(h.getShort(22)).isEqualTo((short) 1);   // mono
        assertThat(h.getInt(24)).isEqualTo(16_000);
        assertThat(h.getInt(28)).isEqualTo(32_000);
        assertThat(h.getShort(32)).isEqualTo((short) 2);
        assertThat(h.getShort(34)).isEqualTo((short) 16);
        assertThat(new String(bytes, 36, 4)).isEqualTo("data");
        assertThat(h.getInt(40)).isEqualTo(64_000);

        AudioEnvelope.Pcm pcm = AudioEnvelope.readWav(file);
        assertThat(pcm.sampleRate()).isEqualTo(16_000);
        assertThat(pcm.seconds()).isCloseTo(2.0, within(1e-9));
        assertThat(pcm.samples()).containsExactly(shorts(32_000, 0));
    }

    @Test
    void isAValidWavAfterEachFlushWhileStillOpen() throws Exception {
        Path file = dir.resolve("b.wav");
        try (WavWriter w = WavWriter.open(file, 1 << 20)) {
            w.append(samples(1600, 0), 3200);
            w.flush();
            assertThat(AudioEnvelope.readWav(file).samples()).containsExactly(shorts(1600, 0));
            w.append(samples(1600, 1600), 3200);
            w.flush();
            assertThat(AudioEnvelope.readWav(file).seconds()).isCloseTo(0.2, within(1e-9));
        }
    }

    @Test
    void theServedSnapshotIsAValidWavOfWhatIsOnDiskWhileTheWriterGoesOn() throws Exception {
        AudioFiles files = new AudioFiles(dir);
        java.util.UUID id = java.util.UUID.randomUUID();
        assertThat(files.find(id)).isEmpty();
        try (WavWriter w = WavWriter.open(files.fileOf(id), 1 << 20)) {
            assertThat(files.find(id)).as("no samples yet").isEmpty();
            w.append(samples(4000, 0), 8000);
            w.flush();
            w.append(samples(100, 4000), 200); // buffered, not yet on disk
            WavResource snapshot = files.find(id).orElseThrow();
            assertThat(snapshot.contentLength()).isEqualTo(44 + 8000);
            assertThat(snapshot.seconds()).isCloseTo(0.25, within(1e-9));
            w.append(samples(8000, 4100), 16000);
            w.flush();
            // The snapshot stays what it was, with a header that matches it.
            byte[] served;
            try (java.io.InputStream in = snapshot.getInputStream()) {
                served = in.readAllBytes();
            }
            assertThat(served).hasSize(44 + 8000);
            assertThat(AudioEnvelope.readWav(served).samples()).containsExactly(shorts(4000, 0));
            assertThat(files.find(id).orElseThrow().contentLength()).isEqualTo(44 + 2 * 12_100);
        }
    }

    @Test
    void reopeningAppendsAndKeepsTheCap() throws Exception {
        Path file = dir.resolve("c.wav");
        try (WavWriter w = WavWriter.open(file, 8000)) {
            w.append(samples(1000, 0), 2000);
        }
        try (WavWriter w = WavWriter.open(file, 8000)) {
            assertThat(w.dataBytes()).isEqualTo(2000);
            assertThat(w.append(samples(2000, 1000), 4000)).isEqualTo(4000);
            // Only 2000 bytes left under the cap of 8000.
            assertThat(w.append(samples(2000, 3000), 4000)).isEqualTo(2000);
            assertThat(w.full()).isTrue();
            assertThat(w.append(samples(10, 0), 20)).isZero();
        }
        assertThat(AudioEnvelope.readWav(file).samples()).containsExactly(shorts(4000, 0));
    }

    @Test
    void aTornOrEmptyFileIsRepaired() throws Exception {
        Path torn = dir.resolve("d.wav");
        Files.write(torn, new byte[10]);
        try (WavWriter w = WavWriter.open(torn, 8000)) {
            w.append(samples(10, 5), 20);
        }
        assertThat(AudioEnvelope.readWav(torn).samples()).containsExactly(shorts(10, 5));

        // A half sample at the end (a crash mid-write) is cut off before appending.
        Path odd = dir.resolve("e.wav");
        try (WavWriter w = WavWriter.open(odd, 8000)) {
            w.append(samples(10, 0), 20);
        }
        Files.write(odd, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        try (WavWriter w = WavWriter.open(odd, 8000)) {
            w.append(samples(10, 10), 20);
        }
        assertThat(AudioEnvelope.readWav(odd).samples()).containsExactly(shorts(20, 0));
        assertThat(Arrays.copyOfRange(Files.readAllBytes(odd), 0, 4)).isEqualTo("RIFF".getBytes());
    }
}
