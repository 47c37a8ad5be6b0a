package com.jarvis.ingress.whip;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.webrtc.WebRtcService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * GStreamer's webrtcbin as a WHIP client (e2e/whip-gst.py on Debian's python3-gi): audiotestsrc 440 Hz → opusenc →
 * rtpopuspay → webrtcbin (max-bundle), offer POSTed, answer applied, 5 s of tone once connected, then the client
 * DELETEs its resource. (webrtcbin queues what the live source made while connecting and sends it on connect, so the
 * server may store more than 5 s.) The server decoded the tone (the embedded sink's WAV), and the DELETE ended the session and freed the
 * transport.
 */
class WhipGstreamerIT extends IntegrationTest {
    static final int DURATION_MS = 5000;

    @Autowired
    WebRtcService webrtc;

    @Test
    void webrtcbinStreamsAToneThroughWhip() throws Exception {
        String token = api.newAccessToken();
        List<JsonNode> results = E2eHarness.runClient(List.of("/usr/bin/python3", "whip-gst.py",
                "http://127.0.0.1:" + port + "/api/whip", token, "--duration=" + DURATION_MS, "--freq=440"),
                Map.of(), 120);
        assertThat(results).hasSize(1);
        JsonNode r = results.get(0);
        assertThat(r.get("ok").asBoolean()).as("client result %s", r).isTrue();
        assertThat(r.get("status").asInt()).isEqualTo(201);
        assertThat(r.get("iceState").asString()).isIn("connected", "completed");
        assertThat(r.get("deleteStatus").asInt()).isEqualTo(200);
        System.out.println("webrtcbin connected " + r.get("connectMs") + " ms after the answer");
        String sessionId = r.get("sessionId").asString();
        assertThat(r.get("location").asString()).isEqualTo("/api/whip/" + sessionId);
        WhipMediaChecks.toneStoredAndTransportFreed(api, webrtc, sessionId, token, DURATION_MS / 1000.0 * 0.8);
    }
}
