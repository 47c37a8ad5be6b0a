package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.stun.StunServer;
import com.jarvis.ingress.media.transport.WebRtcServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The ICE servers a client should use: the built-in STUN server at the address ICE candidates announce (when
 * STUN_PORT is on), and coturn with a fresh TURN REST credential for the calling user (when TURN_SECRET/TURN_URLS
 * are set). Clients pass them to mediasoup-client's {@code createSendTransport({..., iceServers})}.
 */
@Component
public class IceServers {
    private final IceServer stun;
    private final TurnCredentials turn;

    public IceServers(IceServersConfig config, BuiltInStun builtInStun, WebRtcServer media) {
        StunServer server = builtInStun.server();
        this.stun = server == null ? null : IceServer.stun("stun:" + hostForUrl(media.candidateIp()) + ":" + server.port());
        this.turn = config.turnEnabled()
                ? new TurnCredentials(config.turnSecrets().get(0), config.turnUrls(), config.turnTtl(), Clock.systemUTC())
                : null;
    }

    /** STUN first, then TURN; empty when neither is configured. */
    public List<IceServer> forUser(UUID userId) {
        List<IceServer> out = new ArrayList<>(2);
        if (stun != null) {
            out.add(stun);
        }
        if (turn != null) {
            out.add(turn.mint(userId.toString()));
        }
        return out;
    }

    /** IPv6 literals go in brackets in a URL (RFC 7064 host syntax). */
    static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
