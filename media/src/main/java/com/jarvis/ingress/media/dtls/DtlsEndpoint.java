package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS side of one WebRTC transport. The caller's I/O thread feeds incoming records to
 * {@link #onPacket}; outgoing records leave through the {@link DtlsPacketSender}. BouncyCastle's blocking
 * handshake runs on the given executor; once connected no thread waits for this endpoint: each incoming
 * record is decrypted on the calling thread and handed to {@link DtlsListener#onApplicationData}.
 * Nothing here throws on bad network input; problems are counted.
 */
public final class DtlsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DtlsEndpoint.class);

    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final Executor handshakeExecutor;
    private final DtlsListener listener;
    private final QueuedDatagramTransport transport;
    private final AtomicReference<DtlsState> state = new AtomicReference<>(DtlsState.NEW);
    private final Object lock = new Object();
    private final Object receiveLock = new Object();

    private final AtomicLong invalidInput = new AtomicLong();
    private final AtomicLong droppedWhileClosed = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong applicationRecordsReceived = new AtomicLong();
    /** Set once the handshake task has been handed to the executor (it takes a thread from then on). */
    private final AtomicBoolean handshakeSubmitted = new AtomicBoolean();

    // Guarded by lock when written; read by the I/O thread after it sees CONNECTED.
    private volatile DTLSTransport dtls;
    private volatile DtlsPeerState peer;
    private volatile DtlsRole localRole;
    private volatile DtlsSrtpKeys srtpKeys;
    private volatile String failureReason;
    private volatile long handshakeStartNanos;
    private volatile long handshakeNanos = -1;
    private byte[] applicationBuffer;

    public DtlsEndpoint(DtlsCertificate certificate, DtlsConfig config, Executor handshakeExecutor,
            DtlsPacketSender sender, DtlsListener listener) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.config = Objects.requireNonNull(config, "config");
        this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.transport = new QueuedDatagramTransport(config, Objects.requireNonNull(sender, "sender"));
    }

    /**
     * Starts the handshake in {@code localRole} (client or server; see {@link DtlsRole#localRoleFor}). The peer
     * certificate must match the strongest of the signalled fingerprints. Accepted once: later calls and
     * calls after close return false.
     */
    public boolean start(DtlsRole localRole, List<DtlsFingerprint> remoteFingerprints) {
        if (localRole == null || localRole == DtlsRole.AUTO) {
            throw new IllegalArgumentException("local DTLS role must be client or server, not " + localRole);
        }
        if (remoteFingerprints == null || remoteFingerprints.isEmpty()) {
            throw new IllegalArgumentException("at least one remote fingerprint is required");
        }
        DtlsFingerprint expected = remoteFingerprints.stream()
                .max(Comparator.comparingInt(DtlsFingerprint::digestLength)).orElseThrow();
        DtlsPeerState newPeer = new DtlsPeerState(LeanTlsCrypto.INSTANCE, certificate, config, expected);
        synchronized (lock) {
            if (!state.compareAndSet(DtlsState.NEW, DtlsState.CONNECTING)) {
                return false;
            }
            this.peer = newPeer;
            this.localRole = localRole;
        }
        notifyState(DtlsState.CONNECTING);
        submitHandshakeIfDue();
        return true;
    }

    /**
     * Hands the handshake to the executor once there is something to do: at once as the client (we send the
     * ClientHello), and as the server only when the peer's first record is queued. BouncyCastle's handshake
     * blocks its thread while it waits for the peer, so a peer that signals {@code transport/connect} and then
     * stays silent must not hold a thread for the whole connect timeout.
     */
    private void submitHandshakeIfDue() {
        DtlsRole role = localRole;
        // role is null while start() is between its state change and setting it; start() checks again after.
        if (role == null || state.get() != DtlsState.CONNECTING
                || (role != DtlsRole.CLIENT && !transport.hasQueued())
                || !handshakeSubmitted.compareAndSet(false, true)) {
            return;
        }
        try {
            handshakeExecutor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            fail("handshake executor rejected the handshake");
        }
    }

    /** {@link #start(DtlsRole, List)} with a single fingerprint. */
    public boolean start(DtlsRole localRole, DtlsFingerprint remoteFingerprint) {
        return start(localRole, List.of(Objects.requireNonNull(remoteFingerprint, "remoteFingerprint")));
    }

    /**
     * One incoming DTLS datagram (RFC 7983 first byte 20..63). Never blocks and never throws. Before the
     * handshake completes it is queued (bounded); afterwards it is decrypted right here.
     */
    public void onPacket(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len <= 0 || off > buf.length - len) {
            invalidInput.incrementAndGet();
            return;
        }
        DtlsState current = state.get();
        if (current.isTerminal()) {
            droppedWhileClosed.incrementAndGet();
            return;
        }
        if (current == DtlsState.CONNECTED) {
            if (len > config.receiveLimit()) {
                transport.oversizeDrops.incrementAndGet();
                return;
            }
            receiveNow(buf, off, len);
            return;
        }
        if (!transport.offer(buf, off, len)) {
            return;
        }
        if (!handshakeSubmitted.get()) {
            submitHandshakeIfDue();
        }
        // Re-read after queuing: if the handshake finished meanwhile, its own drain may have missed this one.
        if (state.get() == DtlsState.CONNECTED) {
            drain();
        }
    }

    /** Connected: decrypt this datagram in place, without queuing a copy. */
    private void receiveNow(byte[] buf, int off, int len) {
        try {
            synchronized (receiveLock) {
                transport.setCurrent(buf, off, len);
                try {
                    drainLocked();
                } finally {
                    transport.clearCurrent();
                }
            }
        } catch (RuntimeException e) {
            invalidInput.incrementAndGet();
        }
    }

    /** Sends application data (SCTP) as one DTLS record. False when not connected or too large. */
    public boolean send(byte[] buf, int off, int len) {
        DTLSTransport d = dtls;
        if (d == null || state.get() != DtlsState.CONNECTED || buf == null || off < 0 || len < 0
                || off > buf.length - len) {
            return false;
        }
        try {
            if (len > d.getSendLimit()) {
                return false;
            }
            d.send(buf, off, len);
            return true;
        } catch (IOException | RuntimeException e) {
            fail("send failed: " + e.getMessage());
            return false;
        }
    }

    /** Largest application payload {@link #send} accepts; 0 until connected. */
    public int maxApplicationPayload() {
        DTLSTransport d = dtls;
        try {
            return d == null ? 0 : d.getSendLimit();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Sends close_notify when connected, stops any handshake and frees queued datagrams. Idempotent; a
     * waiting handshake thread wakes and returns to its pool.
     */
    @Override
    public void close() {
        DtlsState previous;
        DTLSTransport d;
        synchronized (lock) {
            previous = state.getAndSet(DtlsState.CLOSED);
            d = dtls;
            dtls = null;
        }
        if (d != null && previous == DtlsState.CONNECTED) {
            try {
                d.close();
            } catch (IOException | RuntimeException e) {
                log.debug("close_notify not sent: {}", e.toString());
            }
        }
        transport.close();
        if (previous != DtlsState.CLOSED && previous != DtlsState.FAILED) {
            notifyState(DtlsState.CLOSED);
        }
    }

    public DtlsState state() {
        return state.get();
    }

    /** Our role once started, else null. */
    public DtlsRole localRole() {
        return localRole;
    }

    /** The exported SRTP keys once connected, else null. */
    public DtlsSrtpKeys srtpKeys() {
        return srtpKeys;
    }

    /** Why the endpoint failed, or null. */
    public String failureReason() {
        return failureReason;
    }

    /** How long the handshake took (from the executor running it to completion), or -1. */
    public long handshakeMillis() {
        long n = handshakeNanos;
        return n < 0 ? -1 : n / 1_000_000;
    }

    /** Datagrams dropped because the receive queue was full. */
    public long queueOverflowDrops() {
        return transport.queueDrops.get();
    }

    /** Datagrams dropped for exceeding the receive limit. */
    public long oversizeDrops() {
        return transport.oversizeDrops.get();
    }

    /** Calls with an impossible buffer/offset/length. */
    public long invalidInputDrops() {
        return invalidInput.get();
    }

    /** Datagrams that arrived after the endpoint failed or closed. */
    public long droppedWhileClosed() {
        return droppedWhileClosed.get();
    }

    /** Datagrams the sender refused (thrown from {@link DtlsPacketSender#send}). */
    public long sendErrors() {
        return transport.sendErrors.get();
    }

    public long datagramsSent() {
        return transport.datagramsSent.get();
    }

    public long applicationRecordsReceived() {
        return applicationRecordsReceived.get();
    }

    /** Exceptions thrown by the listener (swallowed so one bad listener cannot break the packet path). */
    public long listenerErrors() {
        return listenerErrors.get();
    }

    private void runHandshake() {
        DtlsPeerState p = peer;
        DTLSTransport connected;
        handshakeStartNanos = System.nanoTime();
        try {
            if (localRole == DtlsRole.CLIENT) {
                connected = new DTLSClientProtocol().connect(new SrtpTlsClient(p), transport);
            } else {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE already proved the peer's address: a cookie exchange would only add a round trip.
                protocol.setVerifyRequests(false);
                connected = protocol.accept(new SrtpTlsServer(p), transport);
            }
        } catch (TlsTimeoutException e) {
            handshakeFailed(p, "handshake timed out");
            return;
        } catch (IOException | RuntimeException e) {
            handshakeFailed(p, "handshake failed: " + e.getMessage());
            return;
        }
        DtlsSrtpKeys keys = p.exportSrtpKeys();
        if (keys == null) {
            handshakeFailed(p, "no SRTP keys exported");
            return;
        }
        synchronized (lock) {
            if (state.get() != DtlsState.CONNECTING) {
                transport.close();
                return;
            }
            applicationBuffer = new byte[safeReceiveLimit(connected)];
            srtpKeys = keys;
            dtls = connected;
            handshakeNanos = System.nanoTime() - handshakeStartNanos;
            transport.setNonBlocking();
        }
        try {
            listener.onSrtpKeys(keys);
        } catch (RuntimeException e) {
            listenerErrors.incrementAndGet();
        }
        boolean nowConnected = state.compareAndSet(DtlsState.CONNECTING, DtlsState.CONNECTED);
        if (nowConnected) {
            notifyState(DtlsState.CONNECTED);
        }
        // As DTLS server our last flight (ChangeCipherSpec, Finished) is still held by the transport. It leaves
        // only now: a peer that has our Finished sends SRTP at once, and its first packets must find the keys and
        // the connected state in place, not be dropped as not ready.
        transport.flush();
        if (nowConnected) {
            drain();
        }
    }

    private void handshakeFailed(DtlsPeerState p, String reason) {
        // Let a fatal alert BC queued reach the peer before the transport closes.
        transport.flush();
        fail(p.fingerprintMismatch() ? "peer certificate fingerprint mismatch" : reason);
    }

    private static int safeReceiveLimit(DTLSTransport d) {
        try {
            return Math.max(1, d.getReceiveLimit());
        } catch (IOException e) {
            return 1 << 14;
        }
    }

    /** Decrypts everything queued, on the calling thread; BC's transport throws Drained when empty. */
    private void drain() {
        try {
            synchronized (receiveLock) {
                drainLocked();
            }
        } catch (RuntimeException e) {
            invalidInput.incrementAndGet();
        }
    }

    private void drainLocked() {
        DTLSTransport d = dtls;
        DtlsPeerState p = peer;
        if (d == null) {
            return;
        }
        // Bounded so a misbehaving record layer can never trap the I/O thread.
        int budget = 4 * config.receiveQueueCapacity() + 16;
        for (int i = 0; i < budget; i++) {
            int n;
            try {
                // Any positive wait: our transport never waits once connected, it throws Drained instead
                // (0 would mean "forever" to BC's record layer).
                n = d.receive(applicationBuffer, 0, applicationBuffer.length, 1);
            } catch (QueuedDatagramTransport.Drained e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (p.closeNotifyReceived()) {
                    closedByPeer();
                } else {
                    fail("receive failed: " + e.getMessage());
                }
                return;
            }
            if (p.closeNotifyReceived()) {
                closedByPeer();
                return;
            }
            if (n > 0) {
                applicationRecordsReceived.incrementAndGet();
                try {
                    listener.onApplicationData(applicationBuffer, 0, n);
                } catch (RuntimeException e) {
                    listenerErrors.incrementAndGet();
                }
            }
        }
    }

    private void closedByPeer() {
        if (state.compareAndSet(DtlsState.CONNECTED, DtlsState.CLOSED)) {
            dtls = null;
            transport.close();
            notifyState(DtlsState.CLOSED);
        }
    }

    private void fail(String reason) {
        DtlsState previous;
        synchronized (lock) {
            previous = state.get();
            if (previous.isTerminal()) {
                return;
            }
            failureReason = reason;
            state.set(DtlsState.FAILED);
            dtls = null;
        }
        transport.close();
        log.debug("DTLS endpoint failed: {}", reason);
        notifyState(DtlsState.FAILED);
    }

    private void notifyState(DtlsState newState) {
        try {
            listener.onStateChanged(newState);
        } catch (RuntimeException e) {
            listenerErrors.incrementAndGet();
        }
    }
}
