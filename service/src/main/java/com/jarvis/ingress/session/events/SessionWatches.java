package com.jarvis.ingress.session.events;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.session.SessionService;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;

/**
 * Opens a watch of a session for its owner, the same way for SSE and gRPC: {@link #open} checks ownership (an
 * unknown or foreign session is "not found") and takes a place under the caps; the transport then hooks its
 * cancellation to the subscription and calls {@link #start}, which reads the snapshot and starts writing.
 */
public class SessionWatches {
    private final SessionService sessions;
    private final SessionEventHub hub;
    private final ObjectMapper json;

    public SessionWatches(SessionService sessions, SessionEventHub hub, ObjectMapper json) {
        this.sessions = sessions;
        this.hub = hub;
        this.json = json;
    }

    public Subscription open(AuthenticatedDevice caller, UUID sessionId, EventSink sink) {
        sessions.get(caller, sessionId);
        return hub.subscribe(caller.userId(), sessionId, sink);
    }

    /** Read after subscribing, so nothing published in between is missed (duplicates are filtered). */
    public void start(AuthenticatedDevice caller, Subscription subscription) {
        try {
            hub.awaitRelay(subscription.sessionId());
            SessionSnapshot snapshot = SessionSnapshot.of(sessions.get(caller, subscription.sessionId()), json);
            subscription.start(snapshot.events(), snapshot.finals());
        } catch (RuntimeException e) {
            subscription.release();
            throw e;
        }
    }
}
