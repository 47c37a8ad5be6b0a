package com.jarvis.ingress.media.sctp;

/**
 * RTO computation of RFC 6298 / RFC 9260 section 6.3.1: SRTT and RTTVAR from samples of chunks sent once
 * (Karn's rule is the caller's job), doubling on timeout, clamped to [min, max].
 */
final class RetransmissionTimer {
    private final long min;
    private final long max;
    private double srtt = -1;
    private double rttvar;
    private long rto;

    RetransmissionTimer(long initial, long min, long max) {
        this.min = min;
        this.max = max;
        this.rto = initial;
    }

    void sample(long rttMillis) {
        double r = Math.max(0, rttMillis);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
            srtt = 0.875 * srtt + 0.125 * r;
        }
        rto = clamp(Math.round(srtt + Math.max(1, 4 * rttvar)));
    }

    void backOff() {
        rto = clamp(rto * 2);
    }

    long rto() {
        return rto;
    }

    /** Smoothed RTT in ms, or -1 before the first sample. */
    double srtt() {
        return srtt;
    }

    private long clamp(long v) {
        return Math.max(min, Math.min(max, v));
    }
}
