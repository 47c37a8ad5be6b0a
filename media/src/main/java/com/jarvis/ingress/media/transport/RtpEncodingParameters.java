package com.jarvis.ingress.media.transport;

/**
 * One encoding of a producer's RTP parameters.
 *
 * @param ssrc the stream's SSRC (0..2^32-1), or null to latch onto the first SSRC carrying the codec's payload type
 * @param dtx  whether the client uses discontinuous transmission, or null
 */
public record RtpEncodingParameters(Long ssrc, Boolean dtx) {
}
