package com.jarvis.ingress.asr;

/**
 * The {@code opus} field of an OPUS frame: the RTP Opus payloads of the frame, in order, each preceded by its
 * length as a 2-byte big-endian unsigned integer. A frame holds at most {@link #MAX_FRAME_BYTES} (far above what
 * 100 ms of Opus at its highest bitrate needs), so a hostile sender cannot make frames large.
 */
final class OpusFrameWriter {
    static final int MAX_FRAME_BYTES = 16 * 1024;
    static final int PREFIX_BYTES = 2;

    private OpusFrameWriter() {
    }

    /** True when a packet of {@code length} bytes fits in a frame at all. */
    static boolean fits(int length) {
        return length > 0 && length + PREFIX_BYTES <= MAX_FRAME_BYTES;
    }

    /** True when a frame holding {@code used} bytes has room for one more packet of {@code length} bytes. */
    static boolean hasRoom(int used, int length) {
        return used + PREFIX_BYTES + length <= MAX_FRAME_BYTES;
    }

    /** Appends one length-prefixed packet at {@code used}; returns the new length. */
    static int append(byte[] frame, int used, byte[] packet, int off, int length) {
        frame[used] = (byte) (length >>> 8);
        frame[used + 1] = (byte) length;
        System.arraycopy(packet, off, frame, used + PREFIX_BYTES, length);
        return used + PREFIX_BYTES + length;
    }
}
