package com.jarvis.ingress.whip;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With TURN configured, the WHIP answer carries the same ICE servers as {@code GET /api/webrtc/ice-servers} as
 * RFC 9725 {@code Link: <url>; rel="ice-server"} headers, with a TURN REST credential minted for the caller.
 */
class WhipIceServerLinksIT {
    private static final Pattern TURN_LINK = Pattern.compile(
            "<turn:turn\\.example\\.net:3478\\?transport=udp>; rel=\"ice-server\"; username=\"(\\d+):([0-9a-f-]{36})\"; "
                    + "credential=\"([A-Za-z0-9+/=]+)\"; credential-type=\"password\"");

    @Test
    void theAnswerLinksTheCallersTurnServer() {
        String db = PostgresTestDatabase.create("ingress_whip_links");
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "TURN_SECRET", "whip-links-secret-0123456789abcdef0123456789",
                "TURN_URLS", "turn:turn.example.net:3478?transport=udp"))) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            Response r = api.send(api.builder("/api/whip", token).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(SdpSamples.gstreamer())));
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            List<String> links = r.headers().allValues("Link");
            assertThat(links).hasSize(1);
            Matcher m = TURN_LINK.matcher(links.get(0));
            assertThat(m.matches()).as(links.get(0)).isTrue();
            assertThat(Long.parseLong(m.group(1)) * 1000).isGreaterThan(System.currentTimeMillis());
            // the same user as the credential transport/create's sibling endpoint mints for this token
            Response servers = api.get("/api/webrtc/ice-servers", token);
            assertThat(servers.status()).isEqualTo(200);
            assertThat(servers.raw()).contains(":" + m.group(2) + "\"");
        }
    }
}
