package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.audio.OpusStreamDecoder;
import com.jarvis.ingress.media.audio.PcmResampler;
import com.jarvis.ingress.session.AudioConfig;

/**
 * Turns a session's binary data channel chunks into the same 16 kHz mono frames the RTP path produces, in the
 * session's {@code audioConfig.codec}: {@code opus}, one Opus packet per chunk; {@code pcm}, 16-bit little-endian
 * PCM at the session's sample rate and channels (a chunk may split a sample; the rest comes with the next chunk).
 * Frames go out in pieces of at most 20 ms. Undecodable chunks are counted, never thrown.
 *
 * <p>Opus chunks are decoded off the I/O thread, like RTP: {@link #offer} copies the chunk into the session's lane
 * of the media server's {@link DecodePool} and a pool thread decodes the lane in order with the server's
 * {@link OpusDecoders} (libopus when present); a full lane refuses the chunk ({@link #offer} returns false, the
 * caller counts the drop). PCM is only resampled, cheap enough to stay on the caller's thread. One per transport;
 * {@link #offer} calls are serialised by the caller; the lane and its decoder are made with the first Opus chunk.
 */
final class DataChunkDecoder implements AutoCloseable {
    /** 20 ms at 16 kHz: the frame size of the RTP path. */
    static final int FRAME_SAMPLES = AudioFrame.SAMPLE_RATE / 50;

    private final AudioSink sink;
    private final boolean opus;
    private final DecodePool pool;
    private final OpusDecoders decoders;
    private final int queueChunks;
    /**
     * Opus only: the session's queue on the decode pool and the decoder behind it, made with the first chunk (most
     * sessions never send one, and a decoder may hold native memory). Guarded by this.
     */
    private DecodePool.Lane lane;
    private volatile OpusAudioDecoder opusDecoder;
    private boolean closed;
    /** PCM only. */
    private final PcmResampler resampler;
    /** Reused per frame: written by one thread at a time (the caller's for PCM, the lane's for Opus). */
    private final short[] frame = new short[FRAME_SAMPLES];
    private short[] resampled = new short[0];
    private int chunkIndex;
    /** Written by one thread at a time (see {@link #frame}); read by stats. */
    private volatile long samples;
    /** Chunks refused before decoding (too long for any Opus packet). */
    private volatile long refused;

    DataChunkDecoder(AudioConfig config, AudioSink sink, DecodePool pool, OpusDecoders decoders, int queueChunks) {
        this.sink = sink;
        this.opus = !"pcm".equals(config.codec());
        this.pool = pool;
        this.decoders = decoders;
        this.queueChunks = queueChunks;
        this.resampler = opus ? null : new PcmResampler(config.sampleRate(), config.channels());
    }

    /**
     * Hands one chunk on for decoding (Opus: queued on the session's lane; PCM: resampled and delivered now).
     *
     * @return false when the chunk was dropped because the session's decode queue is full (or closed)
     */
    boolean offer(byte[] chunk) {
        if (chunk.length == 0) {
            return true;
        }
        if (!opus) {
            int room = resampler.maxOutputSamples(chunk.length);
            if (resampled.length < room) {
                resampled = new short[room];
            }
            int n = resampler.process(chunk, 0, chunk.length, resampled, 0);
            deliver(AudioFrame.of(resampled, n));
            return true;
        }
        if (chunk.length > OpusAudioDecoder.MAX_PACKET_BYTES) {
            refused++; // no Opus packet is this long: an error of the chunk, not of the queue
            return true;
        }
        // Chunks carry no sequence numbers (SCTP delivers them in order, or not at all): never conceal.
        chunkIndex = (chunkIndex + 1) & 0xffff;
        DecodePool.Lane l = lane();
        if (l == null) {
            return true; // closed with its transport: nothing is decoded any more, and no queue filled up
        }
        return l.offer(chunk, 0, chunk.length, -1, chunkIndex, 0, false);
    }

    /** The Opus lane, opened on first use; null once closed. */
    private synchronized DecodePool.Lane lane() {
        if (lane == null && !closed) {
            OpusAudioDecoder d = decoders.create();
            opusDecoder = d;
            lane = pool.open(new OpusStreamDecoder(d, this::deliver), queueChunks);
        }
        return closed ? null : lane;
    }

    /** Splits decoded audio into frames of at most 20 ms without RTP origin (lane thread for Opus). */
    private void deliver(AudioFrame decoded) {
        int n = decoded.sampleCount();
        samples += n;
        short[] pcm = decoded.pcm();
        for (int off = 0; off < n; off += FRAME_SAMPLES) {
            int len = Math.min(FRAME_SAMPLES, n - off);
            System.arraycopy(pcm, off, frame, 0, len);
            sink.onAudio(AudioFrame.of(frame, len));
        }
    }

    /** Chunks waiting for the decode pool (0 for PCM). */
    int queued() {
        DecodePool.Lane l;
        synchronized (this) {
            l = lane;
        }
        return l == null ? 0 : l.queued();
    }

    long samples() {
        return samples;
    }

    long errors() {
        OpusAudioDecoder d = opusDecoder;
        return refused + (d == null ? 0 : d.errors());
    }

    /** Discards queued chunks and frees the decoder; returns once no frame is being delivered. Idempotent. */
    @Override
    public void close() {
        DecodePool.Lane l;
        synchronized (this) {
            closed = true;
            l = lane;
        }
        if (l != null) {
            l.close(); // outside our lock: it waits for a chunk in delivery
        }
    }
}
