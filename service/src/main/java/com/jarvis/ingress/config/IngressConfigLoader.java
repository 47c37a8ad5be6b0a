package com.jarvis.ingress.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads {@link IngressConfig} from environment variables (any name-to-value lookup, so tests can pass their own)
 * and collects every problem before failing, so an operator fixes them all in one go.
 */
public final class IngressConfigLoader {
    static final int MIN_SECRET_BYTES = 32;
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "fatal", "silent");

    private final Function<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private final EnvReader reader;

    private IngressConfigLoader(Function<String, String> env) {
        this.env = env;
        this.reader = new EnvReader(env, problems);
    }

    /** Result of a successful load: the configuration and the warnings worth logging at start-up. */
    public record Loaded(IngressConfig config, List<String> warnings) {
    }

    public static Loaded load(Function<String, String> env) {
        return new IngressConfigLoader(env).load();
    }

    private Loaded load() {
        String nodeEnv = text("NODE_ENV", "development").toLowerCase(Locale.ROOT);
        if (!Set.of("development", "production", "test").contains(nodeEnv)) {
            problems.add("NODE_ENV must be development, production or test (got '" + nodeEnv + "')");
        }
        boolean production = nodeEnv.equals("production");

        int port = integer("PORT", 3000, 0, 65535);
        int grpcPort = integer("GRPC_PORT", 50051, 0, 65535);
        DatabaseUrl database = null;
        String dbText = blankToNull(env.apply("DATABASE_URL"));
        if (dbText != null) {
            try {
                database = DatabaseUrl.parse(dbText, blankToNull(env.apply("POSTGRES_PASSWORD")));
            } catch (IllegalArgumentException e) {
                problems.add("DATABASE_URL " + e.getMessage());
            }
        } else if (production) {
            problems.add("DATABASE_URL is required when NODE_ENV=production (the embedded database is for development only)");
        }
        Path dataDir = Path.of(text("DATA_DIR", "data"));

        // At least 2: Flyway holds one connection and takes a second to create its history table at start-up.
        int poolMax = integer("PGPOOL_MAX_INGRESS", 5, 2, 200);
        Duration connTimeout = Duration.ofMillis(integer("PG_CONN_TIMEOUT_MS", 2000, 250, 600_000));
        Duration idleTimeout = Duration.ofMillis(integer("PG_IDLE_TIMEOUT_MS", 10_000, 1000, 86_400_000));
        int retries = integer("PG_CONNECT_RETRIES", 3, 0, 100);

        String redisUrl = blankToNull(env.apply("REDIS_URL"));
        if (redisUrl != null && !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
            problems.add("REDIS_URL must start with redis:// or rediss:// (got '" + redisUrl.replaceAll("//[^@/]*@", "//***@") + "')");
        }

        byte[] secret;
        boolean generated = false;
        String secretText = env.apply("JWT_SECRET");
        if (secretText == null || secretText.isEmpty()) {
            secret = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            generated = true;
            if (production) {
                problems.add("JWT_SECRET is required when NODE_ENV=production (at least " + MIN_SECRET_BYTES + " bytes)");
            } else {
                try {
                    secret = DevelopmentSecret.loadOrCreate(dataDir, MIN_SECRET_BYTES);
                    warnings.add("JWT_SECRET is not set: using the development secret kept in "
                            + dataDir.resolve(DevelopmentSecret.FILE_NAME) + " (production requires JWT_SECRET)");
                } catch (IOException | RuntimeException e) {
                    warnings.add("JWT_SECRET is not set and no secret could be kept under DATA_DIR (" + e.getMessage()
                            + "): using a random secret for this run; tokens will not survive a restart");
                }
            }
        } else {
            secret = secretText.getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                String msg = "JWT_SECRET is " + secret.length + " bytes; at least " + MIN_SECRET_BYTES + " are needed for HS256";
                if (production) {
                    problems.add(msg);
                } else {
                    warnings.add(msg + " (accepted outside production, refused in production)");
                    secret = stretch(secret);
                }
            }
        }

        String accessText = text("JWT_EXPIRES_IN", "7d");
        Duration accessTtl = duration("JWT_EXPIRES_IN", accessText);
        String refreshText = text("REFRESH_TOKEN_EXPIRES_IN", "30d");
        Duration refreshTtl = duration("REFRESH_TOKEN_EXPIRES_IN", refreshText);
        Duration sessionTtl = duration("SESSION_TTL", text("SESSION_TTL", "1h"));
        Duration cleanup = duration("SESSION_CLEANUP_INTERVAL", text("SESSION_CLEANUP_INTERVAL", "60s"));

        String logLevel = text("LOG_LEVEL", "info").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            problems.add("LOG_LEVEL must be one of " + LOG_LEVELS + " (got '" + logLevel + "')");
        }
        String instanceId = text("INSTANCE_ID", defaultInstanceId());

        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        IngressConfig config = new IngressConfig(port, grpcPort, production, database, dataDir, poolMax, connTimeout,
                idleTimeout, retries, redisUrl, secret, generated, accessText, accessTtl, refreshText, refreshTtl,
                sessionTtl, cleanup, logLevel, instanceId);
        return new Loaded(config, List.copyOf(warnings));
    }

    /** A short development secret is hashed up to 32 bytes so HS256 accepts it; production refuses it instead. */
    private static byte[] stretch(byte[] secret) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(String name, String fallback) {
        return reader.text(name, fallback);
    }

    private int integer(String name, int fallback, int min, int max) {
        return reader.integer(name, fallback, min, max);
    }

    private Duration duration(String name, String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return Duration.ofSeconds(1);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "ingress";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
