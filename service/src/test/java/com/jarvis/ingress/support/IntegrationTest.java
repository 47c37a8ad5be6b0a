package com.jarvis.ingress.support;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the real service on a random port, against this machine's PostgreSQL (a fresh
 * database per test JVM) and Redis. All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {
    public static final String DATABASE = PostgresTestDatabase.create("ingress_it");
    public static final String REDIS_URL = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");
    public static final String JWT_SECRET = "integration-test-secret-0123456789abcdef";
    /** DATA_DIR of test instances that do not choose one (the embedded sink writes WAV files there). */
    public static final String TEMP_DATA_DIR = tempDataDir();
    /** Limits no test trips by accident (all register from 127.0.0.1); rate-limit tests set their own. */
    public static final Map<String, String> GENEROUS_RATE_LIMITS = Map.of(
            "RATE_LIMIT_REGISTER_PER_MIN", "1000000", "RATE_LIMIT_REFRESH_PER_MIN", "1000000",
            "RATE_LIMIT_USER_PER_MIN", "1000000", "RATE_LIMIT_SESSION_CREATE_PER_MIN", "1000000",
            "RATE_LIMIT_WEBRTC_PER_MIN", "1000000");

    @LocalServerPort
    protected int port;
    protected ApiClient api;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        registry.add("DATABASE_URL", () -> PostgresTestDatabase.url(DATABASE));
        registry.add("REDIS_URL", () -> REDIS_URL);
        registry.add("JWT_SECRET", () -> JWT_SECRET);
        registry.add("SESSION_CLEANUP_INTERVAL", () -> "1h");
        registry.add("NODE_ENV", () -> "test");
        registry.add("RTC_MIN_PORT", () -> "0");
        registry.add("RTC_MAX_PORT", () -> "0");
        registry.add("MEDIASOUP_LISTEN_IP", () -> "127.0.0.1");
        registry.add("STUN_PORT", () -> "0");
        registry.add("GRPC_PORT", () -> "0");
        registry.add("DATA_DIR", () -> TEMP_DATA_DIR);
        GENEROUS_RATE_LIMITS.forEach((name, value) -> registry.add(name, () -> value));
    }

    private static String tempDataDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ingress-test-data");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }
}
