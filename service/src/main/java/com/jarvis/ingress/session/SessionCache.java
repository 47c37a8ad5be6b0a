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
 * Read-through cache of sessions. A cache failure is a cache miss. Every write to a session replaces its entry with
 * a short-lived "changed" mark rather than deleting it, and what a reader loaded from the database goes in only
 * where there is no entry at all: a reader that loaded the session just before a write can then never cache the old
 * session over the write (with a delete, it would have served the old one, an ended session as open, for the whole
 * TTL). While the mark lives, reads go to the database.
 */
@Component
public class SessionCache {
    static final Duration TTL = Duration.ofMinutes(5);
    /** Longer than a load's database read and cache write take, short enough to cost few extra reads. */
    static final Duration CHANGED_TTL = Duration.ofSeconds(1);
    private static final String CHANGED = "changed";

    private final KeyValueCache cache;
    private final ObjectMapper json;

    public SessionCache(KeyValueCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    public Optional<Session> get(UUID id) {
        return cache.get(CacheKeys.session(id)).flatMap(text -> {
            if (CHANGED.equals(text)) {
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

    /** A session loaded from the database: cached only if nothing is, not even a write's mark. */
    public void fill(Session session) {
        cache.putIfAbsent(CacheKeys.session(session.id()), json.writeValueAsString(session), TTL);
    }

    /** After a write to the session has been stored. */
    public void evict(UUID id) {
        cache.replace(CacheKeys.session(id), CHANGED, CHANGED_TTL);
    }
}
