package com.jarvis.ingress.media.transport;

/**
 * A snapshot of what a transport's producer received.
 *
 * @param rtpPackets          accepted RTP packets of the producer's stream
 * @param rtpPayloadBytes     their payload bytes
 * @param packetsLost         cumulative lost packets (RFC 3550 A.3)
 * @param jitterSeconds       interarrival jitter (RFC 3550 A.8) in seconds
 * @param audioSecondsDecoded decoded (not concealed) audio, in seconds
 * @param lastAudioLevelDbov  last ssrc-audio-level in -dBov (0 loudest, 127 silence), or -1 when none was seen
 */
public record TransportStats(long rtpPackets, long rtpPayloadBytes, long packetsLost, double jitterSeconds,
        double audioSecondsDecoded, int lastAudioLevelDbov) {

    static final TransportStats EMPTY = new TransportStats(0, 0, 0, 0, 0, -1);
}
