package com.jarvis.ingress.media.sctp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Receive side of an association: TSN tracking (cumulative ack point, a bounded out-of-order set, duplicates),
 * and per-stream reassembly and delivery. Chunks are handed to the streams strictly in TSN order, as the
 * cumulative ack point passes them; since a message's fragments carry consecutive TSNs (RFC 9260 section 6.9),
 * each stream then sees its fragments in sequence and reassembly needs one partial message per stream and
 * ordering. The exception, to avoid head-of-line blocking, is an unfragmented unordered message, delivered as
 * soon as it arrives. Every byte held (out-of-order chunks, partial and waiting messages) counts against the
 * receive buffer, which is also what a_rwnd advertises.
 */
final class InboundQueue {

    /** What happened to one DATA chunk. */
    enum Outcome { IN_SEQUENCE, OUT_OF_ORDER, DUPLICATE, DROPPED }

    /** Where results go: the association. */
    interface Sink {
        void deliver(int streamId, int ppid, byte[] data);

        void drop(SctpDropReason reason);

        /** A deferred or immediate incoming stream reset was performed. */
        void streamsReset(int[] streams, int requestSeq);
    }

    /** Accounting cost of one held entry beyond its payload, so many tiny chunks cannot hide in the window. */
    static final int HELD_OVERHEAD = 64;
    static final int MAX_DUPS_PER_SACK = 16;
    static final int MAX_GAP_BLOCKS = 64;

    private final Sink sink;
    private final int maxMessageSize;
    private final int capacity;
    private final int hardCapacity;
    private final int maxWindow;
    private final InboundStream[] streams;
    private final TreeMap<Long, Held> held = new TreeMap<>();
    private final TsnRuns runs = new TsnRuns();
    private final int[] dups = new int[MAX_DUPS_PER_SACK];
    private int dupCount;
    private long cum;
    private long bufferedBytes;
    private long deferredResetTsn = -1;
    private int[] deferredStreams;
    private int deferredSeq;

    InboundQueue(SctpConfig cfg, int inboundStreams, int peerInitialTsn, Sink sink) {
        this.sink = sink;
        this.maxMessageSize = cfg.maxMessageSize();
        this.capacity = cfg.receiveBufferBytes();
        // One message may always complete past the soft limit, so the window can never deadlock itself.
        this.hardCapacity = cfg.receiveBufferBytes() + cfg.maxMessageSize();
        this.maxWindow = cfg.maxTsnWindow();
        this.streams = new InboundStream[inboundStreams];
        this.cum = (peerInitialTsn - 1) & 0xffffffffL;
    }

    private long unwrap(int tsn) {
        return cum + (int) (tsn - (int) cum);
    }

    int cumulativeTsn() {
        return (int) cum;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    int heldCount() {
        return held.size();
    }

    boolean hasGapsOrDups() {
        return !held.isEmpty() || dupCount > 0;
    }

    long advertisedWindow() {
        return Math.max(0, capacity - bufferedBytes);
    }

    Outcome onData(int flags, int tsn, int sid, int ssn, int ppid, byte[] buf, int off, int len) {
        long u = unwrap(tsn);
        if (u <= cum || held.containsKey(u)) {
            if (dupCount < dups.length) {
                dups[dupCount++] = tsn;
            }
            sink.drop(SctpDropReason.DUPLICATE_TSN);
            return Outcome.DUPLICATE;
        }
        if (u - cum > maxWindow) {
            sink.drop(SctpDropReason.TSN_OUT_OF_WINDOW);
            return Outcome.DROPPED;
        }
        boolean validStream = sid < streams.length;
        boolean inSequence = u == cum + 1;
        long after = bufferedBytes + len + (inSequence ? 0 : HELD_OVERHEAD);
        if (validStream && after > capacity && !(inSequence && after <= hardCapacity)) {
            sink.drop(SctpDropReason.RECEIVE_BUFFER_FULL);
            return Outcome.DROPPED;
        }
        if (inSequence) {
            cum = u;
            if (validStream) {
                stream(sid).receive(u, flags, ssn, ppid, buf, off, len);
            } else {
                sink.drop(SctpDropReason.INVALID_STREAM);
            }
            checkDeferredReset();
            drainHeld(Long.MIN_VALUE);
            return Outcome.IN_SEQUENCE;
        }
        Held h;
        if (!validStream) {
            sink.drop(SctpDropReason.INVALID_STREAM);
            h = Held.MARKER;
        } else if ((flags & 0x07) == (SctpChunkType.FLAG_UNORDERED | SctpChunkType.FLAG_BEGIN
                | SctpChunkType.FLAG_END)) {
            sink.deliver(sid, ppid, Arrays.copyOfRange(buf, off, off + len));
            h = Held.MARKER;
        } else {
            h = new Held(flags, sid, ssn, ppid, Arrays.copyOfRange(buf, off, off + len));
        }
        held.put(u, h);
        runs.add(u);
        bufferedBytes += h.cost();
        return Outcome.OUT_OF_ORDER;
    }

    /** Feeds held chunks that became in sequence; with a limit, also those up to it (FORWARD-TSN). */
    private void drainHeld(long forwardTo) {
        while (!held.isEmpty()) {
            long first = held.firstKey();
            if (first != cum + 1 && first > forwardTo) {
                return;
            }
            Held h = held.pollFirstEntry().getValue();
            runs.removeThrough(first);
            bufferedBytes -= h.cost();
            cum = first;
            if (h.data != null) {
                stream(h.sid).receive(first, h.flags, h.ssn, h.ppid, h.data, 0, h.data.length);
            }
            checkDeferredReset();
        }
    }

    /** FORWARD-TSN (RFC 3758 section 3.6); false when it moves nothing. */
    boolean onForwardTsn(ForwardTsnChunk f) {
        long u = unwrap(f.newCumulativeTsn());
        if (u <= cum) {
            return false;
        }
        drainHeld(u);
        if (u > cum) {
            cum = u;
        }
        checkDeferredReset();
        int[] pairs = f.streamSsns();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i] < streams.length) {
                stream(pairs[i]).skipThrough(pairs[i + 1]);
            }
        }
        // Partial messages that ended at or before the new point were abandoned by the sender.
        for (InboundStream s : streams) {
            if (s != null) {
                s.dropPartialsBefore(u);
            }
        }
        drainHeld(Long.MIN_VALUE);
        return true;
    }

    /**
     * An Outgoing SSN Reset Request from the peer (RFC 6525 section 5.2.2): performed now if all TSNs up to the
     * sender's last assigned one arrived, else deferred until they have. Returns false if another reset is
     * already waiting (the caller answers "in progress").
     */
    boolean requestReset(int lastAssignedTsn, int[] resetStreams, int requestSeq) {
        if (deferredStreams != null) {
            return false;
        }
        deferredResetTsn = unwrap(lastAssignedTsn);
        deferredStreams = resetStreams;
        deferredSeq = requestSeq;
        checkDeferredReset();
        return true;
    }

    boolean resetPending() {
        return deferredStreams != null;
    }

    private void checkDeferredReset() {
        if (deferredStreams == null || cum < deferredResetTsn) {
            return;
        }
        int[] s = deferredStreams;
        deferredStreams = null;
        int[] applied;
        if (s.length == 0) {
            // An empty list means all streams.
            applied = new int[0];
            for (InboundStream st : streams) {
                if (st != null) {
                    st.reset();
                }
            }
        } else {
            applied = s;
            for (int sid : s) {
                if (sid < streams.length && streams[sid] != null) {
                    streams[sid].reset();
                }
            }
        }
        sink.streamsReset(applied, deferredSeq);
    }

    /** SACK chunk length for the current state. */
    int sackLength() {
        return 16 + 4 * Math.min(MAX_GAP_BLOCKS, runs.count()) + 4 * dupCount;
    }

    /** Writes a SACK for the current state and clears the duplicate list. */
    void writeSack(SctpPacketWriter w) {
        int gaps = Math.min(MAX_GAP_BLOCKS, runs.count());
        w.beginChunk(SctpChunkType.SACK, 0).put32((int) cum).put32((int) advertisedWindow()).put16(gaps)
                .put16(dupCount);
        int written = 0;
        for (Map.Entry<Long, Long> run : runs.all()) {
            if (written++ == gaps) {
                break;
            }
            w.put16((int) (run.getKey() - cum)).put16((int) (run.getValue() - cum));
        }
        for (int i = 0; i < dupCount; i++) {
            w.put32(dups[i]);
        }
        dupCount = 0;
        w.endChunk();
    }

    private InboundStream stream(int sid) {
        InboundStream s = streams[sid];
        if (s == null) {
            s = new InboundStream(sid);
            streams[sid] = s;
        }
        return s;
    }

    /** A DATA chunk received ahead of the cumulative point; {@code MARKER} when only the TSN matters. */
    private record Held(int flags, int sid, int ssn, int ppid, byte[] data) {
        static final Held MARKER = new Held(0, 0, 0, 0, null);

        int cost() {
            return HELD_OVERHEAD + (data == null ? 0 : data.length);
        }
    }

    /** A message being reassembled. */
    private static final class Partial {
        final int ssn;
        final int ppid;
        long lastTsn;
        byte[] data;
        int size;
        boolean oversized;

        Partial(long tsn, int ssn, int ppid) {
            this.lastTsn = tsn;
            this.ssn = ssn;
            this.ppid = ppid;
        }
    }

    /** Reassembly and ordering for one incoming stream. */
    private final class InboundStream {
        private final int sid;
        private int nextSsn;
        private Partial ordered;
        private Partial unordered;
        /** Complete ordered messages waiting for an earlier SSN (null data: discarded oversized message). */
        private Map<Integer, byte[]> waiting;
        private Map<Integer, Integer> waitingPpid;

        InboundStream(int sid) {
            this.sid = sid;
        }

        void receive(long tsn, int flags, int ssn, int ppid, byte[] buf, int off, int len) {
            boolean unord = (flags & SctpChunkType.FLAG_UNORDERED) != 0;
            boolean b = (flags & SctpChunkType.FLAG_BEGIN) != 0;
            boolean e = (flags & SctpChunkType.FLAG_END) != 0;
            Partial p = unord ? unordered : ordered;
            if (b && e) {
                if (p != null) {
                    abandon(p, unord);
                    sink.drop(SctpDropReason.BROKEN_FRAGMENT);
                }
                if (len > maxMessageSize) {
                    complete(unord, ssn, ppid, null);
                } else {
                    complete(unord, ssn, ppid, Arrays.copyOfRange(buf, off, off + len));
                }
                return;
            }
            if (b) {
                if (p != null) {
                    abandon(p, unord);
                    sink.drop(SctpDropReason.BROKEN_FRAGMENT);
                }
                p = new Partial(tsn, ssn, ppid);
                if (unord) {
                    unordered = p;
                } else {
                    ordered = p;
                }
            } else if (p == null || tsn != p.lastTsn + 1 || (!unord && p.ssn != ssn)) {
                if (p != null) {
                    abandon(p, unord);
                }
                sink.drop(SctpDropReason.BROKEN_FRAGMENT);
                return;
            }
            p.lastTsn = tsn;
            append(p, buf, off, len);
            if (e) {
                if (unord) {
                    unordered = null;
                } else {
                    ordered = null;
                }
                bufferedBytes -= p.size;
                byte[] msg = p.oversized ? null : (p.data.length == p.size ? p.data : Arrays.copyOf(p.data, p.size));
                complete(unord, p.ssn, p.ppid, msg);
            }
        }

        private void append(Partial p, byte[] buf, int off, int len) {
            if (p.oversized) {
                return;
            }
            int newSize = p.size + len;
            if (newSize > maxMessageSize) {
                // Discard the whole message but keep following it so its SSN and TSNs stay consistent.
                bufferedBytes -= p.size;
                p.size = 0;
                p.data = null;
                p.oversized = true;
                return;
            }
            if (p.data == null) {
                p.data = new byte[Math.min(maxMessageSize, Math.max(len * 4, 2048))];
            } else if (newSize > p.data.length) {
                p.data = Arrays.copyOf(p.data, Math.min(maxMessageSize, Math.max(newSize, p.data.length * 2)));
            }
            System.arraycopy(buf, off, p.data, p.size, len);
            p.size = newSize;
            bufferedBytes += len;
        }

        private void abandon(Partial p, boolean unord) {
            bufferedBytes -= p.size;
            if (unord) {
                unordered = null;
            } else {
                ordered = null;
            }
        }

        private void complete(boolean unord, int ssn, int ppid, byte[] msg) {
            if (unord) {
                deliverOrCount(ppid, msg);
                return;
            }
            if (ssn == nextSsn) {
                deliverOrCount(ppid, msg);
                nextSsn = (nextSsn + 1) & 0xffff;
                drainWaiting();
            } else if (ssnAfter(ssn, nextSsn)) {
                if (waiting == null) {
                    waiting = new HashMap<>();
                    waitingPpid = new HashMap<>();
                }
                if (waiting.containsKey(ssn)) {
                    sink.drop(SctpDropReason.STALE_SSN);
                    return;
                }
                waiting.put(ssn, msg);
                waitingPpid.put(ssn, ppid);
                if (msg != null) {
                    bufferedBytes += msg.length;
                }
            } else {
                sink.drop(SctpDropReason.STALE_SSN);
            }
        }

        private void deliverOrCount(int ppid, byte[] msg) {
            if (msg == null) {
                sink.drop(SctpDropReason.OVERSIZED_MESSAGE);
            } else {
                sink.deliver(sid, ppid, msg);
            }
        }

        private void drainWaiting() {
            while (waiting != null && !waiting.isEmpty() && waiting.containsKey(nextSsn)) {
                byte[] msg = waiting.remove(nextSsn);
                int ppid = waitingPpid.remove(nextSsn);
                if (msg != null) {
                    bufferedBytes -= msg.length;
                }
                nextSsn = (nextSsn + 1) & 0xffff;
                deliverOrCount(ppid, msg);
            }
        }

        /** FORWARD-TSN: SSNs up to and including {@code ssn} are skipped; complete waiting ones still go out. */
        void skipThrough(int ssn) {
            if (ordered != null && !ssnAfter(ordered.ssn, ssn)) {
                abandon(ordered, false);
            }
            if (!ssnAfter((ssn + 1) & 0xffff, nextSsn) && ((ssn + 1) & 0xffff) != nextSsn) {
                return;
            }
            while (nextSsn != ((ssn + 1) & 0xffff)) {
                if (waiting != null && waiting.containsKey(nextSsn)) {
                    byte[] msg = waiting.remove(nextSsn);
                    int ppid = waitingPpid.remove(nextSsn);
                    if (msg != null) {
                        bufferedBytes -= msg.length;
                    }
                    deliverOrCount(ppid, msg);
                }
                nextSsn = (nextSsn + 1) & 0xffff;
            }
            drainWaiting();
        }

        void dropPartialsBefore(long tsn) {
            if (ordered != null && ordered.lastTsn <= tsn) {
                abandon(ordered, false);
            }
            if (unordered != null && unordered.lastTsn <= tsn) {
                abandon(unordered, true);
            }
        }

        void reset() {
            if (ordered != null) {
                abandon(ordered, false);
            }
            if (unordered != null) {
                abandon(unordered, true);
            }
            if (waiting != null) {
                for (byte[] m : waiting.values()) {
                    if (m != null) {
                        bufferedBytes -= m.length;
                    }
                }
                waiting.clear();
                waitingPpid.clear();
            }
            nextSsn = 0;
        }
    }

    /** True when 16-bit serial number {@code a} is after {@code b} (RFC 1982). */
    static boolean ssnAfter(int a, int b) {
        int d = (a - b) & 0xffff;
        return d != 0 && d < 0x8000;
    }
}
