package com.jarvis.ingress.asr;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.asr.v1.AudioFrame.Source;
import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.scheduling.DaemonThreads;
import com.jarvis.ingress.session.Session;
import com.jarvis.ingress.session.SessionCache;
import com.jarvis.ingress.session.SessionLifecycleListener;
import com.jarvis.ingress.session.SessionRepository;
import com.jarvis.ingress.webrtc.SessionAudioListener;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * Forwards every session's audio to the ASR gateway (only when ASR_GATEWAY_URL is set): one {@link SessionStream}
 * per session, created at its first audio and ended with {@code end_of_stream} when the session ends or expires.
 * RTP audio comes as PCM, or as undecoded Opus when ASR_AUDIO_ENCODING=opus; data-channel audio is always PCM.
 *
 * <p>Memory is bounded: at most ASR_MAX_SESSIONS streams (audio of further sessions is dropped and counted), each
 * holding at most ASR_BUFFER_MS of audio. A stream whose session shows no audio for {@link #IDLE_END} is ended
 * too (its session may have been closed on another instance); if audio comes back, a new stream carries on with
 * the next sequence number.
 */
public class AsrForwarder implements SessionAudioListener, SessionLifecycleListener, SessionStream.Host,
        DisposableBean {
    static final Duration IDLE_END = Duration.ofMinutes(5);
    static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long BACKOFF_INITIAL_MS = 100;
    static final long BACKOFF_MAX_MS = 5000;

    private final AsrConfig config;
    private final AsrGatewayChannel channel;
    private final AsrMetrics metrics;
    private final TranscriptRelay relay;
    private final SessionCache sessionCache;
    private final SessionRepository sessionRepository;
    private final Map<UUID, SessionStream> streams = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong limitDroppedSamples = new java.util.concurrent.atomic.AtomicLong();
    /** Sessions whose stream ended: the next sequence number, or -1 once the session itself is closed. */
    private final Cache<UUID, Long> ended = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(1)).build();
    /** Sender threads; a session always uses the same one, so its sender work is serial. */
    private final ScheduledExecutorService[] senders;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.numbered("asr-reaper"));

    public AsrForwarder(AsrConfig config, AsrGatewayChannel channel, AsrMetrics metrics, TranscriptRelay relay,
                        SessionCache sessionCache, SessionRepository sessionRepository) {
        this.config = config;
        this.channel = channel;
        this.metrics = metrics;
        this.relay = relay;
        this.sessionCache = sessionCache;
        this.sessionRepository = sessionRepository;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        this.senders = new ScheduledExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            senders[i] = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("asr-sender"));
        }
        reaper.scheduleWithFixedDelay(this::endIdleStreams, 30, 30, TimeUnit.SECONDS);
    }

    // ---- SessionAudioListener: media I/O threads, never blocking ----

    @Override
    public void onAudio(UUID sessionId, AudioFrame frame) {
        SessionStream s = stream(sessionId, frame.sampleCount());
        if (s != null) {
            // Only RTP audio has an RTP timestamp; data-channel audio has -1.
            s.pcm(frame.rtpTimestamp() >= 0 ? Source.RTP : Source.DATA_CHANNEL, frame.pcm(), frame.sampleCount());
        }
    }

    @Override
    public boolean wantsEncodedRtp() {
        return config.encoding() == AsrEncoding.OPUS;
    }

    @Override
    public void onEncodedAudio(UUID sessionId, byte[] packet, int off, int len, int samples) {
        SessionStream s = stream(sessionId, samples);
        if (s != null) {
            s.opus(packet, off, len, samples);
        }
    }

    @Override
    public void onAudioEnded(UUID sessionId) {
        SessionStream s = streams.get(sessionId);
        if (s != null) {
            s.mediaEnded();
        }
    }

    // ---- SessionLifecycleListener ----

    @Override
    public void onSessionClosed(Session session) {
        ended.put(session.id(), -1L);
        SessionStream s = streams.get(session.id());
        if (s != null) {
            s.end();
        }
    }

    /** The session's stream, created at its first audio; null when its audio is not forwarded. */
    private SessionStream stream(UUID sessionId, int samples) {
        SessionStream s = streams.get(sessionId);
        if (s != null) {
            return s;
        }
        Long next = ended.getIfPresent(sessionId);
        if (next != null && next < 0) {
            return null; // late audio of a closed session
        }
        if (streams.size() >= config.maxSessions()) {
            // Counted in frames, like every drop: whole frames' worth of samples over all refused sessions.
            long total = limitDroppedSamples.addAndGet(samples);
            long frames = total / config.frameSamples() - (total - samples) / config.frameSamples();
            metrics.dropped(AsrMetrics.DropReason.session_limit, (int) frames);
            return null;
        }
        long first = next == null ? 0 : next;
        SessionStream[] made = new SessionStream[1];
        SessionStream created = streams.computeIfAbsent(sessionId, id -> made[0] = new SessionStream(id, first,
                config, this, senders[Math.floorMod(id.hashCode(), senders.length)],
                new Backoff(BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, () -> ThreadLocalRandom.current().nextDouble())));
        if (made[0] == created) {
            resolveUser(created);
        }
        return created;
    }

    /** The frames carry the session's user id: looked up once, on the relay's thread (it may hit the database). */
    private void resolveUser(SessionStream s) {
        boolean queued = relay.run(() -> {
            String user = "";
            try {
                user = sessionCache.get(s.sessionId).or(() -> sessionRepository.find(s.sessionId))
                        .map(x -> x.userId().toString()).orElse("");
            } catch (RuntimeException e) {
                // The database is away: frames go without a user id rather than not at all.
            }
            s.userIdResolved(user);
        });
        if (!queued) {
            s.userIdResolved("");
        }
    }

    private void endIdleStreams() {
        long now = System.nanoTime();
        for (SessionStream s : streams.values()) {
            if (!s.ending() && now - s.lastAudioNanos > IDLE_END.toNanos()) {
                s.end();
            }
        }
    }

    // ---- SessionStream.Host ----

    @Override
    public io.grpc.stub.ClientCallStreamObserver<com.jarvis.ingress.asr.v1.AudioFrame> open(
            io.grpc.stub.ClientResponseObserver<com.jarvis.ingress.asr.v1.AudioFrame, AsrEvent> responses) {
        return channel.streamAudio(responses);
    }

    @Override
    public AsrMetrics metrics() {
        return metrics;
    }

    @Override
    public void transcript(UUID sessionId, AsrEvent event) {
        relay.submit(sessionId, event);
    }

    @Override
    public void connectNow() {
        channel.connectNow();
    }

    @Override
    public void finished(SessionStream stream) {
        if (streams.remove(stream.sessionId, stream)) {
            ended.asMap().merge(stream.sessionId, stream.nextSequence(), (old, mine) -> old < 0 ? old : mine);
        }
    }

    @Override
    public long drainTimeoutNanos() {
        return DRAIN_TIMEOUT_NANOS;
    }

    // ---- diagnostics ----

    /** Streams open or draining on this instance. */
    public int streamCount() {
        return streams.size();
    }

    /** Frames buffered for a session now (0 when it has no stream). */
    public int bufferedFrames(UUID sessionId) {
        SessionStream s = streams.get(sessionId);
        return s == null ? 0 : s.bufferedFrames();
    }

    /** Bytes buffered over all sessions now. */
    public long bufferedBytes() {
        return streams.values().stream().mapToLong(SessionStream::bufferedBytes).sum();
    }

    public AsrConfig config() {
        return config;
    }

    @Override
    public void destroy() {
        reaper.shutdownNow();
        for (SessionStream s : streams.values()) {
            ScheduledExecutorService ex = senders[Math.floorMod(s.sessionId.hashCode(), senders.length)];
            try {
                ex.submit(s::abort).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down anyway
            }
        }
        streams.clear();
        for (ScheduledExecutorService ex : senders) {
            ex.shutdownNow();
        }
    }
}
