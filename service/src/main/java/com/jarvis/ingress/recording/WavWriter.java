package com.jarvis.ingress.recording;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends 16 kHz mono PCM to one session's WAV file, up to a maximum size. Samples are buffered and written on
 * {@link #flush()}, which also rewrites the header's two size fields, so the file on disk is a valid WAV of
 * everything flushed so far. Opening an existing file appends to it (a session whose transport was replaced, or
 * whose writer was closed to bound open files). Not thread-safe: one writer thread owns it.
 */
final class WavWriter implements Closeable {
    static final int BUFFER_BYTES = 16 * 1024;

    private final FileChannel channel;
    private final long maxDataBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** The canonical header; its two size fields are rewritten in place on each flush. */
    private final ByteBuffer header = ByteBuffer.wrap(WavFormat.header(0)).order(ByteOrder.LITTLE_ENDIAN);
    /** Bytes of samples in the file plus the buffer. */
    private long dataBytes;
    private boolean headerStale;

    private WavWriter(FileChannel channel, long existingDataBytes, long maxDataBytes) {
        this.channel = channel;
        this.dataBytes = existingDataBytes;
        this.maxDataBytes = Math.min(maxDataBytes, WavFormat.MAX_DATA_BYTES);
    }

    /** Creates the file, or reopens it to append after the samples it holds. */
    static WavWriter open(Path file, long maxDataBytes) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            long existing = 0;
            if (size < WavFormat.HEADER_BYTES) {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(WavFormat.header(0)), 0);
            } else {
                existing = WavFormat.dataBytesOf(size);
                ch.truncate(WavFormat.HEADER_BYTES + existing);
            }
            ch.position(WavFormat.HEADER_BYTES + existing);
            return new WavWriter(ch, existing, maxDataBytes);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Appends {@code length} bytes of 16-bit little-endian samples; returns how many were taken, fewer (down to 0)
     * once the file is at its maximum size.
     */
    int append(byte[] pcm, int length) throws IOException {
        int take = (int) Math.min(length, (maxDataBytes - dataBytes) & ~1L);
        int offset = 0;
        while (offset < take) {
            if (!buffer.hasRemaining()) {
                drainBuffer();
            }
            int n = Math.min(buffer.remaining(), take - offset);
            buffer.put(pcm, offset, n);
            offset += n;
        }
        dataBytes += take;
        headerStale |= take > 0;
        return take;
    }

    boolean full() {
        return maxDataBytes - dataBytes < WavFormat.BYTES_PER_SAMPLE;
    }

    long dataBytes() {
        return dataBytes;
    }

    /** Writes the buffered samples and brings the header's sizes up to date. */
    void flush() throws IOException {
        drainBuffer();
        if (headerStale) {
            writeSizes();
            headerStale = false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    private void drainBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * Both size fields in one positional write: header bytes 4..43 (what lies between the two fields never
     * changes), one system call per flush instead of two; at 500 sessions the writer flushes 2,500 files a second.
     */
    private void writeSizes() throws IOException {
        header.putInt(WavFormat.RIFF_SIZE_OFFSET, (int) (36 + dataBytes)).putInt(WavFormat.DATA_SIZE_OFFSET,
                (int) dataBytes);
        header.limit(WavFormat.HEADER_BYTES).position(WavFormat.RIFF_SIZE_OFFSET);
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
    }
}
