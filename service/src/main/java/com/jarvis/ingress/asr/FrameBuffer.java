package com.jarvis.ingress.asr;

import java.util.ArrayDeque;

/**
 * The bounded queue between a session's packet path and its gateway stream: at most {@code maxFrames} frames and
 * {@code maxBytes} bytes. Offering never blocks; when full, the oldest frames go (the caller counts them). The
 * lock is held for a few field updates only.
 */
final class FrameBuffer {
    private final int maxFrames;
    private final int maxBytes;
    private final ArrayDeque<BufferedFrame> frames = new ArrayDeque<>();
    private int bytes;

    FrameBuffer(int maxFrames, int maxBytes) {
        if (maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("buffer bounds must be positive");
        }
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Adds a frame, dropping the oldest ones beyond the bounds; returns how many were dropped. */
    synchronized int offer(BufferedFrame frame) {
        frames.addLast(frame);
        bytes += frame.bytes();
        int dropped = 0;
        while (frames.size() > 1 && (frames.size() > maxFrames || bytes > maxBytes)) {
            bytes -= frames.removeFirst().bytes();
            dropped++;
        }
        return dropped;
    }

    synchronized BufferedFrame poll() {
        BufferedFrame f = frames.pollFirst();
        if (f != null) {
            bytes -= f.bytes();
        }
        return f;
    }

    synchronized boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Empties the buffer; returns the number of audio frames (not end-of-stream markers) thrown away. */
    synchronized int clear() {
        int n = (int) frames.stream().filter(f -> !f.endOfStream()).count();
        frames.clear();
        bytes = 0;
        return n;
    }

    synchronized int size() {
        return frames.size();
    }

    synchronized int bytes() {
        return bytes;
    }
}
