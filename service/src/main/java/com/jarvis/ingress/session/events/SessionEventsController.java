package com.jarvis.ingress.session.events;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.session.SessionIds;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/session/{sessionId}/events}: the session's events as Server-Sent Events, for its owner. Errors
 * (404 unknown/foreign/malformed id, 429 too many streams) are JSON, answered before the stream starts.
 */
@RestController
public class SessionEventsController {
    private final SessionWatches watches;
    private final ObjectMapper json;

    public SessionEventsController(SessionWatches watches, ObjectMapper json) {
        this.watches = watches;
        this.json = json;
    }

    @GetMapping(path = "/api/session/{sessionId}/events")
    public SseEmitter events(AuthenticatedDevice caller, @PathVariable String sessionId, HttpServletResponse response) {
        UUID id = SessionIds.parseOrNotFound(sessionId);
        // No timeout: the stream lasts as long as the session; heartbeats find dead clients.
        SseEmitter emitter = new SseEmitter(0L);
        Subscription subscription = watches.open(caller, id, new SseEventSink(emitter, json));
        emitter.onCompletion(subscription::release);
        emitter.onTimeout(subscription::release);
        emitter.onError(e -> subscription.release());
        watches.start(caller, subscription);
        // Proxies such as nginx must pass events on as they come.
        response.setHeader("X-Accel-Buffering", "no");
        return emitter;
    }
}
