package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.transport.CloseReason;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database and one Redis: a session whose transport lives on A is ended through B. A must let
 * go of the transport (its ports, its slot of the user's quota, its audio stream) within one check interval, not
 * hold it until the client leaves; and a session still open keeps its transport.
 */
class SessionClosedElsewhereIT {

    @Test
    void aSessionEndedOnAnotherInstanceHasItsTransportClosedHereWithinOneInterval() throws Exception {
        String db = PostgresTestDatabase.create("ingress_closed_elsewhere");
        Map<String, String> env = Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", IntegrationTest.REDIS_URL, "SESSION_EXTEND_INTERVAL", "1s",
                // only this mechanism may close the unconnected transports within the test
                "RTC_CONNECT_TIMEOUT_MS", "120000");
        try (ServiceInstance a = ServiceInstance.start(env); ServiceInstance b = ServiceInstance.start(env)) {
            ApiClient onA = a.api();
            String token = onA.newAccessToken();
            String ended = onA.createSession(token);
            String kept = onA.createSession(token);
            for (String session : new String[] {ended, kept}) {
                Response created = onA.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + session + "\"}",
                        token);
                assertThat(created.status()).as(created.raw()).isEqualTo(200);
            }
            WebRtcService webrtc = a.bean(WebRtcService.class);
            WebRtcTransport transport = webrtc.transportOf(UUID.fromString(ended));
            assertThat(transport.isClosed()).isFalse();

            assertThat(b.api().delete("/api/session/" + ended, token).status()).isEqualTo(200);

            DataChannelBrowserIT.await(transport::isClosed);
            assertThat(transport.closeReason()).isEqualTo(CloseReason.CLOSED_BY_APP);
            assertThat(webrtc.sessionsWithMedia()).containsExactly(UUID.fromString(kept));
            Response connect = onA.post("/api/webrtc/transport/connect", WebRtcApiIT.connectBody(ended, "sha-256",
                    WebRtcApiIT.FP_VALUE), token);
            assertThat(connect.status()).as(connect.raw()).isEqualTo(409);
            assertThat(connect.errorCode()).isEqualTo("session_closed");

            Thread.sleep(2_500); // two more checks: the open session's transport stays
            assertThat(webrtc.transportOf(UUID.fromString(kept)).isClosed()).isFalse();
        }
    }
}
