package com.jarvis.ingress.session;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.observability.IngressMetrics;
import com.jarvis.ingress.error.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The rules of sessions, shared by REST and gRPC: creation with validated configuration, reads through the cache,
 * updates of context and voice, ending, listing, and expiry. A user never sees another user's session: it is
 * "not found", exactly like an unknown id.
 */
@Service
public class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    public static final int MAX_CONTEXT_BYTES = 64 * 1024;
    public static final int MAX_METADATA_BYTES = 4 * 1024;
    public static final int MAX_PAGE = 100;
    /** contextData.transcript keeps the latest final transcripts, at most this many... */
    public static final int MAX_TRANSCRIPT_ENTRIES = 200;
    /** ...and at most this much text each (recognisers do not return more for one utterance). */
    public static final int MAX_TRANSCRIPT_TEXT = 2000;

    private final SessionRepository repository;
    private final SessionCache cache;
    private final IngressConfig config;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectProvider<SessionLifecycleListener> listeners;
    /** Resolved once (a bean factory lookup per change otherwise); absent until the events feature starts. */
    private final SingletonSupplier<SessionEventPublisher> events;
    private final IngressMetrics metrics;

    public SessionService(SessionRepository repository, SessionCache cache, IngressConfig config, ObjectMapper json,
                          TransactionTemplate tx, Clock clock, ObjectProvider<SessionLifecycleListener> listeners,
                          ObjectProvider<SessionEventPublisher> events, IngressMetrics metrics) {
        this.repository = repository;
        this.cache = cache;
        this.config = config;
        this.json = json;
        this.tx = tx;
        this.clock = clock;
        this.listeners = listeners;
        this.events = SingletonSupplier.of(events::getIfAvailable);
        this.metrics = metrics;
    }

    /** Stores a pending session with the requested audio and voice over the defaults. */
    public Session create(AuthenticatedDevice caller, CreateSession command) {
        AudioConfig audio = command.audio().applyTo(AudioConfig.DEFAULT);
        VoiceConfig voice = command.voice().applyTo(VoiceConfig.DEFAULT);
        String metadata = bounded(command.metadata(), "metadata", MAX_METADATA_BYTES);
        Instant now = now();
        Session session = new Session(UUID.randomUUID(), caller.userId(), caller.deviceId(), SessionStatus.PENDING,
                audio, voice, metadata, "{}", now, now, now.plus(config.sessionTtl()), null, null);
        repository.insert(session);
        // Cached now: the client's next calls (WebRTC transport/create, WHIP) read it at once, and a miss would cost
        // a database query on the connect path, in the same pool as a burst of registrations.
        cache.put(session);
        metrics.sessionCreated();
        return session;
    }

    /** The caller's session, from the cache when it is there. */
    public Session get(AuthenticatedDevice caller, UUID id) {
        Session session = current(id).orElseThrow(SessionService::notFound);
        if (!session.userId().equals(caller.userId())) {
            throw notFound();
        }
        return session;
    }

    /** Replaces contextData and/or updates voiceConfig of an open session; audioConfig is fixed at creation. */
    public Session update(AuthenticatedDevice caller, UUID id, UpdateSession command) {
        String newContext = command.contextData() == null ? null
                : bounded(command.contextData(), "contextData", MAX_CONTEXT_BYTES);
        Session current = ownedFromDatabase(caller, id);
        String context = newContext == null ? current.contextData() : newContext;
        VoiceConfig voice = command.voice() == null ? current.voiceConfig() : command.voice().applyTo(current.voiceConfig());
        Instant now = now();
        boolean updated = repository.updateConfig(id, context, voice, now);
        cache.evict(id);
        if (!updated) {
            throw ServiceException.conflict("session_closed", "Session is " + current.status().wire() + " and can no longer change");
        }
        return repository.find(id).orElseThrow(SessionService::notFound);
    }

    /** Ends the session (idempotent for one already ended or expired) and releases its resources. */
    public void end(AuthenticatedDevice caller, UUID id) {
        Session current = ownedFromDatabase(caller, id);
        boolean ended = repository.end(id, now());
        cache.evict(id);
        if (ended) {
            Session closed = repository.find(id).orElse(current);
            publishState(id, closed.status(), closed.endedAt() == null ? closed.updatedAt() : closed.endedAt());
            notifyClosed(closed);
        }
    }

    public SessionPage list(AuthenticatedDevice caller, Integer limit, String cursor, String status) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ServiceException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        SessionStatus filter = null;
        if (status != null) {
            try {
                filter = SessionStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("status", "must be one of pending, active, ended, expired");
            }
        }
        SessionCursor after = cursor == null || cursor.isEmpty() ? null : SessionCursor.decode(cursor);
        List<SessionRepository.Listed> rows = repository.listByUser(caller.userId(), after, filter, size + 1);
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = new SessionCursor(rows.get(size - 1).seq()).encode();
        }
        return new SessionPage(rows.stream().map(SessionRepository.Listed::session).toList(), next);
    }

    /**
     * Expires sessions past their expiresAt, in batches. Row locks with SKIP LOCKED make each session expire in
     * exactly one instance even when several sweep the same database at once; its listeners run once.
     *
     * @return how many sessions this call expired
     */
    public int expireDue(int batchSize) {
        int total = 0;
        while (true) {
            Instant now = now();
            List<Session> expired = tx.execute(s -> {
                List<Session> due = repository.lockExpired(now, batchSize);
                due.forEach(d -> repository.markExpired(d.id(), now));
                return due;
            });
            if (expired == null || expired.isEmpty()) {
                return total;
            }
            for (Session s : expired) {
                cache.evict(s.id());
                publishState(s.id(), SessionStatus.EXPIRED, now);
                notifyClosed(s);
            }
            total += expired.size();
            if (expired.size() < batchSize) {
                return total;
            }
        }
    }

    /** Marks the session active (its media transport connected on this instance). */
    public void markActive(UUID id) {
        Instant now = now();
        boolean activated = repository.activate(id, config.instanceId(), now);
        cache.evict(id);
        if (activated) {
            publishState(id, SessionStatus.ACTIVE, now);
        }
    }

    /**
     * The session as stored (through the cache), whoever owns it: for the event hub's periodic re-check of watched
     * sessions, which may change on another instance. Never hand it to a caller without checking ownership.
     */
    public Optional<Session> current(UUID id) {
        Optional<Session> cached = cache.get(id);
        if (cached.isPresent()) {
            return cached;
        }
        String lease = cache.beginFill(id);
        Optional<Session> loaded = repository.find(id);
        loaded.ifPresent(s -> cache.fill(lease, s));
        return loaded;
    }

    /**
     * Keeps a session with flowing media alive: expiresAt = now + SESSION_TTL. False when it is no longer open
     * (ended or expired, maybe by another instance), read from the database: its media here can be let go.
     */
    public boolean extendExpiry(UUID id) {
        Instant now = now();
        if (repository.extend(id, now.plus(config.sessionTtl()), now)) {
            cache.evict(id);
            return true;
        }
        return repository.find(id).map(s -> s.status().isOpen()).orElse(false);
    }

    /** Whether the session is still open, through the cache (ending or expiring it on any instance evicts it). */
    public boolean isOpen(UUID id) {
        return current(id).map(s -> s.status().isOpen()).orElse(false);
    }

    /**
     * Records what speech recognition heard. A final transcript is appended to {@code contextData.transcript}
     * (an array of {@code {text, confidence, at}}, oldest dropped beyond {@link #MAX_TRANSCRIPT_ENTRIES} or when
     * contextData would exceed its size limit); interim ones are not stored. Only open sessions change. Watchers
     * of the session get every transcript, interim or final, once a final one is stored.
     *
     * @return false when the session is unknown or no longer open
     */
    public boolean recordTranscript(UUID id, Transcript transcript) {
        if (!transcript.isFinal() || transcript.text().isBlank()) {
            // Through the cache: recognisers send several interim results a second per session.
            boolean open = isOpen(id);
            if (open && !transcript.text().isBlank()) {
                publishTranscript(id, transcript);
            }
            return open;
        }
        Boolean stored = tx.execute(status -> {
            Session current = repository.findForUpdate(id).orElse(null);
            if (current == null || !current.status().isOpen()) {
                return false;
            }
            String context = TranscriptLog.append(json, current.contextData(), transcript, MAX_TRANSCRIPT_ENTRIES,
                    MAX_TRANSCRIPT_TEXT, MAX_CONTEXT_BYTES);
            return repository.updateContext(id, context, now());
        });
        cache.evict(id);
        if (Boolean.TRUE.equals(stored)) {
            publishTranscript(id, transcript);
            return true;
        }
        return false;
    }

    private Session ownedFromDatabase(AuthenticatedDevice caller, UUID id) {
        Session s = repository.find(id).orElseThrow(SessionService::notFound);
        if (!s.userId().equals(caller.userId())) {
            throw notFound();
        }
        return s;
    }

    private void publishState(UUID id, SessionStatus status, Instant at) {
        publish(id, p -> p.stateChanged(id, status, at));
    }

    private void publishTranscript(UUID id, Transcript transcript) {
        publish(id, p -> p.transcript(id, transcript));
    }

    /** The change is stored already: telling watchers must never make it fail. */
    private void publish(UUID id, java.util.function.Consumer<SessionEventPublisher> call) {
        SessionEventPublisher publisher = events.get();
        if (publisher != null) {
            try {
                call.accept(publisher);
            } catch (RuntimeException e) {
                log.error("Publishing an event of session {} failed", id, e);
            }
        }
    }

    private void notifyClosed(Session session) {
        for (SessionLifecycleListener l : listeners) {
            try {
                l.onSessionClosed(session);
            } catch (RuntimeException e) {
                log.error("Releasing resources of session {} failed", session.id(), e);
            }
        }
    }

    private static String bounded(JsonDocument document, String field, int maxBytes) {
        if (document.utf8Length() > maxBytes) {
            throw ServiceException.invalid(field, "must be at most " + maxBytes / 1024 + " KiB of JSON");
        }
        return document.text();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static ServiceException notFound() {
        return ServiceException.notFound("Session not found");
    }
}
