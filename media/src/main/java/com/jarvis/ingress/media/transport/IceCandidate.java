package com.jarvis.ingress.media.transport;

/**
 * One host candidate of {@code transportOptions.iceCandidates}. {@code ip} and {@code address} carry the same
 * value (mediasoup sends both); {@code tcpType} is "passive" for TCP and null for UDP.
 */
public record IceCandidate(String foundation, long priority, String ip, String address, int port, String type,
        String protocol, String tcpType) {

    /** RFC 8445 section 5.1.2.1 type preference of host candidates. */
    public static final int HOST_TYPE_PREFERENCE = 126;
    /**
     * Local preference of the first listen address: UDP above TCP, so a client that can do both prefers UDP. Further
     * addresses step down from these: IPv6 by 256, and one per position in the list.
     */
    public static final int UDP_LOCAL_PREFERENCE = 65_535;
    public static final int TCP_LOCAL_PREFERENCE = 32_767;

    static IceCandidate udp(String ip, int port, int localPreference, String foundation) {
        return new IceCandidate(foundation, priority(HOST_TYPE_PREFERENCE, localPreference, 1), ip, ip,
                port, "host", "udp", null);
    }

    static IceCandidate tcp(String ip, int port, int localPreference, String foundation) {
        return new IceCandidate(foundation, priority(HOST_TYPE_PREFERENCE, localPreference, 1), ip, ip,
                port, "host", "tcp", "passive");
    }

    /** RFC 8445 section 5.1.2.1: 2^24 * type preference + 2^8 * local preference + (256 - component id). */
    public static long priority(int typePreference, int localPreference, int componentId) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }
}
