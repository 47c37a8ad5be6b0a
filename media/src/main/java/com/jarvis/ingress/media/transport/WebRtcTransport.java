package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsListener;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.dtls.DtlsSrtpKeys;
import com.jarvis.ingress.media.dtls.DtlsState;
import com.jarvis.ingress.media.ice.IceCredentials;
import com.jarvis.ingress.media.ice.IceListener;
import com.jarvis.ingress.media.ice.IceLiteServer;
import com.jarvis.ingress.media.ice.IceState;
import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.net.IoLoop;
import com.jarvis.ingress.media.net.PacketClassifier;
import com.jarvis.ingress.media.net.PacketSender;
import com.jarvis.ingress.media.rtp.RtcpCompoundParser;
import com.jarvis.ingress.media.rtp.RtcpPacket;
import com.jarvis.ingress.media.rtp.RtpPacket;
import com.jarvis.ingress.media.sctp.SctpState;
import com.jarvis.ingress.media.sctp.SctpStats;
import com.jarvis.ingress.media.srtp.SrtpDropReason;
import com.jarvis.ingress.media.srtp.SrtpSession;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One WebRTC receive transport (mediasoup's WebRtcTransport): ICE-lite on the server's (or its own) sockets, then
 * DTLS once ICE is connected and {@link #connect} was called (whichever comes later), then SRTP into one audio
 * {@link Producer}, and SCTP (one association over the DTLS, created when it connects) into {@link DataProducer}s.
 * Receiver reports go back to the selected tuple about once a second while audio arrives.
 *
 * <p>It closes itself when it is not connected within the server's connect timeout of its creation
 * ({@link CloseReason#CONNECT_TIMEOUT}), when ICE consent expires or all tuples go
 * ({@link CloseReason#ICE_CONSENT_TIMEOUT}, {@link CloseReason#ICE_DISCONNECTED}), when DTLS fails
 * ({@link CloseReason#DTLS_FAILURE}) or the peer closes DTLS; {@link #close()} releases tuples, ufrags, ports and
 * timers and is idempotent. Thread-safe.
 *
 * <p>Its packets are handled by one I/O thread, its owner: the loop its first packet arrived on
 * ({@link #ownerFor}); {@link PacketDemux} hands packets arriving elsewhere to the owner, and receiver reports are
 * written there too, so the packet path's locks are only contended by control calls (produce, close, restart).
 */
public final class WebRtcTransport {
    private static final List<String> SIGNALLED_FINGERPRINTS = List.of("sha-256", "sha-384", "sha-512");

    private final String id = UUID.randomUUID().toString();
    private final WebRtcServer server;
    private final TransportListener listener;
    private final MediaCounters counters;
    private final IceLiteServer ice;
    private final DtlsEndpoint dtls;
    private final TransportDataChannels dataChannels;
    private final DtlsParameters dtlsParameters;
    private final long reporterSsrc;
    private final ConnectDeadline connectDeadline;

    private final Object stateLock = new Object();
    private final Object stunLock = new Object();
    private final Object dtlsLock = new Object();
    /** SRTP, producer and statistics: the owner I/O thread (receive, reports) and control calls share them. */
    private final Object mediaLock = new Object();
    /** The I/O loop that handles this transport's packets; set by the first packet, then fixed. */
    private final AtomicReference<IoLoop> owner = new AtomicReference<>();
    private final Runnable reportTask = this::sendReceiverReport;

    private final ConcurrentHashMap<IceTuple, PacketSender> senders = new ConcurrentHashMap<>();
    private final Set<String> ufrags = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final byte[] reportBuffer = new byte[1500];

    private volatile List<IceCandidate> candidates = List.of();
    private volatile TransportSockets ownSockets;
    private volatile int ownPort = -1;
    private volatile IceTuple selected;
    private volatile TransportState state = TransportState.NEW;
    private volatile CloseReason closeReason;
    private volatile SrtpSession srtp;
    private volatile Producer producer;
    private volatile Thread tickingThread;

    private PacketSender stunReplyTo; // guarded by stunLock
    private IceTuple stunReplyTuple; // guarded by stunLock
    private DtlsRole remoteRole; // guarded by dtlsLock
    private List<DtlsFingerprint> remoteFingerprints; // guarded by dtlsLock
    private boolean dtlsStarted; // guarded by dtlsLock

    WebRtcTransport(WebRtcServer server, TransportListener listener, IceCredentials credentials,
            long consentTimeoutMillis) {
        this.server = server;
        this.listener = listener == null ? new TransportListener() { } : listener;
        this.counters = server.counters();
        this.ice = new IceLiteServer(credentials, server.random(), new IceEvents(), consentTimeoutMillis);
        this.dtls = new DtlsEndpoint(server.certificate(), server.config().dtls(), server.handshakeExecutor(),
                this::sendDtls, new DtlsEvents());
        this.dtlsParameters = new DtlsParameters("auto", server.certificate().fingerprints().stream()
                .filter(f -> SIGNALLED_FINGERPRINTS.contains(f.algorithm())).toList());
        this.reporterSsrc = server.random().nextInt() & 0xffffffffL;
        this.dataChannels = new TransportDataChannels(this, this.listener, dtls, server.sctpTimers(),
                server.sctpCookieSecret(), server::sctpNowMillis, counters);
        ufrags.add(credentials.ufrag());
        this.connectDeadline = new ConnectDeadline(server.nowMillis(), server.config().connectTimeoutMillis());
    }

    void attach(List<IceCandidate> candidates, TransportSockets sockets, int port) {
        this.candidates = List.copyOf(candidates);
        this.ownSockets = sockets;
        this.ownPort = port;
    }

    public String id() {
        return id;
    }

    /** Current local ICE credentials; iceLite is always true. */
    public IceParameters iceParameters() {
        IceCredentials c = ice.credentials();
        return new IceParameters(c.ufrag(), c.password(), true);
    }

    /** Host candidates: UDP and/or passive TCP of every listen address, with its announced (or resolved) address. */
    public List<IceCandidate> iceCandidates() {
        return candidates;
    }

    /** Role "auto" and the server certificate's sha-256/384/512 fingerprints. */
    public DtlsParameters dtlsParameters() {
        return dtlsParameters;
    }

    public TransportState state() {
        return state;
    }

    /** ICE state of the underlying responder (for diagnostics). */
    public IceState iceState() {
        return ice.state();
    }

    /** DTLS state (for diagnostics). */
    public DtlsState dtlsState() {
        return dtls.state();
    }

    /** Why the transport closed, or null while open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** The tuple media and reports go to, or null. */
    public IceTuple selectedTuple() {
        return selected;
    }

    /**
     * The client's DTLS parameters. Accepted once: DTLS starts when ICE is connected (or at once if it already is),
     * with our role from {@link DtlsRole#localRoleFor}; the peer certificate must match {@code fingerprints}.
     *
     * @throws IllegalStateException when called twice or after close
     * @throws IllegalArgumentException without a role or fingerprints
     */
    public void connect(DtlsRole remoteRole, List<DtlsFingerprint> fingerprints) {
        Objects.requireNonNull(remoteRole, "remoteRole");
        if (fingerprints == null || fingerprints.isEmpty()) {
            throw new IllegalArgumentException("at least one DTLS fingerprint is required");
        }
        synchronized (dtlsLock) {
            if (closed.get()) {
                throw new IllegalStateException("transport closed");
            }
            if (this.remoteRole != null) {
                throw new IllegalStateException("connect() already called");
            }
            this.remoteRole = remoteRole;
            this.remoteFingerprints = List.copyOf(fingerprints);
        }
        maybeStartDtls();
    }

    /**
     * Starts receiving audio described by {@code rtpParameters} (kind audio). One producer per transport: while one
     * is open a second call is refused; close the first to replace it.
     *
     * @throws InvalidRtpParametersException when the parameters do not fit the router's capabilities
     * @throws IllegalStateException when a producer is open or the transport closed
     */
    public Producer produce(String kind, RtpParameters rtpParameters, AudioSink sink, ProducerListener listener) {
        RtpCodecParameters codec = server.router().validate(kind, rtpParameters);
        synchronized (mediaLock) {
            if (closed.get()) {
                throw new IllegalStateException("transport closed");
            }
            if (producer != null) {
                throw new IllegalStateException("transport already has a producer");
            }
            Producer p = new Producer(this, mediaLock, rtpParameters, codec, sink, listener, counters, reporterSsrc,
                    server.decodePool(), server.opusDecoders(), server.decodeConfig().queuePackets());
            producer = p;
            return p;
        }
    }

    /** {@link #produce(String, RtpParameters, AudioSink, ProducerListener)} for audio without a listener. */
    public Producer produce(RtpParameters rtpParameters, AudioSink sink) {
        return produce("audio", rtpParameters, sink, null);
    }

    /**
     * Starts receiving a pre-negotiated data channel (mediasoup-client's {@code producedata}: negotiated, id =
     * streamId). Allowed before DTLS connects. Messages go to {@code listener} on the I/O thread.
     *
     * @throws IllegalStateException when the stream id is in use (an open data producer or DCEP channel) or the
     *     transport closed
     */
    public DataProducer produceData(SctpStreamParameters parameters, String label, String protocol,
            DataMessageListener listener) {
        Objects.requireNonNull(parameters, "parameters");
        if (closed.get()) {
            throw new IllegalStateException("transport closed");
        }
        return dataChannels.produce(parameters, label, protocol, listener);
    }

    /** The open data producers (pre-negotiated and DCEP). */
    public List<DataProducer> dataProducers() {
        return dataChannels.producers();
    }

    /** The open data producer on this stream id, or null. */
    public DataProducer dataProducer(int streamId) {
        return dataChannels.producer(streamId);
    }

    /** SCTP messages dropped because no data producer was open on their stream. */
    public long dataMessagesWithoutProducer() {
        return dataChannels.messagesWithoutProducer();
    }

    /** SCTP association counters, or null before DTLS connected. */
    public SctpStats sctpStats() {
        return dataChannels.stats();
    }

    /** SCTP association state ({@link SctpState#CLOSED} before DTLS connected). */
    public SctpState sctpState() {
        return dataChannels.state();
    }

    void dataProducerClosed(DataProducer p, boolean byApp) {
        dataChannels.producerClosed(p);
    }

    /** The open producer, or null. */
    public Producer producer() {
        return producer;
    }

    /** What the producer received (zeros without one). */
    public TransportStats stats() {
        Producer p = producer;
        return p == null ? TransportStats.EMPTY : p.stats();
    }

    /**
     * ICE restart: new credentials for signalling; the old ones keep working until the client checks with the new.
     *
     * @throws IllegalStateException after close
     */
    public IceParameters restartIce() {
        if (closed.get()) {
            throw new IllegalStateException("transport closed");
        }
        IceCredentials fresh = ice.restart();
        counters.iceRestarted();
        ufrags.add(fresh.ufrag());
        server.ufragAdded(this, fresh.ufrag());
        if (closed.get()) {
            server.ufragRemoved(this, fresh.ufrag());
        }
        return new IceParameters(fresh.ufrag(), fresh.password(), true);
    }

    /** Closes the transport ({@link CloseReason#CLOSED_BY_APP}); idempotent. */
    public void close() {
        close(CloseReason.CLOSED_BY_APP);
    }

    void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        synchronized (dtlsLock) {
            dtlsStarted = true; // no handshake may start from now on
        }
        dataChannels.close(); // ABORT rides the DTLS, so before it closes
        dtls.close(); // close_notify goes to the selected tuple while it is still known
        server.transportClosed(this, Set.copyOf(senders.keySet()), Set.copyOf(ufrags));
        senders.clear();
        ufrags.clear();
        selected = null;
        synchronized (mediaLock) {
            Producer p = producer;
            producer = null;
            if (p != null) {
                p.close();
            }
            srtp = null;
        }
        TransportSockets sockets = ownSockets;
        if (sockets != null) {
            sockets.close();
            server.releasePort(ownPort);
        }
        setState(TransportState.CLOSED);
        counters.transportClosed(reason);
        try {
            listener.onClosed(reason);
        } catch (RuntimeException e) {
            // a listener bug must not break the caller's thread
        }
    }

    // ---- packet path (I/O threads) ----

    /** The loop that owns this transport: the current owner, or {@code arrivedOn} if it is the first to ask. */
    IoLoop ownerFor(IoLoop arrivedOn) {
        IoLoop o = owner.get();
        if (o == null) {
            IoLoop witness = owner.compareAndExchange(null, arrivedOn);
            o = witness == null ? arrivedOn : witness;
        }
        return o;
    }

    /** The name of the I/O thread that handles this transport's packets, or null before its first packet. */
    public String ioThreadName() {
        IoLoop o = owner.get();
        return o == null ? null : o.name();
    }

    void onStun(byte[] buf, int off, int len, IceTuple tuple, PacketSender replyTo) {
        if (closed.get()) {
            counters.drop(DropReason.TRANSPORT_CLOSED);
            return;
        }
        byte[] response;
        long before = ice.successes();
        synchronized (stunLock) {
            stunReplyTo = replyTo;
            stunReplyTuple = tuple;
            try {
                // The response goes out before ICE's events run: the first success's CONNECTED starts DTLS there
                // (peer state, handshake task, maybe a thread), which held the client's answer ~3 ms under load.
                // A tuple this check validated is registered first, since DTLS and RTP are looked up by tuple
                // (maybe on another I/O thread); its "added" event then finds it registered. The owner handles
                // the tuple's next packet only after the events, so DTLS has started by then.
                response = ice.handle(buf, off, len, tuple, server.nowMillis(), r -> {
                    if (!senders.containsKey(tuple) && ice.isValidTuple(tuple)) {
                        registerTuple(tuple, replyTo);
                    }
                    replyTo.send(r, 0, r.length);
                });
            } finally {
                stunReplyTo = null;
                stunReplyTuple = null;
            }
        }
        if (response == null) {
            counters.drop(DropReason.STUN_IGNORED);
            return;
        }
        if (ice.successes() != before) {
            counters.stunSuccess();
            if (!senders.containsKey(tuple)) {
                // Its "added" event ran on another thread (IceLiteServer lets any caller fire queued events).
                registerTuple(tuple, replyTo);
            }
        } else {
            counters.drop(DropReason.STUN_REJECTED);
        }
    }

    void onDtls(byte[] buf, int off, int len) {
        if (closed.get()) {
            counters.drop(DropReason.TRANSPORT_CLOSED);
            return;
        }
        dtls.onPacket(buf, off, len);
    }

    /** SRTP or SRTCP from a tuple ICE validated: decrypt in place, then hand to the producer or the stats. */
    void onRtpRtcp(byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        if (s == null && closed.get()) { // in flight while it closed: not a packet that came too early
            counters.drop(DropReason.TRANSPORT_CLOSED);
            return;
        }
        if (s == null || state != TransportState.CONNECTED) {
            counters.drop(DropReason.RTP_NOT_READY);
            return;
        }
        long now = System.nanoTime();
        boolean rtcp = PacketClassifier.isRtcp(buf, off, len);
        synchronized (mediaLock) {
            if (srtp != s) {
                counters.drop(DropReason.TRANSPORT_CLOSED);
                return;
            }
            int n = rtcp ? s.unprotectRtcp(buf, off, len) : s.unprotectRtp(buf, off, len);
            if (n < 0) {
                counters.drop(srtpDrop(n));
                return;
            }
            if (rtcp) {
                onRtcp(buf, off, n, now);
                return;
            }
            RtpPacket packet = RtpPacket.parse(buf, off, n);
            if (packet == null) {
                counters.drop(DropReason.RTP_MALFORMED);
                return;
            }
            Producer p = producer;
            DropReason dropped = p == null ? DropReason.RTP_UNKNOWN_STREAM : p.onRtp(packet, now);
            if (dropped != null) {
                counters.drop(dropped);
            }
        }
    }

    private void onRtcp(byte[] buf, int off, int len, long now) {
        List<RtcpPacket> packets = RtcpCompoundParser.parse(buf, off, len);
        if (packets == null) {
            counters.drop(DropReason.RTP_MALFORMED);
            return;
        }
        counters.rtcp();
        Producer p = producer;
        if (p == null) {
            return;
        }
        for (RtcpPacket packet : packets) {
            if (packet instanceof RtcpPacket.SenderReport sr) {
                p.onSenderReport(sr.ssrc(), sr.ntpTimestamp(), now);
            }
        }
    }

    private static DropReason srtpDrop(int code) {
        SrtpDropReason reason = SrtpDropReason.fromCode(code);
        if (reason == SrtpDropReason.AUTH_FAILED) {
            return DropReason.SRTP_AUTH_FAILED;
        }
        return reason == SrtpDropReason.REPLAY ? DropReason.SRTP_REPLAY : DropReason.SRTP_INVALID;
    }

    void onTcpConnectionClosed(IceTuple tuple, PacketSender connection) {
        if (senders.get(tuple) == connection) {
            ice.removeTuple(tuple);
        }
    }

    /** Makes a validated tuple usable for sending and for the server's lookup; undone if ICE dropped it meanwhile. */
    private void registerTuple(IceTuple tuple, PacketSender sender) {
        if (closed.get()) {
            return;
        }
        senders.put(tuple, sender);
        server.tupleAdded(this, tuple);
        if (!ice.isValidTuple(tuple)) {
            senders.remove(tuple, sender);
            server.tupleRemoved(this, tuple);
        }
    }

    boolean hasTuple(IceTuple tuple) {
        return senders.containsKey(tuple);
    }

    boolean acceptsUfrag(String ufrag) {
        return ufrags.contains(ufrag);
    }

    // ---- timer thread ----

    /** The connect deadline, consent expiry (RFC 7675) and, when due, a receiver report. Never throws. */
    void onTick(long nowMillis, boolean reportDue) {
        if (closed.get()) {
            return;
        }
        if (connectDeadline.missed(nowMillis, state)) {
            close(CloseReason.CONNECT_TIMEOUT);
            return;
        }
        tickingThread = Thread.currentThread();
        try {
            ice.tick(nowMillis);
        } finally {
            tickingThread = null;
        }
        if (reportDue) {
            // On the owner, the report's use of the media lock never meets a packet; inline if there is none yet.
            IoLoop o = owner.get();
            if (o == null || !o.execute(reportTask)) {
                sendReceiverReport();
            }
        }
    }

    private void sendReceiverReport() {
        SrtpSession s = srtp;
        Producer p = producer;
        IceTuple tuple = selected;
        PacketSender sender = tuple == null ? null : senders.get(tuple);
        if (s == null || p == null || sender == null || state != TransportState.CONNECTED) {
            return;
        }
        synchronized (mediaLock) {
            if (srtp != s) {
                return;
            }
            int n = p.writeReceiverReport(reportBuffer, 0, System.nanoTime());
            if (n <= 0 || n + s.rtcpOverhead() > reportBuffer.length) {
                return;
            }
            int protectedLength = s.protectRtcp(reportBuffer, 0, n);
            if (protectedLength > 0 && sender.send(reportBuffer, 0, protectedLength)) {
                counters.receiverReportSent();
            }
        }
    }

    void producerClosed(Producer p) {
        synchronized (mediaLock) {
            if (producer == p) {
                producer = null;
                SrtpSession s = srtp;
                long ssrc = p.ssrc();
                if (s != null && ssrc >= 0) {
                    s.removeReceiveStream((int) ssrc);
                }
            }
        }
    }

    // ---- state machine ----

    private void maybeStartDtls() {
        DtlsRole role;
        List<DtlsFingerprint> fingerprints;
        synchronized (dtlsLock) {
            IceState iceState = ice.state();
            boolean iceUp = iceState == IceState.CONNECTED || iceState == IceState.COMPLETED;
            if (dtlsStarted || remoteRole == null || !iceUp) {
                return;
            }
            dtlsStarted = true;
            role = DtlsRole.localRoleFor(remoteRole);
            fingerprints = remoteFingerprints;
        }
        setState(TransportState.CONNECTING);
        dtls.start(role, fingerprints);
    }

    private void sendDtls(byte[] buf, int off, int len) {
        IceTuple tuple = selected;
        PacketSender sender = tuple == null ? null : senders.get(tuple);
        if (sender != null) {
            sender.send(buf, off, len);
        }
    }

    private void setState(TransportState next) {
        synchronized (stateLock) {
            TransportState current = state;
            if (current == next || current == TransportState.CLOSED
                    || (current == TransportState.FAILED && next != TransportState.CLOSED)
                    || (current == TransportState.CONNECTED && next == TransportState.CONNECTING)) {
                return;
            }
            state = next;
        }
        try {
            listener.onStateChanged(next);
        } catch (RuntimeException e) {
            // a listener bug must not break the packet path
        }
    }

    private final class IceEvents implements IceListener {
        @Override
        public void onStateChanged(IceState iceState) {
            switch (iceState) {
                case CONNECTED, COMPLETED -> {
                    setState(TransportState.CONNECTING);
                    maybeStartDtls();
                }
                case DISCONNECTED -> close(Thread.currentThread() == tickingThread
                        ? CloseReason.ICE_CONSENT_TIMEOUT : CloseReason.ICE_DISCONNECTED);
                default -> {
                }
            }
        }

        @Override
        public void onTupleSelected(IceTuple tuple) {
            selected = tuple;
        }

        @Override
        public void onTupleAdded(IceTuple tuple) {
            // Tuples are only added while onStun handles a check; if this runs elsewhere, onStun registers it.
            if (Thread.holdsLock(stunLock) && tuple.equals(stunReplyTuple)) {
                registerTuple(tuple, stunReplyTo);
            }
        }

        @Override
        public void onTupleRemoved(IceTuple tuple) {
            senders.remove(tuple);
            server.tupleRemoved(WebRtcTransport.this, tuple);
        }

        @Override
        public void onUfragRetired(String ufrag) {
            ufrags.remove(ufrag);
            server.ufragRemoved(WebRtcTransport.this, ufrag);
        }
    }

    private final class DtlsEvents implements DtlsListener {
        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            if (closed.get()) {
                counters.drop(DropReason.TRANSPORT_CLOSED);
                return;
            }
            dataChannels.onApplicationData(buf, off, len);
        }

        @Override
        public void onSrtpKeys(DtlsSrtpKeys keys) {
            // DtlsSrtpKeys only exists for profiles SrtpSession implements.
            SrtpSession session = new SrtpSession(keys.keyMaterial());
            synchronized (mediaLock) {
                if (!closed.get()) {
                    srtp = session;
                }
            }
        }

        @Override
        public void onStateChanged(DtlsState dtlsState) {
            switch (dtlsState) {
                case CONNECTED -> {
                    counters.dtlsHandshakeCompleted();
                    dataChannels.onDtlsConnected();
                    if (srtp != null) {
                        setState(TransportState.CONNECTED);
                    } else {
                        setState(TransportState.FAILED);
                        close(CloseReason.DTLS_FAILURE);
                    }
                }
                case FAILED -> {
                    setState(TransportState.FAILED);
                    close(CloseReason.DTLS_FAILURE);
                }
                case CLOSED -> close(CloseReason.DTLS_CLOSED);
                default -> {
                }
            }
        }
    }
}
