package com.jarvis.ingress.session;

import com.jarvis.ingress.cache.CacheKeys;
import com.jarvis.ingress.cache.KeyValueCache;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Read-through cache of sessions. A cache failure is a cache miss. A reader that missed takes a lease on the key
 * before it reads the database ({@link #beginFill}), and what it read goes in only if the key still holds that lease
 * ({@link #fill}); every write to a session replaces its entry with a short-lived "changed" mark, which replaces any
 * lease too. So a reader that loaded the session before a write can never cache the old session over it (an ended
 * session served as open for the whole TTL), however long it took between its read and its cache write. The mark
 * also keeps other readers on the database for a second after a write, which is what protected against that race
 * before leases (instances of the previous version still fill without one).
 */
@Component
public class SessionCache {
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration CHANGED_TTL = Duration.ofSeconds(1);
    /** A fill slower than this caches nothing (its lease is gone); until then other readers of the key use the database. */
    static final Duration LEASE_TTL = Duration.ofSeconds(5);
    private static final String CHANGED = "changed";

    private final KeyValueCache cache;
    private final ObjectMapper json;

    public SessionCache(KeyValueCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    public Optional<Session> get(UUID id) {
        return cache.get(CacheKeys.session(id)).flatMap(text -> {
            if (CHANGED.equals(text) || KeyValueCache.isLease(text)) {
                return Optional.empty();
            }
            try {
                return Optional.of(json.readValue(text, Session.class));
            } catch (JacksonException e) {
                // Written by another version of the service: ignore it and reload from the database.
                cache.delete(CacheKeys.session(id));
                return Optional.empty();
            }
        });
    }

    /** A session just created (its id is new: nothing can be cached for it yet). */
    public void put(Session session) {
        cache.put(CacheKeys.session(session.id()), json.writeValueAsString(session), TTL);
    }

    /**
     * Before a miss reads the session from the database: the lease its {@link #fill} needs, or null when nothing may
     * be cached now (an entry, a write's mark or another reader's lease is there).
     */
    public String beginFill(UUID id) {
        return cache.lease(CacheKeys.session(id), LEASE_TTL);
    }

    /** The session that read loaded: cached only if no write has happened to the key since the lease was taken. */
    public void fill(String lease, Session session) {
        if (lease != null) {
            cache.putIfLeased(CacheKeys.session(session.id()), lease, json.writeValueAsString(session), TTL);
        }
    }

    /** After a write to the session has been stored. */
    public void evict(UUID id) {
        cache.replace(CacheKeys.session(id), CHANGED, CHANGED_TTL);
    }
}
