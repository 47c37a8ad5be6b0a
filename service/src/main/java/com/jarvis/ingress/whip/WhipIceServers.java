package com.jarvis.ingress.whip;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import java.util.List;

/**
 * Where the STUN/TURN servers of the WHIP answer's {@code Link: <url>; rel="ice-server"} headers (RFC 9725 section
 * 4.6) come from. No bean today: the answer then has no Link header. A TURN feature provides a bean (per caller,
 * for short-lived credentials).
 */
public interface WhipIceServers {
    /** One ICE server: its URLs ({@code stun:}/{@code turn:}/{@code turns:}), and credentials for TURN or null. */
    record IceServer(List<String> urls, String username, String credential) {
        public IceServer {
            urls = List.copyOf(urls);
        }
    }

    List<IceServer> iceServers(AuthenticatedDevice caller);
}
