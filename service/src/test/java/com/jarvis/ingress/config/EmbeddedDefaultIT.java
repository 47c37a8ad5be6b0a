package com.jarvis.ingress.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.SessionSweeper;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** No DATABASE_URL, no REDIS_URL, no JWT_SECRET: the embedded defaults, announced in the log, kept across restarts. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultIT {

    @Test
    void runsTheWholeFlowOnTheEmbeddedDefaultAndKeepsDataAcrossRestarts(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        // No JWT_SECRET either (empty = unset): the development secret kept under DATA_DIR must sign the tokens.
        Map<String, String> env = Map.of("DATA_DIR", dataDir.toString(), "SESSION_TTL", "1s", "JWT_SECRET", "");
        JsonNode reg;
        String id;
        try (ServiceInstance svc = ServiceInstance.start(env)) {
            assertThat(output.getOut()).contains("DATABASE_URL is not set: using the embedded H2 database")
                    .contains("REDIS_URL is not set: using an in-process cache");
            ApiClient api = svc.api();
            reg = api.register("embedded-device");
            String token = reg.get("accessToken").asString();
            id = api.createSession(token);
            assertThat(api.patch("/api/session/" + id, "{\"contextData\":{\"a\":1}}", token).status()).isEqualTo(200);
            assertThat(api.get("/api/sessions", token).body().get("sessions")).hasSize(1);
            String second = api.createSession(token);
            assertThat(api.delete("/api/session/" + second, token).status()).isEqualTo(200);
            Thread.sleep(1100);
            assertThat(svc.bean(SessionSweeper.class).sweepOnce()).isEqualTo(1);
            assertThat(api.get("/api/session/" + id, token).text("status")).isEqualTo("expired");
        }
        assertThat(Files.list(dataDir).anyMatch(p -> p.getFileName().toString().startsWith("ingress"))).isTrue();
        assertThat(dataDir.resolve("jwt-secret")).exists();
        try (ServiceInstance again = ServiceInstance.start(env)) {
            ApiClient api = again.api();
            // Issued before the restart and still accepted: the secret was kept, nobody is logged out.
            String token = reg.get("accessToken").asString();
            assertThat(api.get("/api/session/" + id, token).body().at("/contextData/a").asInt()).isEqualTo(1);
            assertThat(api.post("/api/auth/revoke", null, token).status()).isEqualTo(200);
            assertThat(api.get("/api/session/" + id, token).status()).isEqualTo(401);
        }
    }
}
