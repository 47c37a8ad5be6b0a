package com.jarvis.ingress.session.events;

import com.jarvis.ingress.session.Session;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.SessionViews;
import com.jarvis.ingress.session.Transcript;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a watcher receives first: the session's state, then the final transcripts kept in
 * {@code contextData.transcript}. The client may have written anything there (PATCH replaces contextData), so
 * entries that are not {@code {text, confidence, at}} objects are skipped.
 */
public record SessionSnapshot(List<SessionEvent> events, Set<String> finals) {

    public static SessionSnapshot of(Session s, ObjectMapper json) {
        List<SessionEvent> events = new ArrayList<>();
        Set<String> finals = new HashSet<>();
        events.add(new SessionEvent.State(s.id(), s.status(), s.endedAt() != null ? s.endedAt() : s.updatedAt()));
        JsonNode entries = json.readTree(s.contextData()).path("transcript");
        if (entries.isArray()) {
            int skip = Math.max(0, entries.size() - SessionService.MAX_TRANSCRIPT_ENTRIES);
            for (JsonNode e : entries) {
                if (skip-- > 0 || !e.isObject() || !e.path("text").isString()) {
                    continue;
                }
                Transcript t = new Transcript(e.path("text").asString(), true,
                        e.path("confidence").isNumber() ? e.path("confidence").floatValue() : 0f,
                        instant(e.path("at")));
                events.add(new SessionEvent.Heard(s.id(), t));
                finals.add(key(t));
            }
        }
        return new SessionSnapshot(List.copyOf(events), Set.copyOf(finals));
    }

    /** Identifies a final transcript as stored: its time (ms) and text (as truncated when stored). */
    public static String key(Transcript t) {
        String text = t.text().length() > SessionService.MAX_TRANSCRIPT_TEXT
                ? t.text().substring(0, SessionService.MAX_TRANSCRIPT_TEXT) : t.text();
        return SessionViews.iso(t.at()) + '\u0000' + text;
    }

    private static Instant instant(JsonNode at) {
        if (!at.isString()) {
            return null;
        }
        try {
            return Instant.parse(at.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
