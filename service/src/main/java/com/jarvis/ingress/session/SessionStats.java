package com.jarvis.ingress.session;

/**
 * Media statistics of a session as {@code GET /api/session/:id} shows them. RTP: packets and payload bytes
 * received, packets lost, interarrival jitter (seconds). Data channels: binary audio chunks and their bytes,
 * control (string) messages, chunks that could not be decoded, and the seconds of audio they decoded to.
 * {@code audioSeconds} is all audio decoded for the session, whatever the source.
 */
public record SessionStats(long packets, long bytes, long packetsLost, double jitter, double audioSeconds,
                           long dataChunks, long dataBytes, long controlMessages, long dataDecodeErrors,
                           double dataAudioSeconds) {
    public static final SessionStats NONE = new SessionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** RTP figures only. */
    public static SessionStats rtp(long packets, long bytes, long packetsLost, double jitter, double audioSeconds) {
        return new SessionStats(packets, bytes, packetsLost, jitter, audioSeconds, 0, 0, 0, 0, 0);
    }

    /** Data channel figures only (their audio counts in {@code audioSeconds} too). */
    public static SessionStats data(long chunks, long bytes, long controlMessages, long decodeErrors,
                                    double audioSeconds) {
        return new SessionStats(0, 0, 0, 0, audioSeconds, chunks, bytes, controlMessages, decodeErrors,
                audioSeconds);
    }

    public SessionStats plus(SessionStats o) {
        return new SessionStats(packets + o.packets, bytes + o.bytes, packetsLost + o.packetsLost,
                Math.max(jitter, o.jitter), audioSeconds + o.audioSeconds, dataChunks + o.dataChunks,
                dataBytes + o.dataBytes, controlMessages + o.controlMessages, dataDecodeErrors + o.dataDecodeErrors,
                dataAudioSeconds + o.dataAudioSeconds);
    }
}
