package com.jarvis.ingress.session;

/**
 * Media statistics of a session as {@code GET /api/session/:id} shows them: RTP packets and payload bytes received,
 * packets lost, interarrival jitter (seconds) and seconds of audio decoded.
 */
public record SessionStats(long packets, long bytes, long packetsLost, double jitter, double audioSeconds) {
    public static final SessionStats NONE = new SessionStats(0, 0, 0, 0, 0);

    public SessionStats plus(SessionStats o) {
        return new SessionStats(packets + o.packets, bytes + o.bytes, packetsLost + o.packetsLost,
                Math.max(jitter, o.jitter), audioSeconds + o.audioSeconds);
    }
}
