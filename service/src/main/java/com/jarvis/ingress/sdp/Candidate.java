package com.jarvis.ingress.sdp;

/** One of our ICE candidates for the answer (RFC 8839 {@code a=candidate}); {@code tcpType} null for UDP. */
public record Candidate(String foundation, String protocol, long priority, String ip, int port, String tcpType) {
    String text() {
        String base = foundation + " 1 " + protocol + " " + priority + " " + ip + " " + port + " typ host";
        return tcpType == null ? base : base + " tcptype " + tcpType;
    }
}
