package com.jarvis.ingress.media.srtp;

/**
 * Per-SSRC SRTP state of one direction: the highest index seen (which holds ROC and s_l), the SRTP and SRTCP
 * replay windows, and the next SRTCP index to send.
 */
final class SrtpStreamContext {
    final int ssrc;
    final ReplayWindow rtp = new ReplayWindow();
    final ReplayWindow rtcp = new ReplayWindow();
    int nextSrtcpIndex;

    SrtpStreamContext(int ssrc) {
        this.ssrc = ssrc;
    }

    /**
     * RFC 3711 Appendix A: guesses the 48-bit index of sequence number {@code seq} from the highest index so far.
     * Returns -1 when the guess would fall before index 0.
     */
    long estimateIndex(int seq) {
        long highest = rtp.highest();
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xffff);
        long v;
        if (sl < 32768) {
            v = seq - sl > 32768 ? roc - 1 : roc;
        } else {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }
        if (v < 0 || v > 0xffffffffL) {
            return -1;
        }
        return (v << 16) | seq;
    }
}
