package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.audio.PcmResampler;
import com.jarvis.ingress.session.AudioConfig;

/**
 * Turns a session's binary data channel chunks into the same 16 kHz mono frames the RTP path produces, in the
 * session's {@code audioConfig.codec}: {@code opus}, one Opus packet per chunk; {@code pcm}, 16-bit little-endian
 * PCM at the session's sample rate and channels (a chunk may split a sample; the rest comes with the next chunk).
 * Frames go out in pieces of at most 20 ms. Undecodable chunks are counted, never thrown. One per transport; calls
 * are serialised by the caller.
 */
final class DataChunkDecoder {
    /** 20 ms at 16 kHz: the frame size of the RTP path. */
    static final int FRAME_SAMPLES = AudioFrame.SAMPLE_RATE / 50;

    private final boolean opus;
    private final AudioSink sink;
    /** Created with the first Opus chunk: a Concentus decoder holds ~40 KB, and most sessions send no chunks. */
    private OpusAudioDecoder opusDecoder;
    private final PcmResampler resampler;
    private final short[] frame = new short[FRAME_SAMPLES];
    private short[] resampled = new short[0];
    private long samples;
    private long errors;

    DataChunkDecoder(AudioConfig config, AudioSink sink) {
        this.opus = !"pcm".equals(config.codec());
        this.sink = sink;
        this.resampler = opus ? null : new PcmResampler(config.sampleRate(), config.channels());
    }

    /** Decodes one chunk and hands its audio on; returns false if it could not be decoded. */
    boolean decode(byte[] chunk) {
        if (chunk.length == 0) {
            return true;
        }
        short[] pcm;
        int n;
        if (opus) {
            if (opusDecoder == null) {
                opusDecoder = new OpusAudioDecoder();
            }
            n = opusDecoder.decode(chunk, 0, chunk.length);
            if (n < 0) {
                errors++;
                return false;
            }
            pcm = opusDecoder.pcm();
        } else {
            int room = resampler.maxOutputSamples(chunk.length);
            if (resampled.length < room) {
                resampled = new short[room];
            }
            n = resampler.process(chunk, 0, chunk.length, resampled, 0);
            pcm = resampled;
        }
        samples += n;
        for (int off = 0; off < n; off += FRAME_SAMPLES) {
            int len = Math.min(FRAME_SAMPLES, n - off);
            System.arraycopy(pcm, off, frame, 0, len);
            sink.onAudio(AudioFrame.of(frame, len));
        }
        return true;
    }

    long samples() {
        return samples;
    }

    long errors() {
        return errors;
    }
}
