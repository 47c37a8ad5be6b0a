package com.jarvis.ingress.session;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.ObjectMapper;

/** The JSON shapes of sessions in responses; timestamps are ISO-8601 UTC with milliseconds, as in the spec. */
@Component
public class SessionViews {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    /** Resolved once: a bean factory lookup per rendered session was a measurable share of a cached get. */
    private final SingletonSupplier<SessionStatsSource> stats;

    public SessionViews(ObjectMapper json, org.springframework.beans.factory.ObjectProvider<SessionStatsSource> stats) {
        this.json = json;
        this.stats = SingletonSupplier.of(stats::getIfAvailable);
    }

    public static String iso(Instant t) {
        return t == null ? null : ISO.format(t);
    }

    public Map<String, Object> created(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", s.id().toString());
        m.put("status", s.status().wire());
        m.put("expiresAt", iso(s.expiresAt()));
        return m;
    }

    public Map<String, Object> detail(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", s.id().toString());
        m.put("status", s.status().wire());
        m.put("contextData", json.readTree(s.contextData()));
        m.put("audioConfig", s.audioConfig());
        m.put("voiceConfig", s.voiceConfig());
        m.put("metadata", json.readTree(s.metadata()));
        m.put("createdAt", iso(s.createdAt()));
        m.put("updatedAt", iso(s.updatedAt()));
        m.put("expiresAt", iso(s.expiresAt()));
        if (s.endedAt() != null) {
            m.put("endedAt", iso(s.endedAt()));
        }
        SessionStatsSource source = stats.get();
        m.put("stats", source == null ? SessionStats.NONE : source.stats(s.id()));
        return m;
    }
}
