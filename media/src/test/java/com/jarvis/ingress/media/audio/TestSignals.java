package com.jarvis.ingress.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tones and Opus packets for the audio tests. */
final class TestSignals {

    private TestSignals() {
    }

    static short[] sine(double hz, int sampleRate, int samples, double amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return s;
    }

    /** Interleaves two channels. */
    static short[] interleave(short[] left, short[] right) {
        short[] s = new short[left.length * 2];
        for (int i = 0; i < left.length; i++) {
            s[2 * i] = left[i];
            s[2 * i + 1] = right[i];
        }
        return s;
    }

    static byte[] littleEndian(short[] samples) {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    /** Encodes interleaved PCM into 20 ms Opus packets (VOIP, 32 kbit/s by default). */
    static List<byte[]> opus(short[] interleaved, int sampleRate, int channels, int bitrate, boolean fec) {
        try {
            OpusEncoder encoder = new OpusEncoder(sampleRate, channels, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(bitrate);
            encoder.setUseInbandFEC(fec);
            if (fec) {
                encoder.setPacketLossPercent(20);
            }
            int frame = sampleRate / 50;
            byte[] out = new byte[1500];
            List<byte[]> packets = new ArrayList<>();
            for (int pos = 0; pos + frame * channels <= interleaved.length; pos += frame * channels) {
                int n = encoder.encode(interleaved, pos, frame, out, 0, out.length);
                packets.add(Arrays.copyOf(out, n));
            }
            return packets;
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Mono 48 kHz PCM as Chrome encodes it for a receiver that answers {@code maxplaybackrate=16000}: the encoder's
     * bandwidth capped at wideband, 20 kbit/s, in-band FEC (libwebrtc audio_encoder_opus.cc).
     */
    static List<byte[]> opusWideband(short[] mono48k) {
        try {
            OpusEncoder encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(20000);
            encoder.setMaxBandwidth(OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND);
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(10);
            byte[] out = new byte[1500];
            List<byte[]> packets = new ArrayList<>();
            for (int pos = 0; pos + 960 <= mono48k.length; pos += 960) {
                int n = encoder.encode(mono48k, pos, 960, out, 0, out.length);
                packets.add(Arrays.copyOf(out, n));
            }
            return packets;
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
    }

    static short[] concat(List<short[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        short[] all = new short[n];
        int pos = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, pos, p.length);
            pos += p.length;
        }
        return all;
    }
}
