package com.jarvis.ingress.session.events;

import com.jarvis.ingress.scheduling.DaemonThreads;
import com.jarvis.ingress.session.SessionEventPublisher;
import com.jarvis.ingress.session.Session;
import com.jarvis.ingress.session.SessionClosedElsewhere;
import com.jarvis.ingress.session.SessionStatus;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.error.ServiceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Fans session events out to this instance's watchers, within bounds: at most maxWatchersPerUser streams per user
 * and maxWatchers in all (refused with 429 / 503 beyond), a bounded queue per watcher (the oldest event is dropped
 * and counted when a watcher lags), and writer threads that never outnumber the watchers. Publishers only append
 * to queues. A scheduler sends heartbeats and re-reads watched sessions' status, so an end or expiry that
 * happened on another instance still closes the streams here.
 */
public class SessionEventHub implements SessionEventPublisher, SessionClosedElsewhere, SmartLifecycle {
    static final String DROP_QUEUE_FULL = "queue_full";
    static final String DROP_OVERLOAD = "overload";
    private static final Logger log = LoggerFactory.getLogger(SessionEventHub.class);

    private final EventsConfig config;
    private final Function<UUID, Optional<Session>> current;
    private final EventRelay relay;
    private final Map<UUID, Set<Subscription>> bySession = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ThreadPoolExecutor writers;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Subscription.Hooks hooks;
    private final Counter droppedQueueFull;
    private final Counter droppedOverload;
    private final Counter sentState;
    private final Counter sentTranscript;
    private final Counter refusedUser;
    private final Counter refusedInstance;
    private volatile boolean running = true;
    private boolean stopped;
    private volatile Consumer<UUID> closedElsewhere = id -> { };

    /** @param current reads a session as stored now ({@link com.jarvis.ingress.session.SessionService#current}) */
    public SessionEventHub(EventsConfig config, Function<UUID, Optional<Session>> current, MeterRegistry registry) {
        this(config, current, EventRelay.NONE, registry);
    }

    /** @param relay carries events to and from the other instances */
    public SessionEventHub(EventsConfig config, Function<UUID, Optional<Session>> current, EventRelay relay,
                           MeterRegistry registry) {
        this.config = config;
        this.current = current;
        this.relay = relay;
        // One writer per watcher at most (each has at most one task in flight), and none kept while idle: a watcher
        // stuck in a blocking write holds only its own thread.
        this.writers = new ThreadPoolExecutor(0, config.maxWatchers() + 16, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), DaemonThreads.numbered("session-events-writer"));
        this.scheduler = new ScheduledThreadPoolExecutor(2, DaemonThreads.numbered("session-events-scheduler"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        Gauge.builder("ingress.session.watchers", total, AtomicInteger::get)
                .description("Session event streams (SSE and gRPC WatchSession) open on this instance")
                .register(registry);
        this.droppedQueueFull = dropCounter(registry, DROP_QUEUE_FULL);
        this.droppedOverload = dropCounter(registry, DROP_OVERLOAD);
        this.sentState = sentCounter(registry, "state");
        this.sentTranscript = sentCounter(registry, "transcript");
        this.refusedUser = refusedCounter(registry, "user_limit");
        this.refusedInstance = refusedCounter(registry, "instance_limit");
        this.hooks = new Subscription.Hooks() {
            @Override
            public void released(Subscription s) {
                unregister(s);
            }

            @Override
            public void dropped(String reason) {
                (DROP_OVERLOAD.equals(reason) ? droppedOverload : droppedQueueFull).increment();
            }

            @Override
            public void sent(SessionEvent e) {
                (e instanceof SessionEvent.State ? sentState : sentTranscript).increment();
            }
        };
        long period = config.heartbeat().toMillis();
        relay.start(this::relayed);
        scheduler.scheduleWithFixedDelay(this::heartbeats, period, period, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::recheck, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a watcher of the session (not yet started: see {@link Subscription#start}).
     *
     * @throws ServiceException TOO_MANY_REQUESTS {@code too_many_watchers} over the user's cap, UNAVAILABLE {@code watchers_unavailable}
     *                      over the instance's or while shutting down
     */
    public Subscription subscribe(UUID userId, UUID sessionId, EventSink sink) {
        if (!running) {
            throw ServiceException.unavailable("watchers_unavailable", "The service is shutting down; reconnect");
        }
        if (total.incrementAndGet() > config.maxWatchers()) {
            total.decrementAndGet();
            refusedInstance.increment();
            throw ServiceException.unavailable("watchers_unavailable",
                    "This instance serves its maximum of session event streams; retry shortly");
        }
        boolean[] admitted = {false};
        perUser.compute(userId, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= config.maxWatchersPerUser()) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            refusedUser.increment();
            throw new ServiceException(ServiceException.Kind.TOO_MANY_REQUESTS, "too_many_watchers",
                    "At most " + config.maxWatchersPerUser() + " session event streams per user at a time; close one first");
        }
        Subscription s = new Subscription(userId, sessionId, sink, config.queueCapacity(), writers, hooks);
        // compute, not computeIfAbsent + add: the last watcher leaving removes the set atomically with it
        bySession.compute(sessionId, (k, set) -> {
            Set<Subscription> watchers = set;
            if (watchers == null) {
                watchers = ConcurrentHashMap.newKeySet();
                relay.watch(k);
            }
            watchers.add(s);
            return watchers;
        });
        return s;
    }

    /** A change made on this instance: its watchers here, and through the relay those of other instances. */
    @Override
    public void stateChanged(UUID sessionId, SessionStatus status, Instant at) {
        SessionEvent e = new SessionEvent.State(sessionId, status, at);
        deliver(e);
        relay.publish(e);
    }

    @Override
    public void transcript(UUID sessionId, Transcript transcript) {
        SessionEvent e = new SessionEvent.Heard(sessionId, transcript);
        deliver(e);
        relay.publish(e);
    }

    /** From another instance: to the watchers here, and a closing state to whoever holds the session's media. */
    private void relayed(SessionEvent event) {
        deliver(event);
        if (event instanceof SessionEvent.State state && !state.status().isOpen()) {
            closedElsewhere.accept(state.sessionId());
        }
    }

    @Override
    public void watch(UUID sessionId) {
        relay.watch(sessionId);
    }

    @Override
    public void unwatch(UUID sessionId) {
        relay.unwatch(sessionId);
    }

    @Override
    public void onClosed(Consumer<UUID> receiver) {
        this.closedElsewhere = receiver;
    }

    private void deliver(SessionEvent event) {
        Set<Subscription> subs = bySession.get(event.sessionId());
        if (subs != null) {
            for (Subscription s : subs) {
                s.offer(event);
            }
        }
    }

    /** See {@link EventRelay#awaitWatching}. */
    public void awaitRelay(UUID sessionId) {
        relay.awaitWatching(sessionId);
    }

    /** Watchers open on this instance now. */
    public int watchers() {
        return total.get();
    }

    /** Watchers of one user open on this instance now. */
    public int watchers(UUID userId) {
        return perUser.getOrDefault(userId, 0);
    }

    private void unregister(Subscription s) {
        bySession.computeIfPresent(s.sessionId(), (k, set) -> {
            set.remove(s);
            if (set.isEmpty()) {
                relay.unwatch(k);
                return null;
            }
            return set;
        });
        perUser.computeIfPresent(s.userId(), (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    void heartbeats() {
        for (Set<Subscription> subs : bySession.values()) {
            subs.forEach(Subscription::heartbeat);
        }
    }

    /** Statuses changed elsewhere (another instance's sweeper or media) reach this instance's watchers. */
    void recheck() {
        for (UUID id : List.copyOf(bySession.keySet())) {
            try {
                // Only to the watchers here: every instance re-reads for its own.
                current.apply(id).ifPresent(s -> deliver(new SessionEvent.State(id, s.status(),
                        s.endedAt() != null ? s.endedAt() : s.updatedAt())));
            } catch (RuntimeException e) {
                log.debug("Re-reading watched session {} failed: {}", id, e.getMessage());
            }
        }
    }

    /** Cuts every stream (clients reconnect to another instance) and stops the threads. */
    public synchronized void shutdown() {
        if (stopped) {
            return; // also the bean's inferred destroy method, after the lifecycle stop
        }
        stopped = true;
        running = false;
        scheduler.shutdownNow();
        List<Subscription> all = new ArrayList<>();
        bySession.values().forEach(all::addAll);
        all.forEach(s -> s.abort("shutting_down"));
        relay.close();
        writers.shutdown();
        try {
            if (!writers.awaitTermination(2, TimeUnit.SECONDS)) {
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }

    private static Counter dropCounter(MeterRegistry registry, String reason) {
        return Counter.builder("ingress.session.events.dropped")
                .description("Session events not delivered to a watcher: its queue was full, or no writer was left")
                .tag("reason", reason).register(registry);
    }

    private static Counter sentCounter(MeterRegistry registry, String type) {
        return Counter.builder("ingress.session.events.sent").description("Session events written to watchers")
                .tag("type", type).register(registry);
    }

    private static Counter refusedCounter(MeterRegistry registry, String reason) {
        return Counter.builder("ingress.session.watchers.refused")
                .description("Session event streams refused by the per-user or per-instance cap")
                .tag("reason", reason).register(registry);
    }

    @Override
    public void start() {
        // Running from construction: watchers may subscribe as soon as the web server takes requests.
    }

    /** Before the web and gRPC servers drain (higher phase stops first): open streams would hold their drain. */
    @Override
    public void stop() {
        if (running) {
            shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
