package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.SseStream;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The end of an SSE stream is an async dispatch, on which Spring MVC runs the interceptors again. It must not
 * spend a second rate-limit token, nor fail because the access token expired while the stream was open.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionEventsAsyncDispatchIT {
    private static final Pattern USER_REMAINING = Pattern.compile("\"user\";r=(\\d+)");
    private static ServiceInstance instance;

    @BeforeAll
    static void start() {
        String db = PostgresTestDatabase.create("ingress_events_async");
        instance = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379", "RATE_LIMIT_USER_PER_MIN", "6", "JWT_EXPIRES_IN", "3s",
                "RATE_LIMIT_KEY_PREFIX", "ratelimit-" + UUID.randomUUID() + ":"));
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    private static long userRemaining(Response r) {
        Matcher m = USER_REMAINING.matcher(r.headers().firstValue("RateLimit").orElse(""));
        assertThat(m.find()).as("RateLimit header of " + r.raw()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aStreamTakesOneRateLimitTokenWhenItOpensAndNoneWhenItEnds() {
        ApiClient api = instance.api();
        String token = api.newAccessToken();
        String id = api.createSession(token);
        try (SseStream stream = SseStream.open(instance.port(), "/api/session/" + id + "/events", token)) {
            stream.next();
            long afterDelete = userRemaining(api.delete("/api/session/" + id, token));
            stream.next();
            stream.awaitEnd();
            long afterGet = userRemaining(api.get("/api/session/" + id, token));
            assertThat(afterDelete - afterGet).isEqualTo(1);
        }
    }

    @Test
    void aStreamWhoseAccessTokenExpiredStillEndsCleanly(CapturedOutput output) throws Exception {
        ApiClient api = instance.api();
        String token = api.newAccessToken();
        String id = api.createSession(token);
        try (SseStream stream = SseStream.open(instance.port(), "/api/session/" + id + "/events", token)) {
            assertThat(stream.next().data().get("status").asString()).isEqualTo("pending");
            Thread.sleep(3500);
            assertThat(api.get("/api/session/" + id, token).status()).isEqualTo(401);
            // The sweeper expires it (called here rather than waiting for its interval).
            instance.bean(JdbcClient.class).sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = ?")
                    .param(UUID.fromString(id)).update();
            assertThat(instance.bean(SessionService.class).expireDue(10)).isEqualTo(1);
            assertThat(stream.next().data().get("status").asString()).isEqualTo("expired");
            stream.awaitEnd();
        }
        Thread.sleep(200);
        assertThat(output.getOut()).doesNotContain("Failure in @ExceptionHandler").doesNotContain("Unhandled error");
    }
}
