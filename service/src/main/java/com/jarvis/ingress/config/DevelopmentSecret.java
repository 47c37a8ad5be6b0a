package com.jarvis.ingress.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The JWT secret of a development server without {@code JWT_SECRET}: generated once and kept in
 * {@code DATA_DIR/jwt-secret} (owner read/write only), so a restarted dev server does not log every device out.
 * Never used in production, which requires {@code JWT_SECRET}.
 */
final class DevelopmentSecret {
    static final String FILE_NAME = "jwt-secret";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DevelopmentSecret() {
    }

    /** The kept secret, creating it first if needed. */
    static byte[] loadOrCreate(Path dataDir, int bytes) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return read(file, bytes);
        }
        Files.createDirectories(dataDir);
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        // Written to a private temporary file and moved into place: never readable by others, never half written.
        Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
        try {
            restrict(tmp);
            Files.write(tmp, Base64.getEncoder().encodeToString(secret).getBytes(StandardCharsets.US_ASCII));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } catch (FileAlreadyExistsException raced) {
            return read(file, bytes);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return read(file, bytes);
    }

    private static byte[] read(Path file, int bytes) throws IOException {
        restrict(file);
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a base64 secret; delete it to generate a new one");
        }
        if (secret.length < bytes) {
            throw new IOException(file + " holds only " + secret.length + " bytes; delete it to generate a new one");
        }
        return secret;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems: the directory's own protection applies.
        }
    }
}
