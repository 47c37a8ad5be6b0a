package com.jarvis.ingress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressConfigLoaderTest {

    @TempDir
    Path dataDir;

    /** Loads with DATA_DIR in a temporary directory unless the test sets it: nothing is written to the checkout. */
    private IngressConfigLoader.Loaded load(Map<String, String> env) {
        Map<String, String> withDir = new HashMap<>(env);
        withDir.putIfAbsent("DATA_DIR", dataDir.toString());
        return IngressConfigLoader.load(withDir::get);
    }

    @Test
    void defaultsMatchTheSpec() {
        IngressConfig c = load(Map.of()).config();
        assertThat(c.port()).isEqualTo(3000);
        assertThat(c.embeddedDatabase()).isTrue();
        assertThat(c.embeddedCache()).isTrue();
        assertThat(c.pgPoolMax()).isEqualTo(5);
        assertThat(c.pgConnTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(c.pgIdleTimeout()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(c.pgConnectRetries()).isEqualTo(3);
        assertThat(c.accessTokenExpiresIn()).isEqualTo("7d");
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(c.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(c.sessionTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.sessionCleanupInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.logLevel()).isEqualTo("info");
    }

    @Test
    void developmentWithoutSecretGeneratesOneKeepsItOwnerOnlyAndReusesItAfterARestart() throws Exception {
        IngressConfigLoader.Loaded loaded = load(Map.of());
        assertThat(loaded.config().jwtSecretGenerated()).isTrue();
        assertThat(loaded.config().jwtSecret()).hasSize(32);
        assertThat(loaded.warnings()).anyMatch(w -> w.startsWith("JWT_SECRET is not set"));
        Path file = dataDir.resolve("jwt-secret");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // The next start (same DATA_DIR) signs with the same secret, so issued tokens stay valid.
        assertThat(load(Map.of()).config().jwtSecret()).isEqualTo(loaded.config().jwtSecret());
        // Another DATA_DIR is another development server.
        Path other = Files.createTempDirectory("ingress-other");
        assertThat(load(Map.of("DATA_DIR", other.toString())).config().jwtSecret())
                .isNotEqualTo(loaded.config().jwtSecret());
        // Production never reads or writes it.
        Files.delete(file);
        assertThatThrownBy(() -> load(Map.of("NODE_ENV", "production")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnreadableSecretFileFallsBackToARandomSecretWithAWarning() throws Exception {
        Files.writeString(dataDir.resolve("jwt-secret"), "not base64 !!!");
        IngressConfigLoader.Loaded loaded = load(Map.of());
        assertThat(loaded.config().jwtSecret()).hasSize(32);
        assertThat(loaded.warnings()).anyMatch(w -> w.contains("tokens will not survive a restart"));
    }

    @Test
    void productionListsEveryProblem() {
        Map<String, String> env = new HashMap<>();
        env.put("NODE_ENV", "production");
        env.put("PORT", "70000");
        env.put("PGPOOL_MAX_INGRESS", "many");
        env.put("REFRESH_TOKEN_EXPIRES_IN", "0d");
        env.put("LOG_LEVEL", "loud");
        assertThatThrownBy(() -> load(env))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("DATABASE_URL is required"))
                        .anyMatch(p -> p.startsWith("JWT_SECRET is required"))
                        .anyMatch(p -> p.startsWith("PORT must be between 0 and 65535"))
                        .anyMatch(p -> p.startsWith("PGPOOL_MAX_INGRESS must be a whole number"))
                        .anyMatch(p -> p.startsWith("REFRESH_TOKEN_EXPIRES_IN: '0d' must be greater than zero"))
                        .anyMatch(p -> p.startsWith("LOG_LEVEL must be one of"))
                        .hasSize(6));
    }

    @Test
    void aPoolOfOneIsRefusedBecauseFlywayNeedsTwoConnectionsAtStartUp() {
        assertThatThrownBy(() -> load(Map.of("PGPOOL_MAX_INGRESS", "1")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly("PGPOOL_MAX_INGRESS must be between 2 and 200 (got 1)"));
    }

    @Test
    void productionAcceptsALongSecretAndPostgres() {
        IngressConfig c = load(Map.of("NODE_ENV", "production", "JWT_SECRET", "s".repeat(32),
                "DATABASE_URL", "postgresql://app:p%40ss@db.internal:6543/jarvis?sslmode=require",
                "REDIS_URL", "redis://cache:6379/2")).config();
        assertThat(c.production()).isTrue();
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/jarvis?sslmode=require");
        assertThat(c.database().username()).isEqualTo("app");
        assertThat(c.database().password()).isEqualTo("p@ss");
        assertThat(c.database().toString()).doesNotContain("p@ss");
        assertThat(c.toString()).doesNotContain("p@ss").doesNotContain("ssss");
    }

    @Test
    void shortSecretIsRefusedInProductionButStretchedInDevelopment() {
        assertThatThrownBy(() -> load(Map.of("NODE_ENV", "production", "JWT_SECRET", "short",
                "DATABASE_URL", "postgresql://u@h/db")))
                .hasMessageContaining("JWT_SECRET is 5 bytes; at least 32 are needed");
        IngressConfigLoader.Loaded dev = load(Map.of("JWT_SECRET", "short"));
        assertThat(dev.config().jwtSecret()).hasSize(32);
        assertThat(dev.warnings()).anyMatch(w -> w.contains("refused in production"));
    }

    @Test
    void badUrlsAreNamed() {
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "mysql://x/y", "REDIS_URL", "http://nope")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("DATABASE_URL must start with postgresql://"))
                        .anyMatch(p -> p.startsWith("REDIS_URL must start with redis://")));
        assertThatThrownBy(() -> load(Map.of("DATABASE_URL", "postgresql://user@host")))
                .hasMessageContaining("DATABASE_URL names no database");
    }

    @Test
    void durationsAcceptTheUsualForms() {
        assertThat(DurationText.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("3600")).isEqualTo(Duration.ofSeconds(3600));
        assertThat(DurationText.parse(" 30S ")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> DurationText.parse("1 week")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationText.parse("-5m")).isInstanceOf(IllegalArgumentException.class);
    }
}
