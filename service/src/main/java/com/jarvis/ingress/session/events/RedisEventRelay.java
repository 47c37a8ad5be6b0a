package com.jarvis.ingress.session.events;

import com.jarvis.ingress.scheduling.DaemonThreads;
import com.jarvis.ingress.session.SessionStatus;
import com.jarvis.ingress.session.Transcript;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link EventRelay} over Redis pub/sub: one channel per session ({@code session-events:<id>}), published to by
 * whichever instance changes the session, subscribed to only by instances that have watchers of it. Publishing
 * is asynchronous and refused at once while Redis is down (counted); Lettuce re-subscribes after a reconnect, and a
 * Redis unreachable at start-up is retried in the background. Messages carry their origin so an instance ignores
 * its own.
 */
public final class RedisEventRelay implements EventRelay {
    static final String CHANNEL_PREFIX = "session-events:";
    private static final Logger log = LoggerFactory.getLogger(RedisEventRelay.class);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final RedisClient client;
    private final String origin;
    private final ObjectMapper json;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    /**
     * Watches per channel (the session's event watchers here count once, its media once): subscribed from the first
     * to the last. Guarded by this relay's monitor, so SUBSCRIBE and UNSUBSCRIBE go out in the order of the counts.
     */
    private final Map<String, Integer> watchers = new HashMap<>();
    /** SUBSCRIBEs sent and not yet confirmed, for {@link #awaitWatching}. */
    private final Map<String, CompletableFuture<Void>> confirming = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("session-events-relay"));
    private final Counter published;
    private final Counter received;
    private final Counter failed;
    private volatile Consumer<SessionEvent> receiver = e -> { };
    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile boolean closed;

    public RedisEventRelay(String redisUrl, String origin, ObjectMapper json, MeterRegistry registry) {
        this.client = RedisClient.create(RedisURI.create(redisUrl));
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        // A reconnected subscriber gets every watched channel again (subscribing twice is harmless), including
        // those whose SUBSCRIBE was refused while Redis was away.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                StatefulRedisPubSubConnection<String, String> sub = subscriber;
                if (sub != null && connection == sub && !watched.isEmpty()) {
                    retry.execute(() -> resubscribe(sub));
                }
            }
        });
        this.origin = origin;
        this.json = json;
        this.published = relayCounter(registry, "out");
        this.received = relayCounter(registry, "in");
        this.failed = relayCounter(registry, "failed");
    }

    @Override
    public void start(Consumer<SessionEvent> receiver) {
        this.receiver = receiver;
        retry.execute(this::connect);
    }

    /** Connects both connections; on failure tries again later (the service works meanwhile, per instance). */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            if (publisher == null) {
                publisher = client.connect();
            }
            if (subscriber == null) {
                StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        receive(message);
                    }
                });
                subscriber = sub;
                // Watches made while there was no connection.
                resubscribe(sub);
            }
            log.info("Session events are relayed between instances through Redis");
        } catch (RuntimeException e) {
            log.warn("Redis unreachable for relaying session events ({}); retrying in {} s", e.getMessage(),
                    RETRY.toSeconds());
            retry.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void resubscribe(StatefulRedisPubSubConnection<String, String> sub) {
        if (!watched.isEmpty()) {
            try {
                sub.async().subscribe(watched.toArray(String[]::new));
            } catch (RuntimeException e) {
                log.debug("Re-subscribing failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void publish(SessionEvent event) {
        StatefulRedisConnection<String, String> c = publisher;
        if (c == null) {
            failed.increment();
            return;
        }
        try {
            c.async().publish(CHANNEL_PREFIX + event.sessionId(), encode(event)).whenComplete((n, error) -> {
                if (error != null) {
                    failed.increment();
                } else {
                    published.increment();
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
        }
    }

    @Override
    public synchronized void watch(UUID sessionId) {
        String channel = CHANNEL_PREFIX + sessionId;
        if (watchers.merge(channel, 1, Integer::sum) > 1) {
            return; // subscribed already
        }
        watched.add(channel);
        StatefulRedisPubSubConnection<String, String> c = subscriber;
        if (c != null) {
            try {
                CompletableFuture<Void> done = c.async().subscribe(channel).toCompletableFuture();
                confirming.put(channel, done);
                done.whenComplete((v, error) -> confirming.remove(channel, done));
            } catch (RuntimeException e) {
                log.debug("Subscribing to {} failed: {}", channel, e.getMessage());
            }
        }
    }

    @Override
    public void awaitWatching(UUID sessionId) {
        CompletableFuture<Void> done = confirming.get(CHANNEL_PREFIX + sessionId);
        if (done != null) {
            try {
                done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("Subscribing to session {} not confirmed: {}", sessionId, e.toString());
            }
        }
    }

    @Override
    public synchronized void unwatch(UUID sessionId) {
        String channel = CHANNEL_PREFIX + sessionId;
        Integer left = watchers.computeIfPresent(channel, (k, n) -> n <= 1 ? null : n - 1);
        if (left != null || !watched.contains(channel)) {
            return; // still watched by someone else here, or never watched
        }
        watched.remove(channel);
        StatefulRedisPubSubConnection<String, String> c = subscriber;
        if (c != null) {
            try {
                c.async().unsubscribe(channel);
            } catch (RuntimeException e) {
                log.debug("Unsubscribing from {} failed: {}", channel, e.getMessage());
            }
        }
    }

    private void receive(String message) {
        SessionEvent event;
        try {
            JsonNode m = json.readTree(message);
            if (origin.equals(m.path("o").asString())) {
                return;
            }
            event = decode(m);
        } catch (RuntimeException e) {
            log.debug("Ignoring an unreadable relayed session event: {}", e.getMessage());
            return;
        }
        received.increment();
        receiver.accept(event);
    }

    String encode(SessionEvent event) {
        ObjectNode m = json.createObjectNode();
        m.put("o", origin);
        m.put("s", event.sessionId().toString());
        if (event instanceof SessionEvent.State s) {
            m.put("status", s.status().wire());
            if (s.at() != null) {
                m.put("at", s.at().toEpochMilli());
            }
        } else if (event instanceof SessionEvent.Heard h) {
            Transcript t = h.transcript();
            m.put("text", t.text());
            m.put("final", t.isFinal());
            m.put("confidence", t.confidence());
            if (t.at() != null) {
                m.put("at", t.at().toEpochMilli());
            }
        }
        return json.writeValueAsString(m);
    }

    static SessionEvent decode(JsonNode m) {
        UUID id = UUID.fromString(m.path("s").asString());
        Instant at = m.path("at").isNumber() ? Instant.ofEpochMilli(m.path("at").asLong()) : null;
        if (m.has("status")) {
            return new SessionEvent.State(id, SessionStatus.fromWire(m.path("status").asString()), at);
        }
        return new SessionEvent.Heard(id, new Transcript(m.path("text").asString(), m.path("final").asBoolean(),
                m.path("confidence").floatValue(), at));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        retry.shutdownNow();
        StatefulRedisPubSubConnection<String, String> sub = subscriber;
        StatefulRedisConnection<String, String> pub = publisher;
        try {
            if (sub != null) {
                sub.close();
            }
            if (pub != null) {
                pub.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static Counter relayCounter(MeterRegistry registry, String direction) {
        return Counter.builder("ingress.session.events.relayed")
                .description("Session events relayed between instances through Redis: out, in, or failed to publish")
                .tag("direction", direction).register(registry);
    }
}
