package com.jarvis.ingress.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The service's configuration, read once from the spec's environment variables and validated by
 * {@link IngressConfigLoader}. Secrets are kept out of {@link #toString()}.
 *
 * @param grpcPort        GRPC_PORT, 0 for any free port (tests)
 * @param database        null when no DATABASE_URL is set: the embedded database under {@code dataDir} is used
 * @param redisUrl        null when no REDIS_URL is set: an in-process cache is used
 * @param jwtSecretGenerated true when no JWT_SECRET was given and a random one was made (development only)
 */
public record IngressConfig(
        int port,
        int grpcPort,
        boolean production,
        DatabaseUrl database,
        Path dataDir,
        int pgPoolMax,
        Duration pgConnTimeout,
        Duration pgIdleTimeout,
        int pgConnectRetries,
        String redisUrl,
        byte[] jwtSecret,
        boolean jwtSecretGenerated,
        String accessTokenExpiresIn,
        Duration accessTokenTtl,
        String refreshTokenExpiresIn,
        Duration refreshTokenTtl,
        Duration sessionTtl,
        Duration sessionCleanupInterval,
        String logLevel,
        String instanceId) {

    public boolean embeddedDatabase() {
        return database == null;
    }

    public boolean embeddedCache() {
        return redisUrl == null;
    }

    @Override
    public String toString() {
        return "IngressConfig[port=" + port + ", grpcPort=" + grpcPort + ", production=" + production
                + ", database=" + (database == null ? "embedded(" + dataDir + ")" : database)
                + ", redis=" + (redisUrl == null ? "in-process" : "configured")
                + ", accessTokenExpiresIn=" + accessTokenExpiresIn + ", refreshTokenExpiresIn=" + refreshTokenExpiresIn
                + ", sessionTtl=" + sessionTtl + ", instanceId=" + instanceId + "]";
    }
}
