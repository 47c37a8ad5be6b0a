package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * One SCTP association over one DTLS association (RFC 8261, RFC 8841): the RFC 9260 state machine, either side
 * of the handshake, DATA/SACK, partial reliability (RFC 3758) and stream reset (RFC 6525).
 *
 * <p>Feed it each DTLS application data record with {@link #onPacket}; it sends through its
 * {@link SctpPacketSender} and reports through its {@link SctpAssociationListener}. It owns no thread: the caller
 * calls {@link #onTimer} at (or after) {@link #nextTimerDeadline()}, e.g. with an {@link SctpTimerDriver}. All
 * public methods are synchronized, so one I/O thread, a timer thread and application threads may share it.
 *
 * <p>The passive side stores nothing before a valid COOKIE ECHO: an INIT is answered from a signed state cookie
 * alone, so INIT floods cost CPU but no memory.
 */
public final class SctpAssociation {
    private static final long NONE = Long.MAX_VALUE;
    private static final int MAX_CONTROL_CHUNKS = 8;
    private static final long COOKIE_CLOCK_SKEW_MILLIS = 1000;

    private final SctpConfig cfg;
    private final SctpPacketSender sender;
    private final SctpAssociationListener listener;
    private final LongSupplier clock;
    private final StateCookie.Signer cookies;
    private final SecureRandom random = new SecureRandom();
    private final SctpPacketReader reader = new SctpPacketReader();
    private final SctpPacketWriter writer;
    private final SctpChecksum checksum = new SctpChecksum();
    private final long[] drops = new long[SctpDropReason.values().length];
    private final InboundQueue.Sink sink = new Sink();

    private SctpState state = SctpState.CLOSED;
    private int localTag;
    private int peerTag;
    private int localInitialTsn;
    private InboundQueue inbound;
    private OutboundQueue outbound;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private int inboundStreams;
    private int outboundStreams;

    private StateCookie pendingPeer;
    private byte[] echoCookie;
    private long t1Deadline = NONE;
    private long t1Rto;
    private int t1Retries;
    private long t2Deadline = NONE;
    private int t2Retries;

    private boolean processing;
    private boolean sackDue;
    private long delayedAckDeadline = NONE;
    private int packetsSinceAck;
    private boolean cookieAckDue;
    private final List<byte[]> controlChunks = new ArrayList<>();

    private int nextReconfigSeq;
    private int peerNextReconfigSeq;
    private int lastPeerResult = ReConfigParam.RESULT_PERFORMED;
    private final List<ReConfigParam> reconfigResponses = new ArrayList<>();
    private final TreeSet<Integer> resetQueue = new TreeSet<>();
    private final Set<Integer> resettingStreams = new HashSet<>();
    private ReConfigParam.OutgoingReset reconfigInFlight;
    private boolean reconfigDue;
    private long reconfigDeadline = NONE;
    private int reconfigRetries;

    private long packetsReceived;
    private long packetsSent;
    private long dataChunksReceived;
    private long messagesDelivered;
    private long bytesDelivered;
    private long sacksSent;
    private long forwardTsnSent;
    private long forwardTsnReceived;
    private long initAcksSent;
    private long heartbeatsAnswered;
    private long retransmissionsBefore;
    private long fastRetransmitsBefore;
    private long timeoutsBefore;
    private long abandonedBefore;
    private long queuedBefore;
    private long chunksSentBefore;

    public SctpAssociation(SctpConfig config, SctpCookieSecret secret, SctpPacketSender sender,
                           SctpAssociationListener listener, LongSupplier clockMillis) {
        this.cfg = config;
        this.sender = sender;
        this.listener = listener;
        this.clock = clockMillis;
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        this.cookies = new StateCookie.Signer(secret, nonce);
        this.writer = new SctpPacketWriter(config.mtu());
    }

    public SctpConfig config() {
        return cfg;
    }

    public synchronized SctpState state() {
        return state;
    }

    /** Negotiated outbound streams (0 before the association is established). */
    public synchronized int outboundStreams() {
        return outboundStreams;
    }

    public synchronized int inboundStreams() {
        return inboundStreams;
    }

    public synchronized long dropCount(SctpDropReason reason) {
        return drops[reason.ordinal()];
    }

    // ------------------------------------------------------------------ active open

    /** Starts the handshake as the initiating side (sends INIT); no-op unless closed. */
    public void connect() {
        connect(clock.getAsLong());
    }

    public synchronized void connect(long now) {
        if (state != SctpState.CLOSED) {
            return;
        }
        localTag = randomNonZero();
        peerTag = 0;
        localInitialTsn = random.nextInt();
        t1Rto = cfg.rtoInitialMillis();
        t1Retries = 0;
        sendInit();
        t1Deadline = now + t1Rto;
        setState(SctpState.COOKIE_WAIT);
    }

    private void sendInit() {
        writer.start(cfg.localPort(), cfg.remotePort(), 0);
        new InitChunk(false, localTag, cfg.receiveBufferBytes(), cfg.outboundStreams(), cfg.inboundStreams(),
                localInitialTsn, true, true, null).writeTo(writer);
        emit();
    }

    private void sendCookieEcho() {
        writer.start(cfg.localPort(), cfg.remotePort(), peerTag);
        writer.beginChunk(SctpChunkType.COOKIE_ECHO, 0).putBytes(echoCookie, 0, echoCookie.length).endChunk();
        emit();
    }

    // ------------------------------------------------------------------ receive

    /** One SCTP packet (one DTLS record), timed by the association's clock. */
    public void onPacket(byte[] buf, int off, int len) {
        onPacket(buf, off, len, clock.getAsLong());
    }

    public synchronized void onPacket(byte[] buf, int off, int len, long now) {
        packetsReceived++;
        if (!reader.reset(buf, off, len)) {
            drop(SctpDropReason.TOO_SHORT);
            return;
        }
        if (!checksum.verify(buf, off, len)) {
            drop(SctpDropReason.BAD_CHECKSUM);
            return;
        }
        if (reader.destinationPort() != cfg.localPort()) {
            drop(SctpDropReason.BAD_PORT);
            return;
        }
        int vtag = reader.verificationTag();
        if (!reader.nextChunk()) {
            drop(reader.malformed() ? SctpDropReason.MALFORMED_CHUNK : SctpDropReason.TOO_SHORT);
            return;
        }
        int first = reader.chunkType();
        if (first == SctpChunkType.INIT) {
            if (vtag != 0) {
                drop(SctpDropReason.BAD_VERIFICATION_TAG);
            } else if (reader.hasMore()) {
                drop(SctpDropReason.BAD_INIT);
            } else {
                handleInit(now);
            }
            return;
        }
        if (!tagAcceptable(first, vtag)) {
            if (state == SctpState.CLOSED && first == SctpChunkType.SHUTDOWN_ACK) {
                // Out of the blue SHUTDOWN ACK (our SHUTDOWN COMPLETE was lost): RFC 9260 section 8.4 item 5.
                writer.start(cfg.localPort(), cfg.remotePort(), vtag);
                writer.beginChunk(SctpChunkType.SHUTDOWN_COMPLETE, SctpChunkType.FLAG_T).endChunk();
                emit();
            }
            drop(state == SctpState.CLOSED ? SctpDropReason.OUT_OF_STATE : SctpDropReason.BAD_VERIFICATION_TAG);
            return;
        }
        processing = true;
        boolean dataSeen = false;
        try {
            do {
                int type = reader.chunkType();
                boolean carryOn = switch (type) {
                    case SctpChunkType.DATA -> {
                        dataSeen |= handleData();
                        yield true;
                    }
                    case SctpChunkType.SACK -> handleSack(now);
                    case SctpChunkType.HEARTBEAT -> handleHeartbeat();
                    case SctpChunkType.HEARTBEAT_ACK, SctpChunkType.ERROR -> true;
                    case SctpChunkType.ABORT -> {
                        close();
                        yield false;
                    }
                    case SctpChunkType.COOKIE_ECHO -> handleCookieEcho(vtag, now);
                    case SctpChunkType.COOKIE_ACK -> handleCookieAck();
                    case SctpChunkType.INIT_ACK -> handleInitAck(now);
                    case SctpChunkType.SHUTDOWN -> handleShutdown(now);
                    case SctpChunkType.SHUTDOWN_ACK -> handleShutdownAck();
                    case SctpChunkType.SHUTDOWN_COMPLETE -> handleShutdownComplete();
                    case SctpChunkType.FORWARD_TSN -> handleForwardTsn();
                    case SctpChunkType.RE_CONFIG -> handleReconfig(now);
                    case SctpChunkType.INIT -> {
                        drop(SctpDropReason.BAD_INIT);
                        yield false;
                    }
                    default -> {
                        drop(SctpDropReason.UNKNOWN_CHUNK);
                        // Upper two bits 1x: skip and continue; 0x: stop processing the packet.
                        yield (type & 0x80) != 0;
                    }
                };
                if (!carryOn || state == SctpState.CLOSED) {
                    break;
                }
            } while (reader.nextChunk());
            if (reader.malformed()) {
                drop(SctpDropReason.MALFORMED_CHUNK);
            }
            if (dataSeen && state != SctpState.CLOSED) {
                scheduleAck(now);
            }
        } finally {
            processing = false;
        }
        transmit(now);
    }

    private boolean tagAcceptable(int firstType, int vtag) {
        if (firstType == SctpChunkType.COOKIE_ECHO) {
            return true; // checked against the cookie's own tag
        }
        if (state == SctpState.CLOSED) {
            return false;
        }
        if (firstType == SctpChunkType.ABORT || firstType == SctpChunkType.SHUTDOWN_COMPLETE) {
            boolean reflected = (reader.chunkFlags() & SctpChunkType.FLAG_T) != 0;
            return reflected ? vtag == peerTag && peerTag != 0 : vtag == localTag;
        }
        return vtag == localTag;
    }

    private void handleInit(long now) {
        InitChunk init = InitChunk.decode(false, reader.buffer(), reader.valueOffset(), reader.valueLength());
        if (init == null || init.initiateTag() == 0 || init.outboundStreams() == 0 || init.inboundStreams() == 0) {
            drop(SctpDropReason.BAD_INIT);
            return;
        }
        // Stateless: while closed, fresh tag and TSN live only in the cookie. Otherwise (INIT collision or a
        // retransmitted INIT) our existing tag and TSN are reused (RFC 9260 sections 5.2.1, 5.2.2).
        boolean fresh = state == SctpState.CLOSED;
        int tag = fresh ? randomNonZero() : localTag;
        int tsn = fresh ? random.nextInt() : localInitialTsn;
        int os = Math.min(cfg.outboundStreams(), init.inboundStreams());
        int mis = Math.min(cfg.inboundStreams(), init.outboundStreams());
        byte[] cookie = cookies.sign(new StateCookie(now, tag, init.initiateTag(), tsn, init.initialTsn(),
                init.advertisedWindow(), os, mis, init.forwardTsnSupported(), init.reconfigSupported()));
        writer.start(cfg.localPort(), cfg.remotePort(), init.initiateTag());
        new InitChunk(true, tag, cfg.receiveBufferBytes(), cfg.outboundStreams(), cfg.inboundStreams(), tsn, true,
                true, cookie).writeTo(writer);
        emit();
        initAcksSent++;
    }

    private boolean handleInitAck(long now) {
        if (state != SctpState.COOKIE_WAIT) {
            drop(SctpDropReason.OUT_OF_STATE);
            return true;
        }
        InitChunk ack = InitChunk.decode(true, reader.buffer(), reader.valueOffset(), reader.valueLength());
        if (ack == null || ack.initiateTag() == 0 || ack.outboundStreams() == 0 || ack.inboundStreams() == 0) {
            drop(SctpDropReason.BAD_INIT);
            return false;
        }
        peerTag = ack.initiateTag();
        pendingPeer = new StateCookie(now, localTag, peerTag, localInitialTsn, ack.initialTsn(),
                ack.advertisedWindow(), Math.min(cfg.outboundStreams(), ack.inboundStreams()),
                Math.min(cfg.inboundStreams(), ack.outboundStreams()), ack.forwardTsnSupported(),
                ack.reconfigSupported());
        echoCookie = ack.cookie();
        t1Rto = cfg.rtoInitialMillis();
        t1Retries = 0;
        t1Deadline = now + t1Rto;
        setState(SctpState.COOKIE_ECHOED);
        sendCookieEcho();
        return false;
    }

    private boolean handleCookieEcho(int vtag, long now) {
        StateCookie c = cookies.verify(reader.buffer(), reader.valueOffset(), reader.valueLength());
        if (c == null) {
            drop(SctpDropReason.BAD_COOKIE);
            return false;
        }
        if (vtag != c.localTag()) {
            drop(SctpDropReason.BAD_VERIFICATION_TAG);
            return false;
        }
        if (now - c.createdMillis() > cfg.cookieLifetimeMillis() || c.createdMillis() > now + COOKIE_CLOCK_SKEW_MILLIS) {
            drop(SctpDropReason.STALE_COOKIE);
            return false;
        }
        switch (state) {
            case CLOSED -> establish(c);
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                if (c.localTag() != localTag) {
                    drop(SctpDropReason.UNEXPECTED_COOKIE);
                    return false;
                }
                establish(c);
            }
            default -> {
                if (c.localTag() != localTag || c.peerTag() != peerTag) {
                    // A peer restart (new tags) is not supported over one DTLS association.
                    drop(SctpDropReason.UNEXPECTED_COOKIE);
                    return false;
                }
            }
        }
        cookieAckDue = true;
        return true;
    }

    private boolean handleCookieAck() {
        if (state == SctpState.COOKIE_ECHOED) {
            establish(pendingPeer);
        }
        return true;
    }

    private void establish(StateCookie c) {
        localTag = c.localTag();
        peerTag = c.peerTag();
        localInitialTsn = c.localInitialTsn();
        inboundStreams = c.inboundStreams();
        outboundStreams = c.outboundStreams();
        peerForwardTsn = c.peerForwardTsn();
        peerReconfig = c.peerReconfig();
        inbound = new InboundQueue(cfg, inboundStreams, c.peerInitialTsn(), sink);
        outbound = new OutboundQueue(cfg, outboundStreams, localInitialTsn, c.peerWindow());
        // RFC 6525 section 5.2.1: request sequence numbers start at the sender's initial TSN.
        nextReconfigSeq = localInitialTsn;
        peerNextReconfigSeq = c.peerInitialTsn();
        t1Deadline = NONE;
        pendingPeer = null;
        echoCookie = null;
        setState(SctpState.ESTABLISHED);
    }

    private boolean handleData() {
        if (!state.carriesData() || state == SctpState.SHUTDOWN_RECEIVED) {
            drop(SctpDropReason.OUT_OF_STATE);
            return false;
        }
        int len = reader.valueLength();
        if (len <= 12) {
            // No user data (RFC 9260 requires an ABORT; a WebRTC peer never sends it, so just drop).
            drop(SctpDropReason.MALFORMED_CHUNK);
            return false;
        }
        dataChunksReceived++;
        byte[] b = reader.buffer();
        int v = reader.valueOffset();
        // Filling a gap is acknowledged at once, like creating one (RFC 9260 section 6.7).
        boolean hadGap = inbound.heldCount() > 0;
        InboundQueue.Outcome o = inbound.onData(reader.chunkFlags(), i32(b, v), SctpPacketReader.u16(b, v + 4),
                SctpPacketReader.u16(b, v + 6), i32(b, v + 8), b, v + 12, len - 12);
        if (o != InboundQueue.Outcome.IN_SEQUENCE || hadGap) {
            sackDue = true;
        }
        return true;
    }

    private void scheduleAck(long now) {
        packetsSinceAck++;
        if (sackDue || inbound.hasGapsOrDups() || packetsSinceAck >= 2 || state != SctpState.ESTABLISHED) {
            sackDue = true;
        } else if (delayedAckDeadline == NONE) {
            delayedAckDeadline = now + cfg.delayedAckMillis();
        }
    }

    private boolean handleSack(long now) {
        if (!state.carriesData() && state != SctpState.SHUTDOWN_ACK_SENT) {
            drop(SctpDropReason.OUT_OF_STATE);
            return true;
        }
        SackChunk s = SackChunk.decode(reader.buffer(), reader.valueOffset(), reader.valueLength());
        if (s == null) {
            drop(SctpDropReason.MALFORMED_CHUNK);
            return false;
        }
        if (!outbound.onSack(s, now)) {
            drop(SctpDropReason.BAD_SACK);
        }
        return true;
    }

    private boolean handleHeartbeat() {
        if (controlChunks.size() >= MAX_CONTROL_CHUNKS) {
            return true;
        }
        int len = reader.chunkLength();
        if (len > cfg.mtu() - 16) {
            drop(SctpDropReason.MALFORMED_CHUNK);
            return true;
        }
        byte[] ack = new byte[len];
        System.arraycopy(reader.buffer(), reader.chunkOffset(), ack, 0, len);
        ack[0] = (byte) SctpChunkType.HEARTBEAT_ACK;
        ack[1] = 0;
        controlChunks.add(ack);
        heartbeatsAnswered++;
        return true;
    }

    private boolean handleForwardTsn() {
        if (!state.carriesData()) {
            drop(SctpDropReason.OUT_OF_STATE);
            return true;
        }
        ForwardTsnChunk f = ForwardTsnChunk.decode(reader.buffer(), reader.valueOffset(), reader.valueLength());
        if (f == null) {
            drop(SctpDropReason.MALFORMED_CHUNK);
            return false;
        }
        forwardTsnReceived++;
        inbound.onForwardTsn(f);
        sackDue = true;
        return true;
    }

    private boolean handleShutdown(long now) {
        if (reader.valueLength() >= 4 && outbound != null) {
            outbound.onCumulativeAck(i32(reader.buffer(), reader.valueOffset()), now);
        }
        switch (state) {
            case ESTABLISHED, SHUTDOWN_PENDING -> {
                setState(SctpState.SHUTDOWN_RECEIVED);
                t2Retries = 0;
            }
            case SHUTDOWN_SENT -> {
                // Both sides shut down at once (RFC 9260 section 9.2): answer with SHUTDOWN ACK.
                setState(SctpState.SHUTDOWN_ACK_SENT);
                sendShutdownAck(now);
            }
            default -> {
            }
        }
        return true;
    }

    private boolean handleShutdownAck() {
        if (state == SctpState.SHUTDOWN_SENT || state == SctpState.SHUTDOWN_ACK_SENT) {
            writer.start(cfg.localPort(), cfg.remotePort(), peerTag);
            writer.beginChunk(SctpChunkType.SHUTDOWN_COMPLETE, 0).endChunk();
            emit();
            close();
        }
        return false;
    }

    private boolean handleShutdownComplete() {
        if (state == SctpState.SHUTDOWN_ACK_SENT) {
            close();
        }
        return false;
    }

    // ------------------------------------------------------------------ stream reset (RFC 6525)

    private boolean handleReconfig(long now) {
        if (!state.carriesData()) {
            drop(SctpDropReason.OUT_OF_STATE);
            return true;
        }
        ReConfigChunk rc = ReConfigChunk.decode(reader.buffer(), reader.valueOffset(), reader.valueLength());
        if (rc == null) {
            drop(SctpDropReason.MALFORMED_CHUNK);
            return true;
        }
        for (ReConfigParam p : rc.params()) {
            if (p instanceof ReConfigParam.OutgoingReset r) {
                onPeerOutgoingReset(r);
            } else if (p instanceof ReConfigParam.IncomingReset r) {
                // We do not reset our outgoing streams on request; RFC 6525 allows denying.
                answerUnsupported(r.requestSeq());
            } else if (p instanceof ReConfigParam.Response r) {
                onReconfigResponse(r, now);
            }
        }
        for (int seq : rc.unsupportedRequestSeqs()) {
            answerUnsupported(seq);
        }
        return true;
    }

    private void onPeerOutgoingReset(ReConfigParam.OutgoingReset r) {
        int seq = r.requestSeq();
        if (seq == peerNextReconfigSeq) {
            if (!inbound.requestReset(r.lastAssignedTsn(), r.streams(), seq)) {
                reconfigResponses.add(new ReConfigParam.Response(seq, ReConfigParam.RESULT_IN_PROGRESS));
                return;
            }
            peerNextReconfigSeq++;
        } else if (seq == peerNextReconfigSeq - 1) {
            int result = inbound.resetPending() ? ReConfigParam.RESULT_IN_PROGRESS : lastPeerResult;
            reconfigResponses.add(new ReConfigParam.Response(seq, result));
        } else {
            drop(SctpDropReason.BAD_RECONFIG);
            reconfigResponses.add(new ReConfigParam.Response(seq, ReConfigParam.RESULT_BAD_SEQUENCE));
        }
    }

    private void answerUnsupported(int seq) {
        drop(SctpDropReason.BAD_RECONFIG);
        if (seq == peerNextReconfigSeq) {
            peerNextReconfigSeq++;
            lastPeerResult = ReConfigParam.RESULT_DENIED;
            reconfigResponses.add(new ReConfigParam.Response(seq, ReConfigParam.RESULT_DENIED));
        } else {
            reconfigResponses.add(new ReConfigParam.Response(seq, seq == peerNextReconfigSeq - 1
                    ? lastPeerResult : ReConfigParam.RESULT_BAD_SEQUENCE));
        }
    }

    private void onReconfigResponse(ReConfigParam.Response r, long now) {
        ReConfigParam.OutgoingReset req = reconfigInFlight;
        if (req == null || r.responseSeq() != req.requestSeq()) {
            return;
        }
        switch (r.result()) {
            case ReConfigParam.RESULT_PERFORMED, ReConfigParam.RESULT_NOTHING_TO_DO -> {
                finishReset(req.streams());
            }
            case ReConfigParam.RESULT_IN_PROGRESS -> reconfigDeadline = now + outbound.rto();
            default -> {
                drop(SctpDropReason.BAD_RECONFIG);
                finishReset(req.streams());
            }
        }
    }

    private void finishReset(int[] streams) {
        reconfigInFlight = null;
        reconfigDeadline = NONE;
        reconfigDue = false;
        outbound.resetSsn(streams);
        for (int s : streams) {
            resettingStreams.remove(s);
        }
        listener.onOutgoingStreamsReset(streams);
    }

    /**
     * Resets our outgoing streams (closing data channels, RFC 8831 section 6.7): the request goes out once the
     * messages already queued on those streams have their TSNs; until the peer answers, sends on them fail.
     */
    public void resetStreams(int... streamIds) {
        resetStreams(clock.getAsLong(), streamIds);
    }

    public synchronized void resetStreams(long now, int... streamIds) {
        if (!state.carriesData()) {
            return;
        }
        for (int s : streamIds) {
            if (s >= 0 && s < outboundStreams && resettingStreams.add(s)) {
                resetQueue.add(s);
            }
        }
        if (!processing) {
            transmit(now);
        }
    }

    private void maybeStartReconfig(long now) {
        if (reconfigInFlight != null || resetQueue.isEmpty()) {
            return;
        }
        if (!peerReconfig) {
            int[] s = resetQueue.stream().mapToInt(Integer::intValue).toArray();
            resetQueue.clear();
            finishReset(s);
            return;
        }
        List<Integer> ready = new ArrayList<>();
        for (int s : resetQueue) {
            if (!outbound.hasQueuedFor(s) && ready.size() < 256) {
                ready.add(s);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        resetQueue.removeAll(ready);
        reconfigInFlight = new ReConfigParam.OutgoingReset(nextReconfigSeq++, peerNextReconfigSeq - 1,
                outbound.lastAssignedTsn(), ready.stream().mapToInt(Integer::intValue).toArray());
        reconfigDue = true;
        reconfigRetries = 0;
        reconfigDeadline = now + outbound.rto();
    }

    // ------------------------------------------------------------------ send

    /** Queues a message; see {@link SendResult}. The array is not copied: the caller must not change it. */
    public SendResult sendMessage(int streamId, int ppid, byte[] data, SendOptions options) {
        return sendMessage(streamId, ppid, data, options, clock.getAsLong());
    }

    public synchronized SendResult sendMessage(int streamId, int ppid, byte[] data, SendOptions options, long now) {
        if (state != SctpState.ESTABLISHED) {
            return SendResult.NOT_ESTABLISHED;
        }
        if (data.length == 0 || data.length > cfg.maxMessageSize()) {
            return SendResult.TOO_LARGE;
        }
        if (resettingStreams.contains(streamId)) {
            return SendResult.INVALID_STREAM;
        }
        SendResult r = outbound.enqueue(streamId, ppid, data, options, now);
        if (r == SendResult.QUEUED && !processing) {
            transmit(now);
        }
        return r;
    }

    /** Bytes queued or in flight, not yet acknowledged. */
    public synchronized long bufferedAmount() {
        return outbound == null ? 0 : outbound.bufferedBytes();
    }

    private void transmit(long now) {
        if (!state.carriesData() && state != SctpState.SHUTDOWN_ACK_SENT) {
            return;
        }
        maybeStartReconfig(now);
        boolean first = true;
        while (true) {
            writer.start(cfg.localPort(), cfg.remotePort(), peerTag);
            if (first) {
                writeControl(now);
                first = false;
            }
            boolean data = (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                    || state == SctpState.SHUTDOWN_RECEIVED) && outbound.fill(writer, now);
            if (writer.chunkCount() == 0) {
                break;
            }
            emit();
            if (!data || !outbound.canSendMore(now)) {
                break;
            }
        }
        progressShutdown(now);
    }

    private void writeControl(long now) {
        if (cookieAckDue) {
            writer.beginChunk(SctpChunkType.COOKIE_ACK, 0).endChunk();
            cookieAckDue = false;
        }
        while (!controlChunks.isEmpty() && writer.remaining() >= controlChunks.get(0).length + 3) {
            writer.putChunk(controlChunks.remove(0));
        }
        controlChunks.clear();
        if (sackDue && inbound != null) {
            if (writer.remaining() >= inbound.sackLength()) {
                inbound.writeSack(writer);
                sacksSent++;
            }
            sackDue = false;
            delayedAckDeadline = NONE;
            packetsSinceAck = 0;
        }
        if (outbound != null && outbound.forwardTsnDue()) {
            ForwardTsnChunk f = outbound.takeForwardTsn(now, (writer.remaining() - 64) / 4);
            if (f != null && peerForwardTsn && writer.remaining() >= f.encodedLength()) {
                f.writeTo(writer);
                forwardTsnSent++;
            }
        }
        if (reconfigDue || !reconfigResponses.isEmpty()) {
            List<ReConfigParam> params = new ArrayList<>(reconfigResponses);
            reconfigResponses.clear();
            if (reconfigDue && reconfigInFlight != null) {
                params.add(reconfigInFlight);
            }
            reconfigDue = false;
            // At most two parameters per RE-CONFIG chunk (RFC 6525 section 3.1).
            for (int i = 0; i < params.size(); i += 2) {
                ReConfigChunk.write(writer, params.subList(i, Math.min(params.size(), i + 2)));
            }
        }
    }

    private void emit() {
        int len = writer.finish();
        packetsSent++;
        sender.send(writer.buffer(), 0, len);
    }

    // ------------------------------------------------------------------ shutdown / abort

    /** Graceful close (RFC 9260 section 9.2): sends SHUTDOWN once all queued data is acknowledged. */
    public void shutdown() {
        shutdown(clock.getAsLong());
    }

    public synchronized void shutdown(long now) {
        if (state == SctpState.ESTABLISHED) {
            setState(SctpState.SHUTDOWN_PENDING);
            t2Retries = 0;
            progressShutdown(now);
        } else if (state == SctpState.COOKIE_WAIT || state == SctpState.COOKIE_ECHOED) {
            close();
        }
    }

    private void progressShutdown(long now) {
        if (state == SctpState.SHUTDOWN_PENDING && outbound.isEmpty()) {
            setState(SctpState.SHUTDOWN_SENT);
            sendShutdown(now);
        } else if (state == SctpState.SHUTDOWN_RECEIVED && outbound.isEmpty()) {
            setState(SctpState.SHUTDOWN_ACK_SENT);
            sendShutdownAck(now);
        }
    }

    private void sendShutdown(long now) {
        writer.start(cfg.localPort(), cfg.remotePort(), peerTag);
        writer.beginChunk(SctpChunkType.SHUTDOWN, 0).put32(inbound.cumulativeTsn()).endChunk();
        emit();
        t2Deadline = now + t2Timeout();
    }

    /** T2-shutdown: the RTO, doubled per retransmission (RFC 9260 section 9.2). */
    private long t2Timeout() {
        return Math.min(cfg.rtoMaxMillis(), outbound.rto() << Math.min(t2Retries, 16));
    }

    private void sendShutdownAck(long now) {
        writer.start(cfg.localPort(), cfg.remotePort(), peerTag);
        writer.beginChunk(SctpChunkType.SHUTDOWN_ACK, 0).endChunk();
        emit();
        t2Deadline = now + t2Timeout();
    }

    /** Sends ABORT (if there is a peer) and closes at once. */
    public synchronized void abort() {
        if (state == SctpState.CLOSED) {
            return;
        }
        if (peerTag != 0) {
            writer.start(cfg.localPort(), cfg.remotePort(), peerTag);
            writer.beginChunk(SctpChunkType.ABORT, 0).endChunk();
            emit();
        } else if (state == SctpState.COOKIE_WAIT) {
            writer.start(cfg.localPort(), cfg.remotePort(), localTag);
            writer.beginChunk(SctpChunkType.ABORT, SctpChunkType.FLAG_T).endChunk();
            emit();
        }
        close();
    }

    private void close() {
        if (state == SctpState.CLOSED) {
            return;
        }
        // Keep the peer's tag for reflected answers to stray packets; everything else goes.
        t1Deadline = NONE;
        t2Deadline = NONE;
        delayedAckDeadline = NONE;
        reconfigDeadline = NONE;
        sackDue = false;
        cookieAckDue = false;
        controlChunks.clear();
        reconfigResponses.clear();
        resetQueue.clear();
        resettingStreams.clear();
        reconfigInFlight = null;
        if (outbound != null) {
            retransmissionsBefore += outbound.retransmissions;
            fastRetransmitsBefore += outbound.fastRetransmits;
            timeoutsBefore += outbound.timeouts;
            abandonedBefore += outbound.abandonedMessages;
            queuedBefore += outbound.messagesQueued;
            chunksSentBefore += outbound.dataChunksSent;
        }
        inbound = null;
        outbound = null;
        inboundStreams = 0;
        outboundStreams = 0;
        setState(SctpState.CLOSED);
    }

    // ------------------------------------------------------------------ timers

    /** Earliest time {@link #onTimer} has work, or {@link Long#MAX_VALUE} when no timer runs. */
    public synchronized long nextTimerDeadline() {
        long d = Math.min(Math.min(t1Deadline, t2Deadline), Math.min(delayedAckDeadline, reconfigDeadline));
        if (outbound != null) {
            d = Math.min(d, outbound.t3Deadline());
        }
        return d;
    }

    public void onTimer() {
        onTimer(clock.getAsLong());
    }

    public synchronized void onTimer(long now) {
        if (now >= t1Deadline) {
            onT1(now);
        }
        if (state == SctpState.CLOSED) {
            return;
        }
        if (now >= t2Deadline) {
            if (++t2Retries > cfg.maxRetransmissions()) {
                abort();
                return;
            }
            if (state == SctpState.SHUTDOWN_SENT) {
                sendShutdown(now);
            } else if (state == SctpState.SHUTDOWN_ACK_SENT) {
                sendShutdownAck(now);
            } else {
                t2Deadline = NONE;
            }
        }
        if (outbound != null) {
            outbound.expire(now);
            if (now >= outbound.t3Deadline()) {
                if (outbound.onT3Expired(now, cfg.maxRetransmissions())) {
                    abort();
                    return;
                }
            }
        }
        if (now >= delayedAckDeadline) {
            sackDue = true;
            delayedAckDeadline = NONE;
        }
        if (now >= reconfigDeadline && reconfigInFlight != null) {
            if (++reconfigRetries > cfg.maxRetransmissions()) {
                drop(SctpDropReason.BAD_RECONFIG);
                finishReset(reconfigInFlight.streams());
            } else {
                reconfigDue = true;
                reconfigDeadline = now + outbound.rto();
            }
        } else if (now >= reconfigDeadline) {
            reconfigDeadline = NONE;
        }
        transmit(now);
    }

    private void onT1(long now) {
        if (state != SctpState.COOKIE_WAIT && state != SctpState.COOKIE_ECHOED) {
            t1Deadline = NONE;
            return;
        }
        if (++t1Retries > cfg.maxInitRetransmissions()) {
            close();
            return;
        }
        t1Rto = Math.min(t1Rto * 2, cfg.rtoMaxMillis());
        t1Deadline = now + t1Rto;
        if (state == SctpState.COOKIE_WAIT) {
            sendInit();
        } else {
            sendCookieEcho();
        }
    }

    // ------------------------------------------------------------------ misc

    public synchronized SctpStats stats() {
        Map<SctpDropReason, Long> d = new EnumMap<>(SctpDropReason.class);
        for (SctpDropReason r : SctpDropReason.values()) {
            if (drops[r.ordinal()] != 0) {
                d.put(r, drops[r.ordinal()]);
            }
        }
        OutboundQueue o = outbound;
        return new SctpStats(state, packetsReceived, packetsSent, dataChunksReceived, messagesDelivered,
                bytesDelivered, queuedBefore + (o == null ? 0 : o.messagesQueued),
                chunksSentBefore + (o == null ? 0 : o.dataChunksSent),
                retransmissionsBefore + (o == null ? 0 : o.retransmissions),
                fastRetransmitsBefore + (o == null ? 0 : o.fastRetransmits),
                timeoutsBefore + (o == null ? 0 : o.timeouts),
                abandonedBefore + (o == null ? 0 : o.abandonedMessages), sacksSent, forwardTsnSent,
                forwardTsnReceived, initAcksSent, heartbeatsAnswered,
                inbound == null ? 0 : inbound.bufferedBytes(), o == null ? 0 : o.bufferedBytes(),
                o == null ? 0 : o.cwnd(), o == null ? cfg.rtoInitialMillis() : o.rto(), Map.copyOf(d));
    }

    private void drop(SctpDropReason reason) {
        drops[reason.ordinal()]++;
    }

    private void setState(SctpState s) {
        if (state != s) {
            state = s;
            listener.onStateChanged(s);
        }
    }

    private int randomNonZero() {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }

    private final class Sink implements InboundQueue.Sink {
        @Override
        public void deliver(int streamId, int ppid, byte[] data) {
            messagesDelivered++;
            bytesDelivered += data.length;
            listener.onMessage(streamId, ppid, data);
        }

        @Override
        public void drop(SctpDropReason reason) {
            SctpAssociation.this.drop(reason);
        }

        @Override
        public void streamsReset(int[] streams, int requestSeq) {
            lastPeerResult = ReConfigParam.RESULT_PERFORMED;
            reconfigResponses.add(new ReConfigParam.Response(requestSeq, ReConfigParam.RESULT_PERFORMED));
            sackDue = true;
            listener.onIncomingStreamsReset(streams);
        }
    }
}
