package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.audio.AudioFrame;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A producer's receive statistics as its owner I/O thread last published them, for readers on other threads (HTTP
 * stats, the session extender) that must not take the packet path's lock. One writer; release stores cost nothing
 * extra on the packet path and each value is read whole, but two values may come from consecutive packets.
 */
final class PublishedStats {
    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;
    private static final VarHandle LOST;
    private static final VarHandle JITTER;
    private static final VarHandle LEVEL;
    private static final VarHandle PASSED_THROUGH;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PACKETS = l.findVarHandle(PublishedStats.class, "packets", long.class);
            BYTES = l.findVarHandle(PublishedStats.class, "bytes", long.class);
            LOST = l.findVarHandle(PublishedStats.class, "lost", int.class);
            JITTER = l.findVarHandle(PublishedStats.class, "jitter", long.class);
            LEVEL = l.findVarHandle(PublishedStats.class, "level", int.class);
            PASSED_THROUGH = l.findVarHandle(PublishedStats.class, "passedThroughSamples", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long packets;
    private long bytes;
    private int lost;
    private long jitter;
    private int level = -1;
    private long passedThroughSamples;

    /** Owner thread: the stream's counters after an accepted packet. */
    void publish(long packets, long bytes, int lost, long jitter, int level) {
        BYTES.setRelease(this, bytes);
        LOST.setRelease(this, lost);
        JITTER.setRelease(this, jitter);
        LEVEL.setRelease(this, level);
        PACKETS.setRelease(this, packets);
    }

    /** Owner thread: Opus samples (16 kHz) passed through undecoded so far. */
    void publishPassedThrough(long samples) {
        PASSED_THROUGH.setRelease(this, samples);
    }

    /** Any thread: the last published values, with {@code decodedSamples} (16 kHz) from the decoder. */
    TransportStats read(long decodedSamples) {
        long p = (long) PACKETS.getAcquire(this);
        int lvl = (int) LEVEL.getAcquire(this);
        return new TransportStats(p, (long) BYTES.getAcquire(this), Math.max(0, (int) LOST.getAcquire(this)),
                (long) JITTER.getAcquire(this) / (double) Router.OPUS_CLOCK_RATE,
                (decodedSamples + (long) PASSED_THROUGH.getAcquire(this)) / (double) AudioFrame.SAMPLE_RATE,
                lvl < 0 ? -1 : lvl & 0x7f);
    }
}
