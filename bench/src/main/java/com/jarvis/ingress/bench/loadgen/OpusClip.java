package com.jarvis.ingress.bench.loadgen;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Opus stream, 20 ms per packet, that every simulated client loops: encoded once at start-up (Concentus,
 * 48 kHz mono, in-band FEC, bandwidth and bitrate as Chrome chooses them for the server's {@code maxplaybackrate})
 * from a 48 kHz mono 16-bit WAV such as {@code e2e/speech.wav}, or
 * from a 440 Hz tone. The server's decoder does the same work as for a browser's stream.
 */
public final class OpusClip {
    /** Samples per 20 ms packet at 48 kHz. */
    public static final int FRAME_SAMPLES = 960;
    private static final int RATE = 48_000;

    private final List<byte[]> packets;

    private OpusClip(List<byte[]> packets) {
        if (packets.isEmpty()) {
            throw new IllegalArgumentException("no audio to encode");
        }
        this.packets = List.copyOf(packets);
    }

    /** Encodes a 48 kHz mono 16-bit PCM WAV file, fullband (the receiver names no {@code maxplaybackrate}). */
    public static OpusClip fromWav(Path wav) throws IOException {
        return fromWav(wav, RATE);
    }

    /**
     * Encodes a 48 kHz mono 16-bit PCM WAV file as Chrome does for a receiver whose answer says
     * {@code maxplaybackrate=maxPlaybackRate}: see {@link #encode(short[], int)}.
     */
    public static OpusClip fromWav(Path wav, int maxPlaybackRate) throws IOException {
        return encode(readPcm(Files.readAllBytes(wav), wav.toString()), maxPlaybackRate);
    }

    /** {@code seconds} of a 440 Hz sine, fullband. */
    public static OpusClip tone(int seconds) {
        return encode(toneSamples(seconds), RATE);
    }

    /** {@code seconds} of a 440 Hz sine at 48 kHz. */
    static short[] toneSamples(int seconds) {
        short[] pcm = new short[seconds * RATE];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        return pcm;
    }

    /** Packet {@code i} of the clip, wrapping around. The array is shared: never modify it. */
    public byte[] packet(long i) {
        return packets.get((int) (i % packets.size()));
    }

    public int size() {
        return packets.size();
    }

    /**
     * libwebrtc's Opus encoder settings for a mono voice track (audio_encoder_opus.cc): the receiver's
     * {@code maxplaybackrate} caps the encoder's bandwidth (up to 8 kHz narrowband, 12 mediumband, 16 wideband,
     * 24 superwideband, else fullband) and sets the default bitrate (12, 20 or 32 kbit/s up to 8, 16, 48 kHz);
     * VOIP application, in-band FEC.
     */
    static OpusClip encode(short[] pcm, int maxPlaybackRate) {
        try {
            OpusEncoder encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
            encoder.setBitrate(maxPlaybackRate <= 8_000 ? 12_000 : maxPlaybackRate <= 16_000 ? 20_000 : 32_000);
            encoder.setMaxBandwidth(maxPlaybackRate <= 8_000 ? OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND
                    : maxPlaybackRate <= 12_000 ? OpusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND
                    : maxPlaybackRate <= 16_000 ? OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND
                    : maxPlaybackRate <= 24_000 ? OpusBandwidth.OPUS_BANDWIDTH_SUPERWIDEBAND
                    : OpusBandwidth.OPUS_BANDWIDTH_FULLBAND);
            encoder.setUseInbandFEC(true);
            encoder.setPacketLossPercent(10);
            byte[] out = new byte[1500];
            List<byte[]> result = new ArrayList<>();
            for (int at = 0; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
                int n = encoder.encode(pcm, at, FRAME_SAMPLES, out, 0, out.length);
                result.add(Arrays.copyOf(out, n));
            }
            return new OpusClip(result);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder failed", e);
        }
    }

    /** The samples of a RIFF/WAVE file that is PCM, mono, 16-bit, 48 kHz; anything else is refused. */
    static short[] readPcm(byte[] file, String name) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
            throw new IllegalArgumentException(name + " is not a WAV file");
        }
        boolean formatOk = false;
        int at = 12;
        while (at + 8 <= file.length) {
            int id = b.getInt(at);
            int size = b.getInt(at + 4);
            int body = at + 8;
            if (size < 0 || body + size > file.length) {
                size = file.length - body; // a streaming writer's header may not have its final size
            }
            if (id == 0x20746d66) { // "fmt "
                formatOk = b.getShort(body) == 1 && b.getShort(body + 2) == 1 && b.getInt(body + 4) == RATE
                        && b.getShort(body + 14) == 16;
            } else if (id == 0x61746164) { // "data"
                if (!formatOk) {
                    throw new IllegalArgumentException(name + ": need PCM, mono, 16-bit, 48 kHz");
                }
                short[] pcm = new short[size / 2];
                b.position(body);
                b.asShortBuffer().get(pcm);
                return pcm;
            }
            at = body + size + (size & 1);
        }
        throw new IllegalArgumentException(name + " has no data chunk");
    }
}
