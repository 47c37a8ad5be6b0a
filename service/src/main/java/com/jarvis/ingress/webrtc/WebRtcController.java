package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.session.SessionIds;
import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.web.JsonInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/webrtc/*} of the spec: the signalling a mediasoup-client send transport performs. */
@RestController
@RequestMapping(path = "/api/webrtc", produces = MediaType.APPLICATION_JSON_VALUE)
public class WebRtcController {
    private final WebRtcService webrtc;
    private final WebRtcRequests requests;
    private final IceServers iceServers;

    public WebRtcController(WebRtcService webrtc, ObjectMapper json, IceServers iceServers) {
        this.webrtc = webrtc;
        this.requests = new WebRtcRequests(json);
        this.iceServers = iceServers;
    }

    @GetMapping("/capabilities")
    public Map<String, Object> capabilities(AuthenticatedDevice caller) {
        return Map.of("capabilities", webrtc.capabilities());
    }

    /** The transport's options and the ICE servers (STUN, TURN with a fresh credential) the client should use. */
    @PostMapping(path = "/transport/create", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> createTransport(AuthenticatedDevice caller, @RequestBody JsonNode body) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("transportOptions", transportOptionsJson(webrtc.createTransport(caller, sessionId(body))));
        json.put("iceServers", iceServersJson(iceServers.forUser(caller.userId())));
        return json;
    }

    /** The same ICE servers on their own, e.g. to refresh a TURN credential before it expires. */
    @GetMapping("/ice-servers")
    public Map<String, Object> iceServers(AuthenticatedDevice caller) {
        return Map.of("iceServers", iceServersJson(iceServers.forUser(caller.userId())));
    }

    /** {@code RTCIceServer}s: {@code urls}, and {@code username}/{@code credential} only for TURN. */
    static List<Map<String, Object>> iceServersJson(List<IceServer> servers) {
        List<Map<String, Object>> out = new ArrayList<>(servers.size());
        for (IceServer server : servers) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("urls", server.urls());
            if (server.username() != null) {
                json.put("username", server.username());
                json.put("credential", server.credential());
            }
            out.add(json);
        }
        return out;
    }

    /** The spec's (and mediasoup-client's) JSON names; SCTP's stream counts are {@code OS} and {@code MIS}. */
    static Map<String, Object> transportOptionsJson(TransportOptions options) {
        TransportOptions.SctpParameters sctp = options.sctpParameters();
        Map<String, Object> sctpJson = new LinkedHashMap<>();
        sctpJson.put("port", sctp.port());
        sctpJson.put("OS", sctp.outboundStreams());
        sctpJson.put("MIS", sctp.maxInboundStreams());
        sctpJson.put("maxMessageSize", sctp.maxMessageSize());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", options.id());
        json.put("iceParameters", options.iceParameters());
        json.put("iceCandidates", options.iceCandidates());
        json.put("dtlsParameters", options.dtlsParameters());
        json.put("sctpParameters", sctpJson);
        return json;
    }

    @PostMapping(path = "/transport/connect", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> connect(AuthenticatedDevice caller, @RequestBody JsonNode body) {
        UUID sessionId = sessionId(body);
        webrtc.connect(caller, sessionId, WebRtcRequests.connect(body));
        return Map.of("success", true);
    }

    /**
     * ICE restart (mediasoup-client's {@code transport.restartIce({iceParameters})}): new local credentials for the
     * session's transport; the old ones work until the client checks with the new, DTLS and media go on.
     */
    @PostMapping(path = "/transport/restart-ice", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> restartIce(AuthenticatedDevice caller, @RequestBody JsonNode body) {
        return Map.of("iceParameters", webrtc.restartIce(caller, sessionId(body)));
    }

    @PostMapping(path = "/producer/create", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> produce(AuthenticatedDevice caller, @RequestBody JsonNode body) {
        UUID sessionId = sessionId(body);
        String kind = JsonInput.requiredString(body, "kind", "kind", 16);
        return Map.of("producerId", webrtc.produce(caller, sessionId, kind, requests.rtpParameters(body)));
    }

    @PostMapping(path = "/data-producer/create", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> produceData(AuthenticatedDevice caller, @RequestBody JsonNode body) {
        UUID sessionId = sessionId(body);
        return Map.of("dataProducerId", webrtc.produceData(caller, sessionId, WebRtcRequests.produceData(body)));
    }

    private static UUID sessionId(JsonNode body) {
        JsonInput.object(body);
        String text = JsonInput.requiredString(body, "sessionId", "sessionId", 64);
        return SessionIds.parse(text)
                .orElseThrow(() -> ServiceException.invalid("sessionId", "must be a session id (UUID)"));
    }
}
