package com.jarvis.ingress.media.audio;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The system's libopus ({@link LibOpus}) at 16 kHz mono: libopus decodes every mode, hybrid included, at 16 kHz
 * itself, so no resampling is needed. The decoder state and two native buffers (packet in, PCM out) are allocated
 * once; a packet is copied in and the samples out, so decoding allocates nothing. {@link #close} frees the native
 * memory exactly once (a {@link Cleaner} does it if a codec is dropped unclosed). Decode and close are
 * synchronized, so a close from another thread can never free the state under a running decode.
 */
final class LibOpusCodec implements OpusCodec {
    static final int RATE = 16_000;
    /** Largest packet accepted: libopus's recommended encoder output buffer; larger packets are refused. */
    static final int MAX_PACKET_BYTES = 4000;

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "libopus-cleaner");
        t.setDaemon(true);
        return t;
    });
    /** Native decoder states not yet freed (for leak checks). */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final NativeState memory;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    /** @throws IllegalStateException when libopus is not loaded or refuses to create a decoder */
    LibOpusCodec() {
        if (!LibOpus.available()) {
            throw new IllegalStateException("libopus is not available: " + LibOpus.unavailableReason());
        }
        memory = NativeState.allocate();
        cleanable = CLEANER.register(this, memory);
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public synchronized int decode(byte[] packet, int off, int len, short[] pcm, int frameSize, boolean fec) {
        if (closed || frameSize <= 0 || frameSize > NativeState.MAX_FRAME || frameSize > pcm.length) {
            return -1;
        }
        Pointer data = null;
        if (packet != null) {
            if (len <= 0 || len > MAX_PACKET_BYTES || off < 0 || off > packet.length - len) {
                return -1;
            }
            memory.in.write(0, packet, off, len);
            data = memory.in;
        } else {
            len = 0;
        }
        int n = LibOpus.opus_decode(memory.state, data, len, memory.out, frameSize, fec ? 1 : 0);
        if (n > 0) {
            memory.out.read(0, pcm, 0, n);
        }
        return n;
    }

    @Override
    public synchronized void reset() {
        if (!closed) {
            LibOpus.opus_decoder_init(memory.state, RATE, 1);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    static int liveStates() {
        return LIVE.get();
    }

    /** The native memory of one codec; also its cleaning action, which runs at most once. */
    private static final class NativeState implements Runnable {
        /** 120 ms at 16 kHz: the longest packet, and the most one call may write. */
        static final int MAX_FRAME = RATE * 120 / 1000;

        final Pointer state;
        final Pointer in;
        final Pointer out;

        private NativeState(Pointer state, Pointer in, Pointer out) {
            this.state = state;
            this.in = in;
            this.out = out;
        }

        static NativeState allocate() {
            int[] error = new int[1];
            Pointer state = LibOpus.opus_decoder_create(RATE, 1, error);
            if (state == null || error[0] != LibOpus.OK) {
                if (state != null) {
                    LibOpus.opus_decoder_destroy(state);
                }
                throw new IllegalStateException("opus_decoder_create failed: " + error[0]);
            }
            long in = Native.malloc(MAX_PACKET_BYTES);
            long out = Native.malloc(MAX_FRAME * 2L);
            if (in == 0 || out == 0) {
                Native.free(in);
                Native.free(out);
                LibOpus.opus_decoder_destroy(state);
                throw new OutOfMemoryError("native buffers of an Opus decoder");
            }
            LIVE.incrementAndGet();
            return new NativeState(state, new Pointer(in), new Pointer(out));
        }

        @Override
        public void run() {
            LibOpus.opus_decoder_destroy(state);
            Native.free(Pointer.nativeValue(in));
            Native.free(Pointer.nativeValue(out));
            LIVE.decrementAndGet();
        }
    }
}
