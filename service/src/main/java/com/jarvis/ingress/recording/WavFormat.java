package com.jarvis.ingress.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one WAV layout the sink writes: a canonical 44-byte header (RIFF, {@code fmt } PCM, {@code data}) before
 * 16 kHz mono 16-bit little-endian samples. Because the header is always exactly this, a file's audio length follows
 * from its size alone, which is what lets a file that is still being written be served with a correct header.
 */
final class WavFormat {
    static final int HEADER_BYTES = 44;
    static final int SAMPLE_RATE = 16_000;
    static final int BYTES_PER_SAMPLE = 2;
    static final int BYTES_PER_SECOND = SAMPLE_RATE * BYTES_PER_SAMPLE;
    /** The RIFF size fields are unsigned 32-bit; the sink caps files far below this. */
    static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36;
    /** Offsets of the two size fields the writer keeps up to date. */
    static final int RIFF_SIZE_OFFSET = 4;
    static final int DATA_SIZE_OFFSET = 40;

    private WavFormat() {
    }

    /** The header for {@code dataBytes} bytes of samples. */
    static byte[] header(long dataBytes) {
        if (dataBytes < 0 || dataBytes > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("data size " + dataBytes);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE)
                .putInt(BYTES_PER_SECOND).putShort((short) BYTES_PER_SAMPLE).putShort((short) 16);
        b.put(ascii("data")).putInt((int) dataBytes);
        return b.array();
    }

    /** Bytes of whole samples in a file of {@code fileBytes} (a torn last sample is left out). */
    static long dataBytesOf(long fileBytes) {
        return Math.max(0, fileBytes - HEADER_BYTES) & ~1L;
    }

    static double seconds(long dataBytes) {
        return dataBytes / (double) BYTES_PER_SECOND;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
