package com.jarvis.ingress.session;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.error.ServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/session/*} of the spec, plus PATCH (context and voice) and {@code GET /api/sessions}. */
@RestController
public class SessionController {
    private final SessionService sessions;
    private final SessionViews views;
    private final SessionRequests requests;

    public SessionController(SessionService sessions, SessionViews views, ObjectMapper json) {
        this.sessions = sessions;
        this.views = views;
        this.requests = new SessionRequests(json);
    }

    @PostMapping(path = "/api/session/create", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> create(AuthenticatedDevice caller, @RequestBody(required = false) JsonNode body) {
        return views.created(sessions.create(caller, requests.create(body)));
    }

    @GetMapping(path = "/api/session/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> get(AuthenticatedDevice caller, @PathVariable String sessionId) {
        return views.detail(sessions.get(caller, parseId(sessionId)));
    }

    @PatchMapping(path = "/api/session/{sessionId}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> update(AuthenticatedDevice caller, @PathVariable String sessionId,
                                      @RequestBody JsonNode body) {
        return views.detail(sessions.update(caller, parseId(sessionId), requests.update(body)));
    }

    @DeleteMapping(path = "/api/session/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> end(AuthenticatedDevice caller, @PathVariable String sessionId) {
        sessions.end(caller, parseId(sessionId));
        return Map.of("success", true, "message", "Session ended successfully");
    }

    @GetMapping(path = "/api/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(AuthenticatedDevice caller,
                                    @RequestParam(required = false) String limit,
                                    @RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) String status) {
        Integer size = null;
        if (limit != null) {
            try {
                size = Integer.valueOf(limit);
            } catch (NumberFormatException e) {
                throw ServiceException.invalid("limit", "must be an integer");
            }
        }
        SessionPage page = sessions.list(caller, size, cursor, status);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessions", page.sessions().stream().map(views::detail).toList());
        m.put("nextCursor", page.nextCursor());
        return m;
    }

    /** Malformed ids answer 404 like unknown ones: they name no session. */
    static UUID parseId(String text) {
        return SessionIds.parseOrNotFound(text);
    }
}
