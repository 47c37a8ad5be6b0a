package com.jarvis.ingress.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusMode;
import io.github.jaredmdobson.concentus.OpusPacketInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpusClipTest {

    @Test
    void aWavFileBecomesDecodable20MillisecondOpusPackets(@TempDir Path dir) throws Exception {
        short[] pcm = new short[48_000]; // 1 s of 1 kHz
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 48_000.0));
        }
        Path wav = dir.resolve("tone.wav");
        Files.write(wav, wav(pcm, 48_000, 1));

        OpusClip clip = OpusClip.fromWav(wav);

        assertThat(clip.size()).isEqualTo(50);
        assertThat(clip.packet(50)).isSameAs(clip.packet(0)); // loops
        OpusDecoder decoder = new OpusDecoder(48_000, 1);
        short[] out = new short[960];
        for (int i = 0; i < clip.size(); i++) {
            byte[] p = clip.packet(i);
            assertThat(decoder.decode(p, 0, p.length, out, 0, 960, false)).isEqualTo(960);
        }
    }

    @Test
    void aReceiverAskingForMaxPlaybackRate16kGetsWidebandSilkAsChromeSendsIt() {
        OpusClip fullband = OpusClip.encode(OpusClip.toneSamples(1), 48_000);
        OpusClip wideband = OpusClip.encode(OpusClip.toneSamples(1), 16_000);

        assertThat(OpusPacketInfo.getEncoderMode(fullband.packet(10), 0)).isEqualTo(OpusMode.MODE_HYBRID);
        assertThat(OpusPacketInfo.getBandwidth(fullband.packet(10), 0))
                .isEqualTo(OpusBandwidth.OPUS_BANDWIDTH_FULLBAND);
        for (int i = 0; i < wideband.size(); i++) {
            assertThat(OpusPacketInfo.getEncoderMode(wideband.packet(i), 0)).isEqualTo(OpusMode.MODE_SILK_ONLY);
            assertThat(OpusPacketInfo.getBandwidth(wideband.packet(i), 0))
                    .isEqualTo(OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND);
        }
        // 20 kbit/s instead of 32: about 50 bytes per 20 ms packet instead of 80.
        assertThat(bytes(wideband)).isLessThan(bytes(fullband));
    }

    private static int bytes(OpusClip clip) {
        int n = 0;
        for (int i = 0; i < clip.size(); i++) {
            n += clip.packet(i).length;
        }
        return n;
    }

    @Test
    void otherFormatsAreRefused() {
        assertThatThrownBy(() -> OpusClip.readPcm(wav(new short[960], 16_000, 1), "x.wav"))
                .hasMessageContaining("48 kHz");
        assertThatThrownBy(() -> OpusClip.readPcm(wav(new short[960], 48_000, 2), "x.wav"))
                .hasMessageContaining("mono");
        assertThatThrownBy(() -> OpusClip.readPcm(new byte[] {1, 2, 3}, "x.wav")).hasMessageContaining("not a WAV");
    }

    private static byte[] wav(short[] pcm, int rate, int channels) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * pcm.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * pcm.length);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }
}
