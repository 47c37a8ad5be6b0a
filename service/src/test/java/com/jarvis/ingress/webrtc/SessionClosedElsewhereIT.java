package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.cache.CacheKeys;
import com.jarvis.ingress.media.transport.CloseReason;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.lettuce.core.RedisClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Instances on one database and one Redis: a session whose transport lives on A is ended elsewhere. A must let go of
 * the transport (its ports, its slot of the user's quota, its audio stream), not hold it until the client leaves,
 * and a session still open keeps its transport. The relayed close acts at once; the periodic check catches a close
 * whose relay message was lost.
 */
class SessionClosedElsewhereIT {
    private static final String DB = PostgresTestDatabase.create("ingress_closed_elsewhere");

    private static ServiceInstance start(String checkInterval) {
        return ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", IntegrationTest.REDIS_URL, "SESSION_EXTEND_INTERVAL", checkInterval,
                // only these mechanisms may close the unconnected transports within the test
                "RTC_CONNECT_TIMEOUT_MS", "120000"));
    }

    /** Two sessions of one user on {@code a}, each with a transport: {ended, kept}. */
    private static String[] twoSessionsWithTransports(ApiClient onA, String token) {
        String[] sessions = {onA.createSession(token), onA.createSession(token)};
        for (String session : sessions) {
            Response created = onA.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + session + "\"}", token);
            assertThat(created.status()).as(created.raw()).isEqualTo(200);
        }
        return sessions;
    }

    private static void assertLetGo(ServiceInstance a, WebRtcTransport transport, String ended, String kept,
                                    String token) {
        WebRtcService webrtc = a.bean(WebRtcService.class);
        assertThat(transport.closeReason()).isEqualTo(CloseReason.CLOSED_BY_APP);
        assertThat(webrtc.sessionsWithMedia()).containsExactly(UUID.fromString(kept));
        assertThat(webrtc.transportOf(UUID.fromString(kept)).isClosed()).isFalse();
        Response connect = a.api().post("/api/webrtc/transport/connect", WebRtcApiIT.connectBody(ended, "sha-256",
                WebRtcApiIT.FP_VALUE), token);
        assertThat(connect.status()).as(connect.raw()).isEqualTo(409);
        assertThat(connect.errorCode()).isEqualTo("session_closed");
    }

    @Test
    void aSessionEndedOnAnotherInstanceHasItsTransportClosedHereAtOnce() throws Exception {
        try (ServiceInstance a = start("1h"); ServiceInstance b = start("1h")) {
            String token = a.api().newAccessToken();
            String[] s = twoSessionsWithTransports(a.api(), token);
            WebRtcTransport transport = a.bean(WebRtcService.class).transportOf(UUID.fromString(s[0]));

            long ended = System.nanoTime();
            assertThat(b.api().delete("/api/session/" + s[0], token).status()).isEqualTo(200);

            DataChannelBrowserIT.await(transport::isClosed);
            assertThat((System.nanoTime() - ended) / 1_000_000).as("ms: relayed, not the hourly check")
                    .isLessThan(5_000);
            assertLetGo(a, transport, s[0], s[1], token);
        }
    }

    @Test
    void aCloseWhoseRelayMessageWasLostIsFoundByThePeriodicCheck() throws Exception {
        try (ServiceInstance a = start("1s"); RedisClient redis = RedisClient.create(IntegrationTest.REDIS_URL)) {
            String token = a.api().newAccessToken();
            String[] s = twoSessionsWithTransports(a.api(), token);
            WebRtcTransport transport = a.bean(WebRtcService.class).transportOf(UUID.fromString(s[0]));

            // What another instance's end stores, without its relay message (Redis was briefly unreachable for it).
            try (Connection c = PostgresTestDatabase.connect(DB);
                 PreparedStatement end = c.prepareStatement(
                         "UPDATE sessions SET status = 'ended', ended_at = now(), updated_at = now() WHERE id = ?")) {
                end.setObject(1, UUID.fromString(s[0]));
                assertThat(end.executeUpdate()).isEqualTo(1);
            }
            try (var connection = redis.connect()) {
                connection.sync().del(CacheKeys.session(s[0]));
            }

            DataChannelBrowserIT.await(transport::isClosed);
            assertLetGo(a, transport, s[0], s[1], token);
        }
    }
}
