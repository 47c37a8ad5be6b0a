package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.audio.EncodedAudioSink;
import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.transport.CloseReason;
import com.jarvis.ingress.media.transport.IceParameters;
import com.jarvis.ingress.media.transport.DataMessageListener;
import com.jarvis.ingress.media.transport.DataProducer;
import com.jarvis.ingress.media.transport.DropReason;
import com.jarvis.ingress.media.transport.IceParameters;
import com.jarvis.ingress.media.transport.InvalidRtpParametersException;
import com.jarvis.ingress.media.transport.PortsExhaustedException;
import com.jarvis.ingress.media.transport.Producer;
import com.jarvis.ingress.media.transport.ProducerListener;
import com.jarvis.ingress.media.transport.RtpCapabilities;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.media.transport.TransportLimitException;
import com.jarvis.ingress.media.transport.TransportListener;
import com.jarvis.ingress.media.transport.TransportState;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.scheduling.DaemonThreads;
import com.jarvis.ingress.session.Session;
import com.jarvis.ingress.session.SessionClosedElsewhere;
import com.jarvis.ingress.session.SessionLifecycleListener;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.SessionStats;
import com.jarvis.ingress.session.SessionStatsSource;
import com.jarvis.ingress.error.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import com.jarvis.ingress.config.DurationText;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Maps sessions to media transports: one send transport per session (a new one replaces the old), its DTLS
 * connect, its audio producer, its data producers (audio chunks and control messages on data channels, see
 * {@link SessionDataChannels}), and the session's lifecycle around them: active when the transport connects,
 * expiry pushed out while audio flows, transport closed when the session ends or expires.
 */
@Service
public class WebRtcService implements SessionLifecycleListener, SessionStatsSource, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(WebRtcService.class);
    /** Audio within this window counts as "flowing" for the expiry extension. */
    static final long AUDIO_RECENT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final WebRtcServer server;
    private final SessionService sessions;
    /** The listener beans in order, resolved once on first use (each create and produce needs them). */
    private final SingletonSupplier<List<SessionAudioListener>> listeners;
    /** Resolved once: it is read on media threads (connect, close, listener errors), not worth a bean lookup each. */
    private final SingletonSupplier<MediaMetrics> metrics;
    private final UserTransportQuota quota;
    /** Watched for every session with media here; absent in tests that build the service without it. */
    private final SessionClosedElsewhere closedElsewhere;
    /** Retry-After of refusals that pass once unconnected transports hit their connect deadline. */
    private final long retryAfterSeconds;
    private final Map<UUID, SessionMedia> media = new ConcurrentHashMap<>();
    /** Database work triggered by media events runs here, never on the media I/O threads. */
    private final ExecutorService control = Executors.newSingleThreadExecutor(DaemonThreads.named("webrtc-control"));
    private final ScheduledExecutorService extender = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("session-extender"));

    public WebRtcService(WebRtcServer server, SessionService sessions, ObjectProvider<SessionAudioListener> audioListeners,
                         ObjectProvider<MediaMetrics> metrics, UserTransportQuota quota,
                         @Value("${SESSION_EXTEND_INTERVAL:10s}") String extendInterval,
                         ObjectProvider<SessionClosedElsewhere> closedElsewhere) {
        this.server = server;
        this.sessions = sessions;
        this.listeners = SingletonSupplier.of(() -> audioListeners.orderedStream().toList());
        this.metrics = SingletonSupplier.of(metrics::getIfAvailable);
        this.quota = quota;
        this.closedElsewhere = closedElsewhere.getIfAvailable();
        if (this.closedElsewhere != null) {
            this.closedElsewhere.onClosed(id -> control.execute(() -> closeIfClosedElsewhere(id)));
        }
        this.retryAfterSeconds = Math.max(1, (server.config().connectTimeoutMillis() + 999) / 1000);
        long every = DurationText.parse(extendInterval).toMillis();
        extender.scheduleWithFixedDelay(this::checkSessions, every, every, TimeUnit.MILLISECONDS);
    }

    public RtpCapabilities capabilities() {
        return server.router().rtpCapabilities();
    }

    /**
     * Creates the session's send transport, closing the one it had (which gives back its slot of the caller's
     * quota first). Refusals for capacity, ports or the per-user quota carry Retry-After.
     */
    public TransportOptions createTransport(AuthenticatedDevice caller, UUID sessionId) {
        Session session = openSession(caller, sessionId);
        SessionMedia previous = media.remove(session.id());
        SessionStats earlier = SessionStats.NONE;
        if (previous != null) {
            earlier = previous.stats();
            forget(previous);
        }
        UserTransportQuota.Lease lease = quota.tryAcquire(caller.userId());
        if (lease == null) {
            throw new ServiceException(ServiceException.Kind.TOO_MANY_REQUESTS, "user_transport_limit",
                    "This user holds its maximum of " + quota.maxPerUser()
                            + " open media transports; end a session or try again later", retryAfterSeconds);
        }
        WebRtcTransport transport;
        Listener listener = new Listener(session.id(), lease);
        try {
            transport = server.createTransport(listener);
        } catch (PortsExhaustedException e) {
            lease.release();
            throw new ServiceException(ServiceException.Kind.UNAVAILABLE, "media_ports_exhausted",
                    "No media ports are free on this instance; try again later", retryAfterSeconds);
        } catch (TransportLimitException e) {
            lease.release();
            throw new ServiceException(ServiceException.Kind.UNAVAILABLE, "media_capacity_reached",
                    "This instance holds its maximum of media transports; try again later", retryAfterSeconds);
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
        List<SessionAudioListener> listeners = listeners();
        MediaMetrics mm = metrics.get();
        SessionMedia created = new SessionMedia(session.id(), session.userId(), transport, earlier,
                m -> new SessionDataChannels(m.sessionId, listeners, mm, new DataChunkDecoder(session.audioConfig(),
                        audioSink(m), server.decodePool(), server.opusDecoders(), server.decodeConfig().queuePackets()),
                        () -> server.counters().drop(DropReason.DATA_DECODE_QUEUE_FULL)));
        listener.data = created.data;
        if (closedElsewhere != null) {
            closedElsewhere.watch(session.id());
        }
        SessionMedia displaced = media.put(session.id(), created);
        if (displaced != null) {
            forget(displaced); // a concurrent create for the same session: the last one wins
        }
        return new TransportOptions(transport.id(), transport.iceParameters(), transport.iceCandidates(),
                transport.dtlsParameters(), TransportOptions.SctpParameters.DEFAULT);
    }

    public void connect(AuthenticatedDevice caller, UUID sessionId, WebRtcRequests.Connect connect) {
        SessionMedia m = mediaOf(caller, sessionId);
        try {
            m.transport.connect(connect.role(), connect.fingerprints());
        } catch (IllegalStateException e) {
            throw ServiceException.conflict("transport_already_connected", "The transport was already connected: " + e.getMessage());
        }
    }

    /**
     * {@link #connect(AuthenticatedDevice, UUID, WebRtcRequests.Connect)} for callers outside this package (WHIP:
     * the role and fingerprints come from an SDP offer).
     */
    public void connect(AuthenticatedDevice caller, UUID sessionId, DtlsRole remoteRole,
                        List<DtlsFingerprint> fingerprints) {
        connect(caller, sessionId, new WebRtcRequests.Connect(remoteRole, List.copyOf(fingerprints)));
    }

    /**
     * ICE restart of the session's transport: new local credentials; the old ones keep working until the client
     * checks with the new ones (media's {@code WebRtcTransport.restartIce}).
     */
    public IceParameters restartIce(AuthenticatedDevice caller, UUID sessionId) {
        SessionMedia m = mediaOf(caller, sessionId);
        try {
            return m.transport.restartIce();
        } catch (IllegalStateException e) {
            throw ServiceException.conflict("no_transport", "This session has no open transport; create one first");
        }
    }

    /** The session's open transport's current ICE credentials and candidates (404/409 like the other calls). */
    public TransportOptions transportOptions(AuthenticatedDevice caller, UUID sessionId) {
        WebRtcTransport t = mediaOf(caller, sessionId).transport;
        return new TransportOptions(t.id(), t.iceParameters(), t.iceCandidates(), t.dtlsParameters(),
                TransportOptions.SctpParameters.DEFAULT);
    }

    public String produce(AuthenticatedDevice caller, UUID sessionId, String kind, RtpParameters parameters) {
        if (!"audio".equals(kind)) {
            throw ServiceException.invalid("kind", "must be \"audio\" (this service receives audio only)");
        }
        SessionMedia m = mediaOf(caller, sessionId);
        MediaMetrics mm = metrics.get();
        ProducerListener counter = mm == null ? ProducerListener.NONE : mm::rtpPacket;
        try {
            Producer producer = m.transport.produce(kind, parameters, rtpSink(m), counter);
            m.producer = producer;
            return producer.id();
        } catch (InvalidRtpParametersException e) {
            throw ServiceException.invalid("rtpParameters", e.getMessage());
        } catch (IllegalStateException e) {
            throw ServiceException.conflict("producer_exists", "This transport already has an audio producer");
        }
    }

    /**
     * Starts receiving a pre-negotiated data channel (mediasoup-client's producedata) of the session's transport:
     * binary messages are the session's audio chunks, string messages control messages.
     */
    public String produceData(AuthenticatedDevice caller, UUID sessionId, WebRtcRequests.ProduceData request) {
        SessionMedia m = mediaOf(caller, sessionId);
        try {
            DataProducer p = m.transport.produceData(request.sctpStreamParameters(), request.label(),
                    request.protocol(), m.data);
            return p.id();
        } catch (IllegalStateException e) {
            if (m.transport.isClosed()) {
                throw ServiceException.conflict("no_transport", "This session has no open transport; create one first");
            }
            throw ServiceException.conflict("stream_in_use", "sctpStreamParameters.streamId "
                    + request.sctpStreamParameters().streamId() + " is used by an open data channel");
        }
    }

    private AudioSink audioSink(SessionMedia m) {
        return audioSink(m, listeners());
    }

    private AudioSink audioSink(SessionMedia m, List<SessionAudioListener> listeners) {
        UUID id = m.sessionId;
        return frame -> {
            m.lastAudioNanos = System.nanoTime();
            for (SessionAudioListener l : listeners) {
                try {
                    l.onAudio(id, frame);
                } catch (RuntimeException e) {
                    // A listener's bug must not stop the media path; it is counted, not logged per frame.
                    listenerError();
                }
            }
        };
    }

    /**
     * The RTP producer's sink: undecoded Opus for the listeners that want it (ASR_AUDIO_ENCODING=opus), decoded PCM
     * for the others; when every listener takes Opus the ingress decodes nothing.
     */
    private AudioSink rtpSink(SessionMedia m) {
        List<SessionAudioListener> listeners = listeners();
        List<SessionAudioListener> encoded = listeners.stream().filter(SessionAudioListener::wantsEncodedRtp).toList();
        if (encoded.isEmpty()) {
            return audioSink(m);
        }
        List<SessionAudioListener> decoded = listeners.stream().filter(l -> !l.wantsEncodedRtp()).toList();
        AudioSink pcm = audioSink(m, decoded);
        UUID id = m.sessionId;
        return new EncodedAudioSink() {
            @Override
            public void onEncoded(byte[] packet, int off, int len, int samples, long rtpTimestamp, int sequenceNumber) {
                m.lastAudioNanos = System.nanoTime();
                for (SessionAudioListener l : encoded) {
                    try {
                        l.onEncodedAudio(id, packet, off, len, samples);
                    } catch (RuntimeException e) {
                        listenerError();
                    }
                }
            }

            @Override
            public boolean alsoDecode() {
                return !decoded.isEmpty();
            }

            @Override
            public void onAudio(com.jarvis.ingress.media.audio.AudioFrame frame) {
                pcm.onAudio(frame);
            }
        };
    }

    private List<SessionAudioListener> listeners() {
        return listeners.obtain();
    }

    private void listenerError() {
        MediaMetrics mm = metrics.get();
        if (mm != null) {
            mm.listenerError();
        }
    }

    @Override
    public SessionStats stats(UUID sessionId) {
        SessionMedia m = media.get(sessionId);
        return m == null ? SessionStats.NONE : m.stats();
    }

    /** The session ended or expired (exactly once, on one instance): free its transport, ports and memory. */
    @Override
    public void onSessionClosed(Session session) {
        SessionMedia m = media.remove(session.id());
        if (m != null) {
            forget(m);
        }
    }

    /** The session was ended or expired by another instance: its media here goes, unless it went already. */
    private void letGo(SessionMedia m) {
        if (media.remove(m.sessionId, m)) {
            log.info("Session {} was closed on another instance; closing its transport here", m.sessionId);
            forget(m);
        }
    }

    /** A session's media leaves this instance: its transport closes and its session is no longer watched. */
    private void forget(SessionMedia m) {
        if (closedElsewhere != null) {
            closedElsewhere.unwatch(m.sessionId);
        }
        m.transport.close();
    }

    /** Another instance says it ended or expired the session: checked against the database before acting on it. */
    private void closeIfClosedElsewhere(UUID sessionId) {
        SessionMedia m = media.get(sessionId);
        try {
            if (m != null && !sessions.isOpen(sessionId)) {
                letGo(m);
            }
        } catch (RuntimeException e) {
            log.warn("Could not check session {}: {}", sessionId, e.getMessage());
        }
    }

    /** Number of sessions with a transport on this instance. */
    public int transportCount() {
        return media.size();
    }

    /** For tests and diagnostics: the sessions that have a transport on this instance. */
    public Set<UUID> sessionsWithMedia() {
        return Set.copyOf(media.keySet());
    }

    /** For tests and diagnostics: the transport of a session on this instance, or null. */
    public WebRtcTransport transportOf(UUID sessionId) {
        SessionMedia m = media.get(sessionId);
        return m == null ? null : m.transport;
    }

    /** For tests and diagnostics: the session's audio producer on this instance (kept after its transport closed), or null. */
    public Producer producerOf(UUID sessionId) {
        SessionMedia m = media.get(sessionId);
        return m == null ? null : m.producer;
    }

    private Session openSession(AuthenticatedDevice caller, UUID sessionId) {
        Session session = sessions.get(caller, sessionId);
        if (!session.status().isOpen()) {
            throw ServiceException.conflict("session_closed", "Session is " + session.status().wire());
        }
        return session;
    }

    /**
     * The session's open transport for connect, produce and the like. An open transport here proves the session
     * open on this instance (ending or expiring it here removes the entry first, see {@link #onSessionClosed}) and
     * names its owner, so the session is only read (cache or database) when that check fails, to answer 404/409
     * exactly as before: these calls are on every client's connect path.
     */
    private SessionMedia mediaOf(AuthenticatedDevice caller, UUID sessionId) {
        SessionMedia m = media.get(sessionId);
        if (m != null && m.userId.equals(caller.userId()) && !m.transport.isClosed()) {
            return m;
        }
        openSession(caller, sessionId);
        m = media.get(sessionId);
        if (m == null || m.transport.isClosed()) {
            throw ServiceException.conflict("no_transport", "This session has no open transport; create one first");
        }
        return m;
    }

    /**
     * Every {@code SESSION_EXTEND_INTERVAL}: extends the expiry of sessions with audio flowing, and lets go of the
     * media of sessions that are no longer open. Ending or expiring a session on this instance closes its transport
     * at once ({@link #onSessionClosed}), and by another instance through the relay ({@link #closeIfClosedElsewhere});
     * this check finds those whose relay message was lost. When the database cannot answer, nothing is closed.
     */
    private void checkSessions() {
        long now = System.nanoTime();
        for (SessionMedia m : media.values()) {
            try {
                boolean flowing = m.lastAudioNanos != 0 && now - m.lastAudioNanos < AUDIO_RECENT_NANOS;
                boolean open = flowing ? sessions.extendExpiry(m.sessionId) : sessions.isOpen(m.sessionId);
                if (!open) {
                    letGo(m);
                }
            } catch (RuntimeException e) {
                log.warn("Could not check session {}: {}", m.sessionId, e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        extender.shutdownNow();
        control.shutdownNow();
        media.values().forEach(m -> m.transport.close());
        media.clear();
    }

    /** Transport events arrive on media threads; anything touching the database is handed to {@link #control}. */
    private final class Listener implements TransportListener {
        private final UUID sessionId;
        private final UserTransportQuota.Lease lease;
        private final java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean();
        /** Set right after the transport is created, before its DTLS can connect. */
        volatile SessionDataChannels data;

        Listener(UUID sessionId, UserTransportQuota.Lease lease) {
            this.sessionId = sessionId;
            this.lease = lease;
        }

        @Override
        public void onStateChanged(TransportState state) {
            if (state == TransportState.CONNECTED && connected.compareAndSet(false, true)) {
                MediaMetrics mm = metrics.get();
                if (mm != null) {
                    mm.connected();
                }
                control.execute(() -> {
                    try {
                        sessions.markActive(sessionId);
                    } catch (RuntimeException e) {
                        log.warn("Could not mark session {} active: {}", sessionId, e.getMessage());
                    }
                });
            }
        }

        /** A channel the client opened with DCEP carries the session's audio chunks just like a produced one. */
        @Override
        public DataMessageListener onDataChannelOpened(DataProducer producer) {
            return data;
        }

        @Override
        public void onClosed(CloseReason reason) {
            lease.release();
            SessionDataChannels d = data;
            if (d != null) {
                d.close();
            }
            MediaMetrics mm = metrics.get();
            if (mm != null) {
                mm.transportClosed(reason);
            }
            if (connected.compareAndSet(true, false) && mm != null) {
                mm.disconnected();
            }
            if (reason != CloseReason.CLOSED_BY_APP) {
                log.info("Transport of session {} closed: {}", sessionId, reason);
            }
            for (SessionAudioListener l : listeners()) {
                l.onAudioEnded(sessionId);
            }
        }
    }
}
