package com.jarvis.ingress.media.rtp;

/**
 * Reception statistics of one incoming SSRC, as RFC 3550 Appendix A computes them: sequence validation with
 * probation (A.1), expected and lost packets (A.3), interarrival jitter (A.8), and what a receiver report needs
 * about the last sender report. Not thread-safe: updated by the I/O thread that owns the stream.
 */
public final class ReceiveStreamStats {
    private static final int RTP_SEQ_MOD = 1 << 16;
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int MIN_SEQUENTIAL = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;

    // A.1 state
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    // A.8 state: jitter scaled by 16, transit in timestamp units (wrapping 32-bit arithmetic)
    private boolean haveTransit;
    private int transit;
    private int jitter16;
    private long arrivalOrigin;

    private long packetsReceived;
    private long bytesReceived;
    private int lastAudioLevel = -1;
    private long lastSrNtpMiddle;
    private long lastSrArrivalNanos;
    private boolean haveSr;

    /**
     * @param ssrc      the media source
     * @param clockRate RTP timestamp rate in Hz (48000 for Opus)
     */
    public ReceiveStreamStats(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive");
        }
        this.ssrc = ssrc & 0xffffffffL;
        this.clockRate = clockRate;
    }

    /**
     * Records an RTP packet.
     *
     * @param arrivalNanos arrival time on a monotonic clock (e.g. {@link System#nanoTime()})
     * @return false while the source is on probation or when the sequence number jumped too far (A.1); the
     *     packet should then not be played out
     */
    public boolean onRtp(int sequenceNumber, long rtpTimestamp, long arrivalNanos, int payloadBytes) {
        int seq = sequenceNumber & 0xffff;
        packetsReceived++;
        bytesReceived += payloadBytes;
        if (!started) {
            started = true;
            initSequence(seq);
            maxSeq = (seq - 1) & 0xffff;
            probation = MIN_SEQUENTIAL;
            arrivalOrigin = arrivalNanos;
        }
        if (!updateSequence(seq)) {
            return false;
        }
        updateJitter((int) rtpTimestamp, arrivalNanos);
        return true;
    }

    /** Records the audio level (raw RFC 6464 byte, see {@link AudioLevel}) of the latest packet. */
    public void onAudioLevel(int raw) {
        lastAudioLevel = raw;
    }

    /** Records a sender report from this source, for LSR/DLSR in our next receiver report. */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrNtpMiddle = (ntpTimestamp >>> 16) & 0xffffffffL;
        lastSrArrivalNanos = arrivalNanos;
        haveSr = true;
    }

    /**
     * The report block for a receiver report sent now. Advances the "prior" counters (A.3), so each call reports
     * the fraction lost since the previous one.
     */
    public ReportBlock reportBlock(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = 0;
        if (haveSr) {
            long delta = Math.max(0, nowNanos - lastSrArrivalNanos);
            dlsr = Math.min(0xffffffffL, (delta / NANOS_PER_SECOND << 16)
                    + ((delta % NANOS_PER_SECOND << 16) / NANOS_PER_SECOND));
        }
        return new ReportBlock(ssrc, Math.min(fraction, 255), cumulativeLost(), extendedHighestSequence() & 0xffffffffL,
                jitter(), haveSr ? lastSrNtpMiddle : 0, dlsr);
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /** True once the source has passed probation. */
    public boolean isValid() {
        return started && probation == 0;
    }

    /** Sequence number cycles (count of wraps) shifted left 16, plus the highest sequence number. */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets expected since the base sequence number (A.3). */
    public long expected() {
        return isValid() ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    /** Packets counted as received by A.1 (duplicates included, as the RFC counts them). */
    public long received() {
        return received;
    }

    /** Cumulative lost packets, clamped to the signed 24-bit range of a report block. */
    public int cumulativeLost() {
        long lost = expected() - received;
        return (int) Math.max(-0x800000, Math.min(0x7fffff, lost));
    }

    /** Interarrival jitter estimate in timestamp units. */
    public long jitter() {
        return (jitter16 >>> 4) & 0x0fffffffL;
    }

    /** Every packet handed to {@link #onRtp}, valid or not. */
    public long packetsReceived() {
        return packetsReceived;
    }

    /** Payload bytes of every packet handed to {@link #onRtp}. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** The last raw audio level byte, or -1 when none was seen. */
    public int lastAudioLevel() {
        return lastAudioLevel;
    }

    /** Middle 32 bits of the last SR's NTP timestamp, or 0 without one. */
    public long lastSrNtpMiddle() {
        return haveSr ? lastSrNtpMiddle : 0;
    }

    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** RFC 3550 Appendix A.1 update_seq. */
    private boolean updateSequence(int seq) {
        int udelta = (seq - maxSeq) & 0xffff;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xffff)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSequence(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD; // wrapped
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                initSequence(seq); // two sequential packets after a big jump: the sender restarted
            } else {
                badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
                return false;
            }
        }
        // else: duplicate or reordered packet
        received++;
        return true;
    }

    /** RFC 3550 Appendix A.8, with the arrival time converted to timestamp units. */
    private void updateJitter(int rtpTimestamp, long arrivalNanos) {
        long elapsed = arrivalNanos - arrivalOrigin;
        long arrivalUnits = elapsed / NANOS_PER_SECOND * clockRate + elapsed % NANOS_PER_SECOND * clockRate
                / NANOS_PER_SECOND;
        int t = (int) arrivalUnits - rtpTimestamp;
        if (haveTransit) {
            int d = Math.abs(t - transit);
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        transit = t;
        haveTransit = true;
    }
}
