package com.jarvis.ingress.media.sctp;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Send side of an association: a bounded queue of messages, fragmentation into DATA chunks with TSNs and SSNs,
 * the retransmission queue with T3-rtx and fast retransmit (RFC 9260 sections 6.3, 7.2), congestion control
 * (cwnd, ssthresh, partial_bytes_acked), the peer's receive window, and partial reliability (RFC 3758:
 * abandoned messages and the Advanced.Peer.Ack.Point that FORWARD-TSN announces).
 */
final class OutboundQueue {
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final class Message {
        final int sid;
        final int ppid;
        final byte[] data;
        final boolean ordered;
        final int maxRetransmits;
        final long expiresAt;
        boolean abandoned;
        long firstTsn;
        long lastTsn;

        Message(int sid, int ppid, byte[] data, SendOptions o, long now) {
            this.sid = sid;
            this.ppid = ppid;
            this.data = data;
            this.ordered = o.ordered();
            this.maxRetransmits = o.maxRetransmits();
            this.expiresAt = o.lifetimeMillis() >= 0 ? now + o.lifetimeMillis() : NO_DEADLINE;
        }
    }

    private static final class Chunk {
        final long tsn;
        final Message msg;
        final int off;
        final int len;
        final int flags;
        final int ssn;
        long sentAt;
        int transmissions;
        int misses;
        boolean acked;
        boolean retransmit;
        boolean abandoned;
        boolean inFlight;

        Chunk(long tsn, Message msg, int off, int len, int flags, int ssn) {
            this.tsn = tsn;
            this.msg = msg;
            this.off = off;
            this.len = len;
            this.flags = flags;
            this.ssn = ssn;
        }

        boolean settled() {
            return acked || abandoned;
        }
    }

    private final int mtu;
    private final int maxPayload;
    private final long sendBufferBytes;
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private Chunk[] ring = new Chunk[64];
    private int head;
    private int size;
    /** Index (from head) of the first chunk never sent. */
    private int unsent;
    private final int[] nextSsn;
    private long nextTsn;
    private long cumAck;
    private long advancedAckPoint;
    private long flight;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private long peerRwnd;
    private long lastAdvertisedWindow;
    private final RetransmissionTimer rto;
    private boolean rttPending;
    private long rttTsn;
    private long t3Deadline = NO_DEADLINE;
    private boolean fastRecovery;
    private long fastRecoveryExit;
    private boolean fastRetransmitDue;
    private boolean forwardTsnDue;
    private long bufferedBytes;
    private int consecutiveTimeouts;

    long retransmissions;
    long fastRetransmits;
    long timeouts;
    long abandonedMessages;
    long messagesQueued;
    long dataChunksSent;

    OutboundQueue(SctpConfig cfg, int outboundStreams, int localInitialTsn, long peerWindow) {
        this.mtu = cfg.mtu();
        this.maxPayload = cfg.maxDataPayload();
        this.sendBufferBytes = cfg.sendBufferBytes();
        this.nextSsn = new int[outboundStreams];
        this.nextTsn = localInitialTsn & 0xffffffffL;
        this.cumAck = nextTsn - 1;
        this.advancedAckPoint = cumAck;
        this.cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
        this.ssthresh = peerWindow;
        this.peerRwnd = peerWindow;
        this.lastAdvertisedWindow = peerWindow;
        this.rto = new RetransmissionTimer(cfg.rtoInitialMillis(), cfg.rtoMinMillis(), cfg.rtoMaxMillis());
    }

    SendResult enqueue(int sid, int ppid, byte[] data, SendOptions options, long now) {
        if (sid < 0 || sid >= nextSsn.length) {
            return SendResult.INVALID_STREAM;
        }
        if (bufferedBytes + data.length > sendBufferBytes) {
            return SendResult.BUFFER_FULL;
        }
        pending.add(new Message(sid, ppid, data, options, now));
        bufferedBytes += data.length;
        messagesQueued++;
        return SendResult.QUEUED;
    }

    boolean hasQueuedFor(int sid) {
        for (Message m : pending) {
            if (m.sid == sid) {
                return true;
            }
        }
        return false;
    }

    void resetSsn(int[] streams) {
        if (streams.length == 0) {
            Arrays.fill(nextSsn, 0);
        }
        for (int s : streams) {
            if (s < nextSsn.length) {
                nextSsn[s] = 0;
            }
        }
    }

    /** The last TSN assigned so far (for a stream reset request). */
    int lastAssignedTsn() {
        return (int) (nextTsn - 1);
    }

    /** Nothing queued, nothing unacknowledged. */
    boolean isEmpty() {
        return pending.isEmpty() && size == 0;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    long flightSize() {
        return flight;
    }

    long cwnd() {
        return cwnd;
    }

    long rto() {
        return rto.rto();
    }

    double srtt() {
        return rto.srtt();
    }

    long t3Deadline() {
        return t3Deadline;
    }

    boolean forwardTsnDue() {
        return forwardTsnDue;
    }

    int consecutiveTimeouts() {
        return consecutiveTimeouts;
    }

    private Chunk at(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    private void addLast(Chunk c) {
        if (size == ring.length) {
            Chunk[] n = new Chunk[ring.length * 2];
            for (int i = 0; i < size; i++) {
                n[i] = at(i);
            }
            ring = n;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = c;
        size++;
    }

    private Chunk pollFirst() {
        Chunk c = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        if (unsent > 0) {
            unsent--;
        }
        return c;
    }

    /** The next chunk never sent, fragmenting the next queued message if needed; null when none. */
    private Chunk nextUnsent(long now) {
        while (true) {
            while (unsent < size) {
                Chunk c = at(unsent);
                if (!c.abandoned) {
                    return c;
                }
                unsent++;
            }
            Message m = pending.poll();
            if (m == null) {
                return null;
            }
            if (now >= m.expiresAt) {
                // Expired before a TSN was assigned: dropped without any FORWARD-TSN.
                bufferedBytes -= m.data.length;
                abandonedMessages++;
                continue;
            }
            fragment(m);
        }
    }

    private void fragment(Message m) {
        int ssn = 0;
        if (m.ordered) {
            ssn = nextSsn[m.sid];
            nextSsn[m.sid] = (ssn + 1) & 0xffff;
        }
        int total = m.data.length;
        m.firstTsn = nextTsn;
        for (int off = 0; off < total; off += maxPayload) {
            int len = Math.min(maxPayload, total - off);
            int flags = (m.ordered ? 0 : SctpChunkType.FLAG_UNORDERED)
                    | (off == 0 ? SctpChunkType.FLAG_BEGIN : 0)
                    | (off + len == total ? SctpChunkType.FLAG_END : 0);
            addLast(new Chunk(nextTsn++, m, off, len, flags, ssn));
        }
        m.lastTsn = nextTsn - 1;
    }

    private static int chunkSpace(int len) {
        return (DataChunk.HEADER_LENGTH + len + 3) & ~3;
    }

    private boolean expiredOrExhausted(Chunk c, long now) {
        Message m = c.msg;
        return now >= m.expiresAt || (m.maxRetransmits >= 0 && c.transmissions > m.maxRetransmits);
    }

    /**
     * Writes retransmissions, then new data, into the packet as far as space, cwnd and the peer's window allow.
     * Returns true if anything was written.
     */
    boolean fill(SctpPacketWriter w, long now) {
        boolean written = false;
        boolean ignoreCwnd = fastRetransmitDue;
        for (int i = 0; i < size; i++) {
            Chunk c = at(i);
            if (!c.retransmit) {
                continue;
            }
            if (c.settled()) {
                c.retransmit = false;
                continue;
            }
            if (expiredOrExhausted(c, now)) {
                abandon(c.msg);
                continue;
            }
            if (!ignoreCwnd && flight > 0 && flight + c.len > cwnd) {
                return written;
            }
            if (w.remaining() < chunkSpace(c.len)) {
                return written;
            }
            writeChunk(w, c);
            c.retransmit = false;
            c.transmissions++;
            c.sentAt = now;
            c.inFlight = true;
            flight += c.len;
            retransmissions++;
            written = true;
            startT3IfIdle(now);
        }
        fastRetransmitDue = false;
        while (true) {
            if (flight >= cwnd) {
                return written;
            }
            Chunk c = nextUnsent(now);
            if (c == null) {
                return written;
            }
            if (now >= c.msg.expiresAt) {
                abandon(c.msg);
                continue;
            }
            if (flight > 0 && peerRwnd < c.len) {
                return written;
            }
            if (w.remaining() < chunkSpace(c.len)) {
                return written;
            }
            writeChunk(w, c);
            unsent++;
            c.transmissions = 1;
            c.sentAt = now;
            c.inFlight = true;
            flight += c.len;
            peerRwnd = Math.max(0, peerRwnd - c.len);
            if (!rttPending) {
                rttPending = true;
                rttTsn = c.tsn;
            }
            written = true;
            startT3IfIdle(now);
        }
    }

    /** True if new or retransmitted data could be sent now (used to decide on more packets). */
    boolean canSendMore(long now) {
        for (int i = 0; i < size; i++) {
            Chunk c = at(i);
            if (c.retransmit && !c.settled()) {
                return flight == 0 || flight + c.len <= cwnd;
            }
        }
        if (flight >= cwnd) {
            return false;
        }
        Chunk c = nextUnsent(now);
        return c != null && (flight == 0 || peerRwnd >= c.len);
    }

    private void writeChunk(SctpPacketWriter w, Chunk c) {
        DataChunk.write(w, c.flags, (int) c.tsn, c.msg.sid, c.ssn, c.msg.ppid, c.msg.data, c.off, c.len);
        dataChunksSent++;
    }

    private void startT3IfIdle(long now) {
        if (t3Deadline == NO_DEADLINE) {
            t3Deadline = now + rto.rto();
        }
    }

    /** Marks a message abandoned (RFC 3758): its chunks leave the flight and will be skipped by FORWARD-TSN. */
    private void abandon(Message m) {
        if (m.abandoned) {
            return;
        }
        m.abandoned = true;
        abandonedMessages++;
        long from = Math.max(m.firstTsn, cumAck + 1);
        for (long t = from; t <= m.lastTsn; t++) {
            Chunk c = at((int) (t - cumAck - 1));
            if (c.acked) {
                continue;
            }
            c.abandoned = true;
            c.retransmit = false;
            if (c.inFlight) {
                c.inFlight = false;
                flight -= c.len;
            }
            bufferedBytes -= c.len;
        }
    }

    /** Processes a SACK (RFC 9260 section 6.2.1 / 7.2). False when it is invalid or stale. */
    boolean onSack(SackChunk s, long now) {
        long u = cumAck + (int) (s.cumulativeTsnAck() - (int) cumAck);
        if (u < cumAck) {
            return false;
        }
        long highestSent = cumAck + (long) unsent;
        if (u > highestSent) {
            return false;
        }
        long flightBefore = flight;
        boolean advanced = u > cumAck;
        long bytesAcked = 0;
        long highestNewlyAcked = -1;
        while (cumAck < u) {
            Chunk c = pollFirst();
            cumAck++;
            if (c.inFlight) {
                flight -= c.len;
            }
            if (!c.settled()) {
                bytesAcked += c.len;
                bufferedBytes -= c.len;
                highestNewlyAcked = c.tsn;
            }
            if (rttPending && c.tsn == rttTsn) {
                rttPending = false;
                if (c.transmissions == 1 && !c.settled()) {
                    rto.sample(now - c.sentAt);
                }
            }
        }
        if (advancedAckPoint < cumAck) {
            advancedAckPoint = cumAck;
        }
        int[] gaps = s.gapBlocks();
        for (int g = 0; g + 1 < gaps.length; g += 2) {
            long start = u + gaps[g];
            long end = Math.min(u + gaps[g + 1], highestSent);
            for (long t = Math.max(start, cumAck + 1); t <= end; t++) {
                Chunk c = at((int) (t - cumAck - 1));
                if (c.settled() || c.transmissions == 0) {
                    continue;
                }
                c.acked = true;
                c.retransmit = false;
                if (c.inFlight) {
                    c.inFlight = false;
                    flight -= c.len;
                }
                bytesAcked += c.len;
                bufferedBytes -= c.len;
                highestNewlyAcked = Math.max(highestNewlyAcked, t);
            }
        }
        // Miss indications (RFC 9260 section 7.2.4) for chunks below the highest newly acknowledged TSN.
        for (int i = 0; i < size; i++) {
            Chunk c = at(i);
            if (c.tsn >= highestNewlyAcked) {
                break;
            }
            if (c.settled() || c.retransmit || c.transmissions == 0) {
                continue;
            }
            if (++c.misses >= 3) {
                c.misses = 0;
                if (expiredOrExhausted(c, now)) {
                    abandon(c.msg);
                    continue;
                }
                c.retransmit = true;
                if (c.inFlight) {
                    c.inFlight = false;
                    flight -= c.len;
                }
                fastRetransmits++;
                if (!fastRecovery) {
                    fastRecovery = true;
                    fastRecoveryExit = nextTsn - 1;
                    ssthresh = Math.max(cwnd / 2, 4L * mtu);
                    cwnd = ssthresh;
                    partialBytesAcked = 0;
                    fastRetransmitDue = true;
                }
            }
        }
        if (fastRecovery && cumAck >= fastRecoveryExit) {
            fastRecovery = false;
        }
        if (advanced && !fastRecovery && bytesAcked > 0) {
            if (cwnd <= ssthresh) {
                if (flightBefore + mtu >= cwnd) {
                    cwnd += Math.min(bytesAcked, mtu);
                }
            } else {
                partialBytesAcked += bytesAcked;
                if (partialBytesAcked >= cwnd && flightBefore + mtu >= cwnd) {
                    partialBytesAcked -= cwnd;
                    cwnd += mtu;
                }
            }
        }
        lastAdvertisedWindow = s.advertisedWindow();
        peerRwnd = Math.max(0, s.advertisedWindow() - flight);
        if (advanced) {
            consecutiveTimeouts = 0;
        }
        updateAdvancedAckPoint(true);
        if (flight == 0 && !forwardTsnDue && advancedAckPoint <= cumAck) {
            t3Deadline = NO_DEADLINE;
        } else if (advanced) {
            t3Deadline = now + rto.rto();
        }
        return true;
    }

    /** The cumulative TSN ack carried by a SHUTDOWN chunk: a SACK without gaps and with the last window. */
    void onCumulativeAck(int cumulativeTsnAck, long now) {
        onSack(new SackChunk(cumulativeTsnAck, lastAdvertisedWindow, new int[0], new int[0]), now);
    }

    /**
     * Moves the Advanced.Peer.Ack.Point over abandoned (or gap-acknowledged) chunks (RFC 3758 C2); a FORWARD-TSN
     * becomes due when it is ahead of the cumulative ack and either moved or {@code always} (after a SACK or a
     * timeout, RFC 3758 C3).
     */
    private void updateAdvancedAckPoint(boolean always) {
        if (advancedAckPoint < cumAck) {
            advancedAckPoint = cumAck;
        }
        long before = advancedAckPoint;
        while (advancedAckPoint - cumAck < size) {
            Chunk c = at((int) (advancedAckPoint - cumAck));
            if (!c.abandoned && !(c.acked && c.transmissions > 0)) {
                break;
            }
            advancedAckPoint++;
        }
        if (advancedAckPoint > cumAck && (always || advancedAckPoint != before)) {
            forwardTsnDue = true;
        }
    }

    /** T3-rtx expiry (RFC 9260 section 6.3.3). Returns true when the association has failed. */
    boolean onT3Expired(long now, int maxRetransmissions) {
        t3Deadline = NO_DEADLINE;
        timeouts++;
        consecutiveTimeouts++;
        rto.backOff();
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
        rttPending = false;
        for (int i = 0; i < size; i++) {
            Chunk c = at(i);
            if (c.settled() || c.transmissions == 0) {
                continue;
            }
            if (expiredOrExhausted(c, now)) {
                abandon(c.msg);
                continue;
            }
            c.retransmit = true;
            if (c.inFlight) {
                c.inFlight = false;
                flight -= c.len;
            }
        }
        updateAdvancedAckPoint(true);
        return consecutiveTimeouts > maxRetransmissions;
    }

    /** FORWARD-TSN for the current Advanced.Peer.Ack.Point (RFC 3758 section 3.5 C4), clearing the flag. */
    ForwardTsnChunk takeForwardTsn(long now, int maxPairs) {
        forwardTsnDue = false;
        if (advancedAckPoint <= cumAck) {
            return null;
        }
        int[] pairs = new int[8];
        int n = 0;
        for (long t = cumAck + 1; t <= advancedAckPoint; t++) {
            Chunk c = at((int) (t - cumAck - 1));
            if (!c.abandoned || !c.msg.ordered) {
                continue;
            }
            int found = -1;
            for (int i = 0; i < n; i += 2) {
                if (pairs[i] == c.msg.sid) {
                    found = i;
                    break;
                }
            }
            if (found >= 0) {
                if (InboundQueue.ssnAfter(c.ssn, pairs[found + 1])) {
                    pairs[found + 1] = c.ssn;
                }
            } else if (n / 2 < maxPairs) {
                if (n == pairs.length) {
                    pairs = Arrays.copyOf(pairs, n * 2);
                }
                pairs[n++] = c.msg.sid;
                pairs[n++] = c.ssn;
            }
        }
        startT3IfIdle(now);
        return new ForwardTsnChunk((int) advancedAckPoint, Arrays.copyOf(pairs, n));
    }

    /** Drops expired messages still waiting for a TSN, and abandons expired outstanding ones. */
    void expire(long now) {
        for (int i = 0; i < size; i++) {
            Chunk c = at(i);
            if (!c.settled() && c.msg.expiresAt != NO_DEADLINE && now >= c.msg.expiresAt) {
                abandon(c.msg);
            }
        }
        updateAdvancedAckPoint(false);
    }

    int outstandingChunks() {
        return size;
    }
}
