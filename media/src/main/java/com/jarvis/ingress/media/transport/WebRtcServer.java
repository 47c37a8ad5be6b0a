package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.audio.DecodeConfig;
import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsHandshakeExecutor;
import com.jarvis.ingress.media.ice.IceCredentials;
import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.net.IoLoop;
import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.SocketCounters;
import com.jarvis.ingress.media.sctp.SctpCookieSecret;
import com.jarvis.ingress.media.sctp.SctpTimerDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The WebRTC media server (mediasoup's WebRtcServer plus its workers): owns the sockets (one UDP and one TCP port
 * shared by all transports, each served by {@link WebRtcServerConfig#ioThreads()} sockets and threads, or a UDP+TCP
 * pair per transport), one DTLS certificate, a bounded DTLS handshake pool
 * and one timer thread for every transport's connect deadline, ICE consent checks, receiver reports and SCTP
 * timers (one {@link SctpTimerDriver} and one state-cookie secret for all associations), and the
 * {@link DecodePool} that decodes every producer's Opus off the I/O threads. Packets are demultiplexed
 * to transports by tuple, STUN also by local ufrag; anything unmatched is dropped and counted in
 * {@link #counters()}.
 */
public final class WebRtcServer implements AutoCloseable {
    /** Timer resolution of the connect deadline and consent expiry. */
    static final long TICK_MILLIS = 250;
    /** Receiver report interval (RFC 3550 allows less for a 2-party session; mediasoup uses about 1 s for audio). */
    static final long REPORT_INTERVAL_MILLIS = 1_000;

    private final WebRtcServerConfig config;
    private final LongSupplier clockMillis;
    private final SecureRandom random = new SecureRandom();
    private final DtlsCertificate certificate;
    private final ExecutorService handshakeExecutor;
    private final DecodeConfig decodeConfig;
    private final OpusDecoders opusDecoders;
    private final DecodePool decodePool;
    private final ScheduledExecutorService scheduler;
    private final SctpTimerDriver sctpTimers;
    private final SctpCookieSecret sctpCookieSecret = SctpCookieSecret.random();
    private final MediaCounters counters = new MediaCounters();
    private final SocketCounters socketCounters = new SocketCounters();
    private final Router router = new Router();
    private final String candidateIp;

    private final ConcurrentHashMap<String, WebRtcTransport> transports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<IceTuple, WebRtcTransport> byTuple = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, WebRtcTransport> byUfrag = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PacketDemux sharedDemux;
    private final TransportSockets sharedSockets;
    private final PortAllocator ports;
    private long nextReportNanos; // timer thread only; real time, whatever the consent clock says

    private WebRtcServer(WebRtcServerConfig config, DecodeConfig decodeConfig, LongSupplier clockMillis)
            throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.decodeConfig = Objects.requireNonNull(decodeConfig, "decodeConfig");
        this.opusDecoders = OpusDecoders.select(decodeConfig.implementation());
        this.candidateIp = config.candidateIp();
        this.certificate = DtlsCertificate.generate(random);
        this.sharedDemux = new PacketDemux(new SharedLookup(), counters);
        if (config.singlePort()) {
            this.sharedSockets = TransportSockets.open(config.listenInfos(), config.minPort(), config.enableUdp(),
                    config.enableTcp(), config.ioThreads(), sharedDemux, socketCounters);
            this.ports = null;
        } else {
            this.sharedSockets = null;
            this.ports = new PortAllocator(config.minPort(), config.maxPort());
        }
        // Each transport runs at most one handshake: a thread per handshake in progress never runs out.
        this.handshakeExecutor = DtlsHandshakeExecutor.newElasticPool(config.handshakeThreads(),
                config.maxTransports() + config.handshakeThreads());
        this.decodePool = new DecodePool(decodeConfig.threads());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "webrtc-timer");
            t.setDaemon(true);
            return t;
        });
        this.sctpTimers = new SctpTimerDriver(scheduler, this::sctpNowMillis);
        this.nextReportNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPORT_INTERVAL_MILLIS);
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Binds the sockets (single-port mode) and starts the timer; decodes with {@link DecodeConfig#defaults()}. */
    public static WebRtcServer start(WebRtcServerConfig config) throws IOException {
        return start(config, DecodeConfig.defaults());
    }

    /**
     * As {@link #start(WebRtcServerConfig)}, decoding RTP audio as {@code decoding} says.
     *
     * @throws IllegalStateException when {@code decoding} asks for the native decoder and libopus does not load
     */
    public static WebRtcServer start(WebRtcServerConfig config, DecodeConfig decoding) throws IOException {
        return new WebRtcServer(config, decoding, WebRtcServer::monotonicMillis);
    }

    private static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /**
     * As {@link #start(WebRtcServerConfig)} with a monotonic millisecond clock for ICE consent and the connect
     * deadline (tests advance it to expire them without waiting).
     */
    public static WebRtcServer start(WebRtcServerConfig config, LongSupplier monotonicMillis) throws IOException {
        return start(config, DecodeConfig.defaults(), monotonicMillis);
    }

    /** As {@link #start(WebRtcServerConfig, DecodeConfig)} with a monotonic millisecond clock (tests, benchmarks). */
    public static WebRtcServer start(WebRtcServerConfig config, DecodeConfig decoding, LongSupplier monotonicMillis)
            throws IOException {
        return new WebRtcServer(config, decoding, monotonicMillis);
    }

    /**
     * A new transport with fresh ICE credentials. In per-transport port mode it binds its own UDP/TCP port.
     *
     * @throws TransportLimitException when {@code maxTransports} are open
     * @throws PortsExhaustedException when no port of the range can be bound
     * @throws IllegalStateException after close
     */
    public WebRtcTransport createTransport(TransportListener listener) {
        if (closed.get()) {
            throw new IllegalStateException("server closed");
        }
        if (reserved.incrementAndGet() > config.maxTransports()) {
            reserved.decrementAndGet();
            throw new TransportLimitException("too many transports (max " + config.maxTransports() + ")");
        }
        WebRtcTransport transport;
        try {
            transport = newTransport(listener);
        } catch (RuntimeException e) {
            reserved.decrementAndGet();
            throw e;
        }
        transports.put(transport.id(), transport);
        counters.transportCreated();
        if (closed.get()) {
            transport.close(CloseReason.SERVER_CLOSED);
            throw new IllegalStateException("server closed");
        }
        return transport;
    }

    private WebRtcTransport newTransport(TransportListener listener) {
        IceCredentials credentials = freshCredentials();
        WebRtcTransport transport = new WebRtcTransport(this, listener, credentials, config.consentTimeoutMillis());
        if (sharedSockets != null) {
            transport.attach(sharedSockets.candidates(), null, -1);
            byUfrag.put(credentials.ufrag(), transport);
            return transport;
        }
        PacketDemux demux = new PacketDemux(new OwnLookup(transport), counters);
        BitSet tried = new BitSet();
        for (int attempt = 0; attempt < ports.rangeSize(); attempt++) {
            int port = ports.reserve(tried);
            if (port < 0) {
                break;
            }
            tried.set(ports.offset(port));
            try {
                TransportSockets sockets = TransportSockets.open(config.listenInfos(), port, config.enableUdp(),
                        config.enableTcp(), demux, socketCounters);
                transport.attach(sockets.candidates(), sockets, port);
                return transport;
            } catch (BindException e) {
                ports.release(port); // taken by someone else: try the next one
            } catch (IOException e) {
                ports.release(port);
                throw new UncheckedIOException(e);
            }
        }
        throw new PortsExhaustedException("no free port in " + config.minPort() + "-" + config.maxPort());
    }

    /** Credentials whose ufrag no open transport uses (a collision of 192 random bits will not happen, but cheap). */
    private IceCredentials freshCredentials() {
        IceCredentials c;
        do {
            c = IceCredentials.random(random);
        } while (byUfrag.containsKey(c.ufrag()));
        return c;
    }

    public WebRtcServerConfig config() {
        return config;
    }

    public Router router() {
        return router;
    }

    /** Drop and traffic counters for metrics. */
    public MediaCounters counters() {
        return counters;
    }

    /** What the media sockets counted (every I/O thread's, and those of per-transport ports, closed ones too). */
    public SocketCounters socketCounters() {
        return socketCounters;
    }

    /** The handler the shared sockets feed; benchmarks and tests may call it directly. Null in per-transport mode. */
    public PacketHandler packetHandler() {
        return sharedSockets == null ? null : sharedDemux;
    }

    /** Single-port mode: the candidates every transport gets (every listen address); empty in per-transport mode. */
    public List<IceCandidate> candidates() {
        return sharedSockets == null ? List.of() : sharedSockets.candidates();
    }

    /** The shared UDP port of the first listen address, or -1 (UDP disabled or per-transport mode). */
    public int udpPort() {
        return sharedSockets == null ? -1 : sharedSockets.udpPort();
    }

    /** The shared TCP port of the first listen address, or -1 (TCP disabled or per-transport mode). */
    public int tcpPort() {
        return sharedSockets == null ? -1 : sharedSockets.tcpPort();
    }

    /**
     * Single-port mode: the I/O threads serving the shared port(s), UDP then TCP ({@code udp-io-<port>[-<i>]},
     * {@code tcp-io-<port>[-<i>]}); empty in per-transport mode.
     */
    public List<String> ioThreadNames() {
        return sharedSockets == null ? List.of() : sharedSockets.loops().stream().map(IoLoop::name).toList();
    }

    /** Single-port mode: the I/O threads' inboxes (tests, diagnostics). */
    List<IoLoop> ioLoops() {
        return sharedSockets == null ? List.of() : sharedSockets.loops();
    }

    /** The address the first listen address's candidates advertise. */
    public String candidateIp() {
        return candidateIp;
    }

    public WebRtcTransport transport(String id) {
        return transports.get(id);
    }

    public int transportCount() {
        return transports.size();
    }

    /** Per-transport mode: ports currently held by transports. */
    public int portsInUse() {
        return ports == null ? 0 : ports.inUse();
    }

    /** Tuples currently mapped to transports (shared mode). */
    int mappedTuples() {
        return byTuple.size();
    }

    /** Ufrags currently mapped to transports (shared mode). */
    int mappedUfrags() {
        return byUfrag.size();
    }

    /** Closes every transport ({@link CloseReason#SERVER_CLOSED}), the sockets and the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (WebRtcTransport t : new ArrayList<>(transports.values())) {
            t.close(CloseReason.SERVER_CLOSED);
        }
        if (sharedSockets != null) {
            sharedSockets.close();
        }
        scheduler.shutdownNow();
        handshakeExecutor.shutdownNow();
        decodePool.close();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            handshakeExecutor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- for transports ----

    DtlsCertificate certificate() {
        return certificate;
    }

    ExecutorService handshakeExecutor() {
        return handshakeExecutor;
    }

    /** The Opus decoder chosen at start-up (native libopus or Concentus). */
    public OpusDecoders opusDecoders() {
        return opusDecoders;
    }

    /** How RTP audio is decoded (implementation requested, threads, queue per stream). */
    public DecodeConfig decodeConfig() {
        return decodeConfig;
    }

    /** The threads decoding every stream's Opus: producers' RTP, and the service's data channel chunks. */
    public DecodePool decodePool() {
        return decodePool;
    }

    SecureRandom random() {
        return random;
    }

    long nowMillis() {
        return clockMillis.getAsLong();
    }

    /** SCTP runs on real monotonic time, whatever clock tests give ICE consent. */
    long sctpNowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    SctpTimerDriver sctpTimers() {
        return sctpTimers;
    }

    SctpCookieSecret sctpCookieSecret() {
        return sctpCookieSecret;
    }

    /** Associations with a pending SCTP timer (tests check that closed transports leave none). */
    public int sctpTimersScheduled() {
        return sctpTimers.scheduledCount();
    }

    void tupleAdded(WebRtcTransport t, IceTuple tuple) {
        if (sharedSockets == null) {
            return;
        }
        byTuple.put(tuple, t);
        if (t.isClosed()) {
            byTuple.remove(tuple, t); // raced with close(): do not leak the entry
        }
    }

    void tupleRemoved(WebRtcTransport t, IceTuple tuple) {
        byTuple.remove(tuple, t);
    }

    void ufragAdded(WebRtcTransport t, String ufrag) {
        if (sharedSockets != null) {
            byUfrag.put(ufrag, t);
        }
    }

    void ufragRemoved(WebRtcTransport t, String ufrag) {
        byUfrag.remove(ufrag, t);
    }

    void transportClosed(WebRtcTransport t, Collection<IceTuple> tuples, Set<String> ufrags) {
        for (IceTuple tuple : tuples) {
            byTuple.remove(tuple, t);
        }
        for (String ufrag : ufrags) {
            byUfrag.remove(ufrag, t);
        }
        if (transports.remove(t.id(), t)) {
            reserved.decrementAndGet();
        }
    }

    void releasePort(int port) {
        if (ports != null && port > 0) {
            ports.release(port);
        }
    }

    /** Timer thread: connect deadline and consent for every transport, and receiver reports once a second. */
    private void tick() {
        long now = clockMillis.getAsLong();
        long nanos = System.nanoTime();
        boolean reportDue = nanos - nextReportNanos >= 0;
        if (reportDue) {
            nextReportNanos = nanos + TimeUnit.MILLISECONDS.toNanos(REPORT_INTERVAL_MILLIS);
        }
        List<WebRtcTransport> snapshot = new ArrayList<>(transports.values());
        for (WebRtcTransport t : snapshot) {
            try {
                t.onTick(now, reportDue);
            } catch (RuntimeException e) {
                // one transport's bug must not stop everyone's timers
            }
        }
    }

    private final class SharedLookup implements PacketDemux.Lookup {
        @Override
        public WebRtcTransport byTuple(IceTuple tuple) {
            return byTuple.get(tuple);
        }

        @Override
        public WebRtcTransport byUfrag(String ufrag) {
            return byUfrag.get(ufrag);
        }
    }

    /** Per-transport port: everything on it belongs to one transport, still subject to the same checks. */
    private record OwnLookup(WebRtcTransport transport) implements PacketDemux.Lookup {
        @Override
        public WebRtcTransport byTuple(IceTuple tuple) {
            return transport.hasTuple(tuple) ? transport : null;
        }

        @Override
        public WebRtcTransport byUfrag(String ufrag) {
            return transport.acceptsUfrag(ufrag) ? transport : null;
        }
    }
}
