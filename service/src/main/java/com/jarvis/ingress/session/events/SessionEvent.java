package com.jarvis.ingress.session.events;

import com.jarvis.ingress.session.SessionStatus;
import com.jarvis.ingress.session.Transcript;
import java.time.Instant;
import java.util.UUID;

/** What a watcher of a session receives: its state, and what speech recognition heard. */
public sealed interface SessionEvent {
    UUID sessionId();

    /** The session's status (now, or as of {@code at}). A closed status is the last event of a stream. */
    record State(UUID sessionId, SessionStatus status, Instant at) implements SessionEvent {
        public boolean closes() {
            return !status.isOpen();
        }
    }

    /** A transcript, interim or final. */
    record Heard(UUID sessionId, Transcript transcript) implements SessionEvent {
    }
}
