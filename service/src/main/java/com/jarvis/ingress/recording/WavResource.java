package com.jarvis.ingress.recording;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.core.io.AbstractResource;

/**
 * A session's WAV as it is at one moment: a fresh header for the {@code dataBytes} present then, followed by those
 * bytes of the file, so a file still being written is served as a complete, valid WAV. Re-readable (each
 * {@link #getInputStream()} opens the file again), which lets Spring serve HTTP Range requests from it.
 */
public final class WavResource extends AbstractResource {
    private final Path file;
    private final long dataBytes;

    WavResource(Path file, long dataBytes) {
        this.file = file;
        this.dataBytes = dataBytes;
    }

    @Override
    public long contentLength() {
        return WavFormat.HEADER_BYTES + dataBytes;
    }

    /** Seconds of audio. */
    public double seconds() {
        return WavFormat.seconds(dataBytes);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ).position(WavFormat.HEADER_BYTES);
        return new SequenceInputStream(new ByteArrayInputStream(WavFormat.header(dataBytes)),
                new Limited(Channels.newInputStream(ch), dataBytes));
    }

    @Override
    public String getDescription() {
        return "WAV " + file.getFileName() + " (" + dataBytes + " bytes of samples)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WavResource r && r.file.equals(file) && r.dataBytes == dataBytes;
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Long.hashCode(dataBytes);
    }

    /** Stops at the byte count of the snapshot, whatever the writer appends meanwhile. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }
}
