package com.jarvis.ingress.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.IngressApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process refuses to start, exits non-zero and says why in one clear message per problem. */
class StartupFailureIT {

    record Exit(int code, String output) {
    }

    private static Exit run(Map<String, String> env, Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                IngressApplication.class.getName());
        pb.environment().keySet().removeIf(k -> k.matches("DATABASE_URL|REDIS_URL|JWT_SECRET|NODE_ENV|PORT|GRPC_PORT|ASR_.*"));
        pb.environment().put("STUN_PORT", "0"); // no STUN server on 3478 unless a test asks for one
        pb.environment().putAll(env);
        pb.environment().put("PORT", "0");
        pb.environment().put("GRPC_PORT", "0");
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("service did not exit");
        }
        return new Exit(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void productionRefusesInsecureDefaults(@TempDir Path dir) throws Exception {
        Exit exit = run(Map.of("NODE_ENV", "production", "JWT_EXPIRES_IN", "forever"), dir);
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output())
                .contains("JWT_SECRET is required when NODE_ENV=production")
                .contains("DATABASE_URL is required when NODE_ENV=production")
                .contains("JWT_EXPIRES_IN: 'forever' is not a duration");
    }

    @Test
    void productionRefusesAShortSecret(@TempDir Path dir) throws Exception {
        Exit exit = run(Map.of("NODE_ENV", "production", "JWT_SECRET", "short",
                "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"), dir);
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("JWT_SECRET is 5 bytes; at least 32 are needed");
    }

    @Test
    void unreachableDatabaseIsRetriedThenGivenUp(@TempDir Path dir) throws Exception {
        Exit exit = run(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere", "PG_CONNECT_RETRIES", "1"), dir);
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("PostgreSQL not reachable (attempt 1/2)")
                .contains("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere after 2 attempts");
    }

    @Test
    void badAsrSettingsStopStartUp(@TempDir Path dir) throws Exception {
        Exit exit = run(Map.of("ASR_GATEWAY_URL", "http://asr:50051", "ASR_FRAME_MS", "500",
                "ASR_AUDIO_ENCODING", "flac"), dir);
        assertThat(exit.code()).isNotZero();
        assertThat(exit.output()).contains("ASR_GATEWAY_URL must start with grpc:// (plaintext) or grpcs:// (TLS)")
                .contains("ASR_FRAME_MS must be between 20 and 100 (got 500)")
                .contains("ASR_AUDIO_ENCODING must be pcm or opus (got 'flac')");
    }

    @Test
    void aTakenStunPortStopsStartUpWithAClearMessage(@TempDir Path dir) throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Exit exit = run(Map.of("STUN_PORT", String.valueOf(port), "MEDIASOUP_LISTEN_IP", "127.0.0.1",
                    "RTC_MIN_PORT", "0", "RTC_MAX_PORT", "0"), dir);
            assertThat(exit.code()).isNotZero();
            assertThat(exit.output()).contains("STUN_PORT " + port + " is already in use on 127.0.0.1")
                    .contains("Set STUN_PORT=0").contains("Fix the environment variables");
        }
    }
}
