package com.jarvis.ingress.session;

import com.jarvis.ingress.cache.CacheKeys;
import com.jarvis.ingress.cache.KeyValueCache;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/** Read-through cache of sessions; every write to a session evicts it. A cache failure is a cache miss. */
@Component
public class SessionCache {
    static final Duration TTL = Duration.ofMinutes(5);

    private final KeyValueCache cache;
    private final ObjectMapper json;

    public SessionCache(KeyValueCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    public Optional<Session> get(UUID id) {
        return cache.get(CacheKeys.session(id)).flatMap(text -> {
            try {
                return Optional.of(json.readValue(text, Session.class));
            } catch (JacksonException e) {
                // Written by another version of the service: ignore it and reload from the database.
                cache.delete(CacheKeys.session(id));
                return Optional.empty();
            }
        });
    }

    public void put(Session session) {
        cache.put(CacheKeys.session(session.id()), json.writeValueAsString(session), TTL);
    }

    public void evict(UUID id) {
        cache.delete(CacheKeys.session(id));
    }
}
