package com.jarvis.ingress.media.rtp;

/**
 * One reception report block of an SR or RR (RFC 3550 section 6.4.1).
 *
 * @param fractionLost    lost fraction since the previous report, in 1/256
 * @param cumulativeLost  packets lost since the start (signed 24-bit)
 * @param jitter          interarrival jitter in timestamp units
 * @param lastSr          middle 32 bits of the last SR's NTP timestamp, or 0
 * @param delaySinceLastSr delay since that SR in 1/65536 seconds, or 0
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                          long jitter, long lastSr, long delaySinceLastSr) {
}
