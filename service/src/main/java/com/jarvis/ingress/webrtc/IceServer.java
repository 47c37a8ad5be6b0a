package com.jarvis.ingress.webrtc;

import java.util.List;

/**
 * One entry of a client's {@code RTCIceServer} list: the URLs and, for TURN, the time-limited username and
 * credential ({@code null} for STUN).
 */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(urls);
    }

    static IceServer stun(String url) {
        return new IceServer(List.of(url), null, null);
    }
}
