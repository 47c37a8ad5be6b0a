package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.StunProbe;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * MEDIASOUP_LISTEN_IPS end to end in the service: transport/create lists the candidates of every address (IPv4 and
 * IPv6, UDP and TCP, distinct priorities), an ICE check over IPv6 to the ::1 candidate is answered, and Chromium
 * streams audio to a server whose only candidates are IPv6.
 */
class ListenIpsIT {
    @Test
    void chromiumStreamsOverIpv6() throws Exception {
        E2eHarness.prepare();
        try (ServiceInstance svc = ServiceInstance.start(Map.of("MEDIASOUP_LISTEN_IPS", "[{\"ip\":\"::1\"}]",
                "RTC_ENABLE_TCP", "false"))) {
            List<JsonNode> results = E2eHarness.runClient(List.of("node", "run-browser.mjs",
                    "http://127.0.0.1:" + svc.port(), "--duration=4000", "--keep-session"), Map.of("E2E_PROXY", "1"), 180);
            assertThat(results).hasSize(1);
            JsonNode result = results.get(0);
            assertThat(result.get("ok").asBoolean()).as("browser result %s", result).isTrue();
            assertThat(result.at("/selectedCandidatePair/remote/address").asString()).isEqualTo("::1");
            java.util.UUID sessionId = java.util.UUID.fromString(result.get("sessionId").asString());
            // The browser closed its transport at the end; the session keeps what its transport received.
            assertThat(svc.bean(WebRtcService.class).stats(sessionId).packets())
                    .isGreaterThan(result.get("packetsSent").asLong() * 8 / 10);
        }
    }

    @Test
    void candidatesOfEveryAddressAndAnIpv6CheckIsAnswered() throws Exception {
        try (ServiceInstance svc = ServiceInstance.start(Map.of("MEDIASOUP_LISTEN_IPS",
                "[{\"ip\":\"127.0.0.1\"},{\"ip\":\"::1\"}]"))) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            String sessionId = api.createSession(token);
            JsonNode options = api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessionId + "\"}", token)
                    .body().get("transportOptions");
            List<String> shapes = new ArrayList<>();
            List<Long> priorities = new ArrayList<>();
            int udp6Port = -1;
            for (JsonNode c : options.get("iceCandidates")) {
                shapes.add(c.get("protocol").asString() + " " + c.get("ip").asString());
                priorities.add(c.get("priority").asLong());
                if (c.get("ip").asString().equals("::1") && c.get("protocol").asString().equals("udp")) {
                    udp6Port = c.get("port").asInt();
                }
            }
            assertThat(shapes).containsExactly("udp 127.0.0.1", "udp ::1", "tcp 127.0.0.1", "tcp ::1");
            assertThat(priorities).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));

            String ufrag = options.at("/iceParameters/usernameFragment").asString();
            String password = options.at("/iceParameters/password").asString();
            InetSocketAddress v6 = new InetSocketAddress("::1", udp6Port);
            assertThat(StunProbe.check(v6, ufrag, password)).isEqualTo(StunClass.SUCCESS_RESPONSE);
            assertThat(StunProbe.check(v6, ufrag, "wrong-password-wrong-password!!"))
                    .isEqualTo(StunClass.ERROR_RESPONSE);
            assertThat(svc.bean(WebRtcService.class).transportOf(java.util.UUID.fromString(sessionId))
                    .iceState().name()).isEqualTo("CONNECTED");
        }
    }
}
