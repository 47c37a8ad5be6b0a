package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** {@code POST /api/webrtc/data-producer/create}: validation, ownership, transport and stream id rules. */
class DataProducerApiIT extends IntegrationTest {

    private ApiClient.Response create(String token, String sessionId, String sctp, String extra) {
        return api.post("/api/webrtc/data-producer/create", "{\"sessionId\":\"" + sessionId
                + "\",\"sctpStreamParameters\":" + sctp + extra + "}", token);
    }

    private String sessionWithTransport(String token) {
        String sessionId = api.createSession(token);
        ApiClient.Response t = api.post("/api/webrtc/transport/create", "{\"sessionId\":\"" + sessionId + "\"}", token);
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.body().at("/transportOptions/sctpParameters/maxMessageSize").asInt()).isEqualTo(262144);
        return sessionId;
    }

    @Test
    void createsDataProducersAndRefusesAStreamIdInUse() {
        String token = api.newAccessToken();
        String sessionId = sessionWithTransport(token);
        ApiClient.Response ok = create(token, sessionId, "{\"streamId\":0,\"ordered\":true}",
                ",\"label\":\"audio\",\"protocol\":\"pcm\"");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.text("dataProducerId")).hasSize(36);
        ApiClient.Response unordered = create(token, sessionId, "{\"streamId\":1,\"ordered\":false,\"maxRetransmits\":0}", "");
        assertThat(unordered.status()).isEqualTo(200);
        assertThat(create(token, sessionId, "{\"streamId\":2,\"ordered\":false,\"maxPacketLifeTime\":500}", "").status())
                .isEqualTo(200);

        ApiClient.Response again = create(token, sessionId, "{\"streamId\":0,\"ordered\":true}", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("stream_in_use");
    }

    @Test
    void rejectsBadParameters() {
        String token = api.newAccessToken();
        String sessionId = sessionWithTransport(token);
        String[][] cases = {
                {"{\"ordered\":true}", "", "sctpStreamParameters.streamId"},
                {"{\"streamId\":1024}", "", "sctpStreamParameters.streamId"},
                {"{\"streamId\":-1}", "", "sctpStreamParameters.streamId"},
                {"{\"streamId\":1.5}", "", "sctpStreamParameters.streamId"},
                {"{\"streamId\":\"3\"}", "", "sctpStreamParameters.streamId"},
                {"{\"streamId\":3,\"ordered\":\"yes\"}", "", "sctpStreamParameters.ordered"},
                {"{\"streamId\":3,\"maxPacketLifeTime\":100,\"maxRetransmits\":2}", "", "sctpStreamParameters"},
                {"{\"streamId\":3,\"maxRetransmits\":-2}", "", "sctpStreamParameters.maxRetransmits"},
                {"{\"streamId\":3}", ",\"label\":\"" + "x".repeat(257) + "\"", "label"},
                {"{\"streamId\":3}", ",\"protocol\":7", "protocol"},
                {"[]", "", "sctpStreamParameters"},
        };
        for (String[] c : cases) {
            ApiClient.Response r = create(token, sessionId, c[0], c[1]);
            assertThat(r.status()).as("%s %s -> %s", c[0], c[1], r.raw()).isEqualTo(400);
            assertThat(r.raw()).as(c[0]).contains(c[2]);
        }
        ApiClient.Response missing = api.post("/api/webrtc/data-producer/create",
                "{\"sessionId\":\"" + sessionId + "\"}", token);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(create(token, sessionId, "{\"streamId\":3}", "").status()).isEqualTo(200);
    }

    @Test
    void unknownOrForeignSessionIs404AndNoTransportIs409() {
        String owner = api.newAccessToken();
        String other = api.newAccessToken();
        String sessionId = sessionWithTransport(owner);
        assertThat(create(other, sessionId, "{\"streamId\":0}", "").status()).isEqualTo(404);
        assertThat(create(owner, java.util.UUID.randomUUID().toString(), "{\"streamId\":0}", "").status())
                .isEqualTo(404);
        assertThat(create(null, sessionId, "{\"streamId\":0}", "").status()).isEqualTo(401);

        String bare = api.createSession(owner);
        ApiClient.Response r = create(owner, bare, "{\"streamId\":0}", "");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo("no_transport");
    }
}
