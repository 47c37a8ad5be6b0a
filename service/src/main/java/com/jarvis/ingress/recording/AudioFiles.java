package com.jarvis.ingress.recording;

import com.jarvis.ingress.session.SessionIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's directory: one {@code <sessionId>.wav} per session, and the bytes all of them take (kept as a running
 * total, so the writer can refuse audio beyond the disk budget without listing the directory).
 */
public class AudioFiles {
    private static final Logger log = LoggerFactory.getLogger(AudioFiles.class);
    static final String SUFFIX = ".wav";

    private final Path dir;
    private final AtomicLong usedBytes = new AtomicLong();

    /** A file in the directory, as listed. */
    record Stored(UUID sessionId, Path file, long bytes, Instant modified) {
    }

    AudioFiles(Path dir) {
        this.dir = dir;
        try {
            createDirectory();
        } catch (IOException e) {
            // Not fatal: with an ASR gateway nothing is written here; without one the writer retries and counts.
            log.warn("Cannot create the audio directory {}: {}", dir.toAbsolutePath(), e.toString());
        }
        usedBytes.set(list().stream().mapToLong(Stored::bytes).sum());
    }

    void createDirectory() throws IOException {
        Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    Path fileOf(UUID sessionId) {
        return dir.resolve(sessionId + SUFFIX);
    }

    /** The session's audio so far as a WAV, or empty when it has none (yet). */
    public Optional<WavResource> find(UUID sessionId) {
        Path file = fileOf(sessionId);
        try {
            long size = Files.size(file);
            long data = WavFormat.dataBytesOf(size);
            return size < WavFormat.HEADER_BYTES || data == 0 ? Optional.empty()
                    : Optional.of(new WavResource(file, data));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The session files in the directory (other names are left alone). */
    List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Optional<UUID> id = SessionIds.parse(name.substring(0, name.length() - SUFFIX.length()));
                if (id.isEmpty()) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    out.add(new Stored(id.get(), f, a.size(), a.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Deletes a listed file; true if it was there. */
    boolean delete(Stored s) throws IOException {
        boolean deleted = Files.deleteIfExists(s.file());
        if (deleted) {
            usedBytes.addAndGet(-s.bytes());
        }
        return deleted;
    }

    /** Counts bytes the writer added. */
    void added(long bytes) {
        usedBytes.addAndGet(bytes);
    }

    long usedBytes() {
        return usedBytes.get();
    }
}
